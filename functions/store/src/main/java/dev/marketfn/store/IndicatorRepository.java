package dev.marketfn.store;

import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code indicator_values}: one row per closed bar, written on the connection holding the series lock. */
@ApplicationScoped
public class IndicatorRepository {

    public Uni<Void> upsert(SqlConnection conn, List<IndicatorComputed> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = records.stream().map(r -> Tuple.from(new Object[] {r.provider(), r.symbol(), r.interval(),
                Sql.ts(r.ts()), new JsonObject(new String(Json.bytes(r.bar()))),
                new JsonObject(new String(Json.bytes(r.indicators())))})).toList();
        return conn.preparedQuery("""
                INSERT INTO indicator_values AS v (provider, symbol, "interval", ts, bar, "values")
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (provider, symbol, "interval", ts) DO UPDATE SET bar = EXCLUDED.bar,
                    "values" = EXCLUDED."values", computed_at = now()
                WHERE (v.bar, v."values") IS DISTINCT FROM (EXCLUDED.bar, EXCLUDED."values")""")
                .executeBatch(tuples).replaceWithVoid();
    }
}
