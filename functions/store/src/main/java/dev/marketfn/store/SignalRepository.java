package dev.marketfn.store;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code signals}: keyed by the deterministic signal_id, so a replayed bar never duplicates a call. */
@ApplicationScoped
public class SignalRepository {

    public Uni<Void> upsert(SqlConnection conn, List<AlphaCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = calls.stream().map(c -> Tuple.from(new Object[] {c.signalId(), c.provider(), c.symbol(),
                c.interval(), Sql.ts(c.ts()), c.action().name(), c.confidence(), c.score(),
                new JsonArray(new String(Json.bytes(c.rationale()))),
                c.model() == null ? null : new JsonObject(new String(Json.bytes(c.model())))})).toList();
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
}
