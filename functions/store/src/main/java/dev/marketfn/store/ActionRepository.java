package dev.marketfn.store;

import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code corporate_actions} and {@code adjustment_factors}. An announcement equal to the latest stored version of its
 * action_id changes nothing; a different one is stored as the next version, so history is never overwritten.
 */
@ApplicationScoped
public class ActionRepository {
    private final Pool pool;
    private final StoreTimer timer;

    public ActionRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    /** A stored version of an action with its factors. */
    public record Factor(String actionId, int version, String symbol, String type, LocalDate exDate, Instant knownAt,
            BigDecimal priceFactor, BigDecimal volumeFactor, String newSymbol) {
    }

    /** @return the version stored (existing or new) and whether it was new */
    public record Stored(int version, boolean created) {
    }

    /**
     * Stores an announcement (with {@code known_at} set) and its factors. {@code known_at} is not part of the identity:
     * a redelivery with the same content but a later receipt time is the same version.
     */
    public Uni<Stored> store(CorporateActionAnnounced a, BigDecimal prevClose, BigDecimal priceFactor,
            BigDecimal volumeFactor) {
        JsonObject content = new JsonObject(new String(Json.bytes(a.withKnownAt(null))));
        return timer.time("corporate_actions", () -> pool.withTransaction(conn -> conn.preparedQuery(
                "SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(a.actionId()))
                .chain(() -> conn.preparedQuery("""
                        SELECT version, payload FROM corporate_actions WHERE action_id = $1
                        ORDER BY version DESC LIMIT 1""").execute(Tuple.of(a.actionId())))
                .chain(rows -> {
                    int latest = 0;
                    if (rows.size() > 0) {
                        Row row = rows.iterator().next();
                        latest = row.getInteger("version");
                        if (content.equals(row.getJsonObject("payload"))) {
                            return Uni.createFrom().item(new Stored(latest, false));
                        }
                    }
                    int version = latest + 1;
                    return conn.preparedQuery("""
                            INSERT INTO corporate_actions (action_id, version, symbol, type, ratio, amount, currency,
                                ex_date, record_date, pay_date, new_symbol, known_at, payload)
                            VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7, $8, $9, $10, $11, $12, $13)""")
                            .execute(Tuple.from(new Object[] {a.actionId(), version, a.symbol(), a.type(),
                                    Sql.num(a.ratio()), Sql.num(a.amount()), a.currency(), a.exDate(), a.recordDate(),
                                    a.payDate(), a.newSymbol(), Sql.ts(a.knownAt()), content}))
                            .chain(() -> conn.preparedQuery("""
                                    INSERT INTO adjustment_factors (action_id, version, symbol, type, ex_date, known_at,
                                        price_factor, volume_factor, prev_close)
                                    VALUES ($1, $2, $3, $4, $5, $6, $7::numeric, $8::numeric, $9::numeric)""")
                                    .execute(Tuple.from(new Object[] {a.actionId(), version, a.symbol(), a.type(),
                                            a.exDate(), Sql.ts(a.knownAt()), Sql.num(priceFactor),
                                            Sql.num(volumeFactor), Sql.num(prevClose)})))
                            .replaceWith(new Stored(version, true));
                })));
    }

    /** A stored announcement version (known_at set) with the close its dividend factor was computed from. */
    public record Version(CorporateActionAnnounced action, BigDecimal prevClose) {
    }

    /** Every stored version of the actions of a symbol (also those naming it as new_symbol), oldest first. */
    public Uni<List<Version>> versions(String symbol) {
        return versions(List.of(symbol)).map(bySymbol -> bySymbol.get(symbol));
    }

    /**
     * {@link #versions(String)} for many symbols in one query: every symbol asked for is in the map, with an empty
     * list when it has no actions.
     */
    public Uni<Map<String, List<Version>>> versions(Collection<String> symbols) {
        String[] wanted = symbols.stream().distinct().toArray(String[]::new);
        return pool.preparedQuery("""
                SELECT a.payload::text, a.known_at, f.prev_close, a.symbol, a.new_symbol
                FROM corporate_actions a JOIN adjustment_factors f USING (action_id, version)
                WHERE a.symbol = ANY($1) OR a.new_symbol = ANY($1) ORDER BY a.ex_date, a.known_at""")
                .execute(Tuple.of(wanted))
                .map(rows -> {
                    Map<String, List<Version>> out = new HashMap<>();
                    for (String symbol : wanted) {
                        out.put(symbol, new ArrayList<>());
                    }
                    for (Row r : rows) {
                        CorporateActionAnnounced a = Json.bind(Json.tree(r.getString(0).getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)), CorporateActionAnnounced.class, "payload");
                        Version v = new Version(a.withKnownAt(Sql.instant(r.getOffsetDateTime(1))), r.getBigDecimal(2));
                        // an action renaming a symbol belongs to both names
                        for (String symbol : new LinkedHashSet<>(Arrays.asList(r.getString(3), r.getString(4)))) {
                            if (symbol != null && out.containsKey(symbol)) {
                                out.get(symbol).add(v);
                            }
                        }
                    }
                    return out;
                });
    }

    /** Every stored version of every action of a symbol (also those naming it as new_symbol), oldest first. */
    public Uni<List<Factor>> factors(String symbol) {
        return pool.preparedQuery("""
                SELECT f.action_id, f.version, f.symbol, f.type, f.ex_date, f.known_at, f.price_factor, f.volume_factor,
                    a.new_symbol
                FROM adjustment_factors f JOIN corporate_actions a USING (action_id, version)
                WHERE f.symbol = $1 OR a.new_symbol = $1 ORDER BY f.ex_date, f.known_at""")
                .execute(Tuple.of(symbol))
                .map(rows -> {
                    List<Factor> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Factor(r.getString(0), r.getInteger(1), r.getString(2), r.getString(3),
                                r.getLocalDate(4), Sql.instant(r.getOffsetDateTime(5)), r.getBigDecimal(6),
                                r.getBigDecimal(7), r.getString(8)));
                    }
                    return out;
                });
    }
}
