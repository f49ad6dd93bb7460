package dev.marketfn.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code signals}: keyed by the deterministic signal_id, so a replayed bar never duplicates a call. The first
 * evaluation of a bar is the one kept: a redelivered or out-of-order bar must not overwrite it with an evaluation made
 * with other (or no) history (docs/reliability.md, finding 6), so {@link #insertAllIfAbsent} never updates, and
 * {@link #findAll} returns the calls as stored for a redelivery's reply.
 */
@ApplicationScoped
public class SignalRepository {
    private static final TypeReference<List<AlphaCall.Rationale>> RATIONALE = new TypeReference<>() {
    };
    private static final TypeReference<AlphaCall.Model> MODEL = new TypeReference<>() {
    };

    /**
     * Stores each call unless a call with its signal_id exists, all with one statement (signal_ids distinct). Returns
     * the calls as stored, in order: each call itself when it was inserted, else the existing one, left unchanged.
     */
    public Uni<List<AlphaCall>> insertAllIfAbsent(SqlConnection conn, List<AlphaCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = calls.size();
        String[] ids = new String[n];
        String[] providers = new String[n];
        String[] symbols = new String[n];
        String[] intervals = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] actions = new String[n];
        Double[] confidences = new Double[n];
        Double[] scores = new Double[n];
        String[] rationales = new String[n];
        String[] models = new String[n];
        for (int i = 0; i < n; i++) {
            AlphaCall c = calls.get(i);
            ids[i] = c.signalId();
            providers[i] = c.provider();
            symbols[i] = c.symbol();
            intervals[i] = c.interval();
            ts[i] = Sql.ts(c.ts());
            actions[i] = c.action().name();
            confidences[i] = c.confidence();
            scores[i] = c.score();
            rationales[i] = new String(Json.bytes(c.rationale()), StandardCharsets.UTF_8);
            models[i] = c.model() == null ? null : new String(Json.bytes(c.model()), StandardCharsets.UTF_8);
        }
        return conn.preparedQuery("""
                INSERT INTO signals (signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale,
                    model)
                SELECT i, p, s, iv, t, a, c, sc, r::jsonb, m::jsonb
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                    $7::float8[], $8::float8[], $9::text[], $10::text[]) AS v(i, p, s, iv, t, a, c, sc, r, m)
                ON CONFLICT (signal_id) DO NOTHING
                RETURNING signal_id""").execute(Tuple.from(new Object[] {ids, providers, symbols, intervals, ts, actions,
                        confidences, scores, rationales, models}))
                .chain(rows -> {
                    Set<String> inserted = new HashSet<>();
                    rows.forEach(r -> inserted.add(r.getString(0)));
                    List<String> existing = calls.stream().map(AlphaCall::signalId).filter(id -> !inserted.contains(id))
                            .toList();
                    return findAll(conn, existing).map(stored -> calls.stream()
                            .map(c -> stored.getOrDefault(c.signalId(), c)).toList());
                });
    }

    /** The calls stored under {@code signalIds} (absent ids are left out). */
    public Uni<Map<String, AlphaCall>> findAll(SqlConnection conn, Collection<String> signalIds) {
        if (signalIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                SELECT signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale::text,
                    model::text FROM signals WHERE signal_id = ANY($1)""")
                .execute(Tuple.of(signalIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, AlphaCall> stored = new HashMap<>();
                    rows.forEach(r -> stored.put(r.getString("signal_id"), toCall(r)));
                    return stored;
                });
    }

    /**
     * Stores calls, replacing a stored call with the same signal_id when it differs. For repairs and back-fills only:
     * the alpha-call function uses {@link #insertAllIfAbsent}, so a redelivery never rewrites a call.
     */
    public Uni<Void> upsert(SqlConnection conn, List<AlphaCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = calls.stream().map(SignalRepository::tuple).toList();
        return conn.preparedQuery("""
                INSERT INTO signals AS s (signal_id, provider, symbol, "interval", ts, action, confidence, score,
                    rationale, model)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (signal_id) DO UPDATE SET action = EXCLUDED.action, confidence = EXCLUDED.confidence,
                    score = EXCLUDED.score, rationale = EXCLUDED.rationale, model = EXCLUDED.model
                WHERE (s.action, s.confidence, s.score, s.rationale, s.model) IS DISTINCT FROM
                    (EXCLUDED.action, EXCLUDED.confidence, EXCLUDED.score, EXCLUDED.rationale, EXCLUDED.model)""")
                .executeBatch(tuples).replaceWithVoid();
    }

    private static Tuple tuple(AlphaCall c) {
        return Tuple.from(new Object[] {c.signalId(), c.provider(), c.symbol(), c.interval(), Sql.ts(c.ts()),
                c.action().name(), c.confidence(), c.score(), new JsonArray(new String(Json.bytes(c.rationale()))),
                c.model() == null ? null : new JsonObject(new String(Json.bytes(c.model())))});
    }

    /**
     * A stored call, as the function replied it the first time: numbers in {@code values} are read back as doubles
     * (what the engine put there: jsonb kept their shortest decimal form, so the double is exact), so the reply
     * serializes as it did then (object key order aside: jsonb does not keep it).
     */
    private static AlphaCall toCall(Row r) {
        List<AlphaCall.Rationale> stored = read(r.getString("rationale"), RATIONALE);
        List<AlphaCall.Rationale> rationale = new ArrayList<>(stored.size());
        for (AlphaCall.Rationale x : stored) {
            Map<String, Object> values = null;
            if (x.values() != null) {
                values = new LinkedHashMap<>();
                for (Map.Entry<String, Object> e : x.values().entrySet()) {
                    Object v = e.getValue();
                    values.put(e.getKey(), v instanceof BigDecimal || v instanceof BigInteger
                            ? (Object) ((Number) v).doubleValue() : v);
                }
            }
            rationale.add(new AlphaCall.Rationale(x.rule(), x.condition(), values, x.vote(), x.weight()));
        }
        String model = r.getString("model");
        return new AlphaCall(r.getString("signal_id"), r.getString("provider"), r.getString("symbol"),
                r.getString("interval"), Sql.instant(r.getOffsetDateTime("ts")),
                AlphaCall.Action.valueOf(r.getString("action")), r.getDouble("confidence"), r.getDouble("score"),
                rationale, model == null ? null : read(model, MODEL));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable signals row: " + e.getMessage(), e);
        }
    }
}
