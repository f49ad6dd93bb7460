package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code function_state}: what a stateless function must remember between invocations (quality series, indicator
 * engines, rule history), as JSON keyed by (scope, key). Replicas serialize on the row lock, so concurrent updates of
 * one series never interleave.
 */
@ApplicationScoped
public class StateRepository {
    private final Pool pool;
    private final StoreTimer timer;

    public StateRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    /** Reads states without locking (null entries for keys never saved). */
    public Uni<Map<String, String>> load(String scope, List<String> keys) {
        return pool.preparedQuery("SELECT key, state::text FROM function_state WHERE scope = $1 AND key = ANY($2)")
                .execute(Tuple.of(scope, keys.toArray(String[]::new))).map(rows -> {
                    Map<String, String> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(row.getString(0), row.getString(1));
                    }
                    return states;
                });
    }

    /** Every saved state of a scope (for timer sweeps). */
    public Uni<Map<String, String>> loadAll(String scope) {
        return pool.preparedQuery("SELECT key, state::text FROM function_state WHERE scope = $1 AND state <> 'null'::jsonb")
                .execute(Tuple.of(scope)).map(rows -> {
                    Map<String, String> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(row.getString(0), row.getString(1));
                    }
                    return states;
                });
    }

    /**
     * Runs {@code work} in one transaction holding the lock of (scope, key): it receives the connection and the current
     * state (null if none) and returns the new state (null keeps the old) plus a result. Other writes made on the
     * connection commit atomically with the state.
     */
    public <T> Uni<T> update(String scope, String key, BiFunction<SqlConnection, String, Uni<Updated<T>>> work) {
        return timer.time("function_state", () -> pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO function_state (scope, key, state, version) VALUES ($1, $2, 'null'::jsonb, 0)
                ON CONFLICT (scope, key) DO NOTHING""").execute(Tuple.of(scope, key))
                .chain(() -> conn.preparedQuery(
                        "SELECT state::text FROM function_state WHERE scope = $1 AND key = $2 FOR UPDATE")
                        .execute(Tuple.of(scope, key)))
                .chain(rows -> {
                    String current = rows.iterator().next().getString(0);
                    return work.apply(conn, "null".equals(current) ? null : current);
                })
                .chain(updated -> updated.state() == null ? Uni.createFrom().item(updated.result())
                        : conn.preparedQuery("""
                                UPDATE function_state SET state = $3, version = version + 1, updated_at = now()
                                WHERE scope = $1 AND key = $2 AND state IS DISTINCT FROM $3""")
                                .execute(Tuple.of(scope, key, new JsonObject(updated.state())))
                                .replaceWith(updated.result()))));
    }

    public record Updated<T>(String state, T result) {
    }
}
