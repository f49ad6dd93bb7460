package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * {@code function_state}: what a stateless function must remember between invocations (quality series, indicator
 * engines, rule history), as JSON text keyed by (scope, key). Replicas serialize on the row lock, so concurrent updates
 * of one series never interleave.
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
        return pool.preparedQuery("SELECT key, state FROM function_state WHERE scope = $1 AND key = ANY($2)")
                .execute(Tuple.of(scope, keys.toArray(String[]::new))).map(rows -> {
                    Map<String, String> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(row.getString(0), row.getString(1));
                    }
                    return states;
                });
    }

    /**
     * The states of keys {@code $2} of scope {@code $1}, with NULL for a row whose text has the digest {@code $4} the
     * cache holds for its key {@code $3}: that row is neither transferred nor decoded again.
     */
    private static final String SELECT_UNLESS_HELD = """
            SELECT f.key, CASE WHEN md5(f.state) = c.digest THEN NULL ELSE f.state END
            FROM function_state AS f LEFT JOIN unnest($3::text[], $4::text[]) AS c(key, digest) ON c.key = f.key
            WHERE f.scope = $1 AND f.key = ANY($2)""";

    /**
     * {@link #load} through {@code cache}: a row whose text has the digest of the cached value is not transferred or
     * decoded again. Keys never saved are absent.
     */
    public <S> Uni<Map<String, S>> load(String scope, List<String> keys, StateCache<S> cache) {
        Map<String, StateCache.Entry<S>> held = held(keys, cache);
        String[] heldKeys = held.keySet().toArray(String[]::new);
        return pool.preparedQuery(SELECT_UNLESS_HELD)
                .execute(Tuple.of(scope, keys.toArray(String[]::new), heldKeys, digests(held, heldKeys)))
                .map(rows -> current(rows, held, cache));
    }

    /** Every saved state of a scope (for timer sweeps). */
    public Uni<Map<String, String>> loadAll(String scope) {
        return pool.preparedQuery("SELECT key, state FROM function_state WHERE scope = $1 AND state <> 'null'")
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
                INSERT INTO function_state (scope, key, state, version) VALUES ($1, $2, 'null', 0)
                ON CONFLICT (scope, key) DO NOTHING""").execute(Tuple.of(scope, key))
                .chain(() -> conn.preparedQuery(
                        "SELECT state FROM function_state WHERE scope = $1 AND key = $2 FOR UPDATE")
                        .execute(Tuple.of(scope, key)))
                .chain(rows -> {
                    String current = rows.iterator().next().getString(0);
                    return work.apply(conn, "null".equals(current) ? null : current);
                })
                .chain(updated -> updated.state() == null ? Uni.createFrom().item(updated.result())
                        : conn.preparedQuery("""
                                UPDATE function_state SET state = $3, version = version + 1, updated_at = now()
                                WHERE scope = $1 AND key = $2 AND state IS DISTINCT FROM $3""")
                                .execute(Tuple.of(scope, key, updated.state()))
                                .replaceWith(updated.result()))));
    }

    public record Updated<T>(String state, T result) {
    }

    /**
     * The batch form of {@link #update}: one transaction for many keys of a scope. Missing rows are created (in key
     * order), then every row is locked with one {@code SELECT … ORDER BY key FOR UPDATE}, so replicas that lock
     * overlapping key sets always lock in the same order and never deadlock. {@code work} receives the connection and
     * every current state (absent: never saved) and returns the new states (absent or null: unchanged) plus a result;
     * the changed states are written with one {@code UPDATE … FROM unnest(…)} that bumps {@code version}, and other
     * writes made on the connection commit atomically with them. Four round trips whatever the number of keys.
     */
    public <T> Uni<T> updateAll(String scope, Collection<String> keys,
            BiFunction<SqlConnection, Map<String, String>, Uni<UpdatedAll<T>>> work) {
        return timer.time("function_state", () -> pool.withTransaction(conn -> updateAll(conn, scope, keys, work)));
    }

    /**
     * {@link #updateAll(String, Collection, BiFunction)} inside a transaction the caller already holds on {@code conn}
     * (for example the one of {@link #update}, so that one row's lock covers a batch of others). Lock order: the caller's
     * rows first, then these in key order; whoever locks the same rows must do it in that order.
     */
    public <T> Uni<T> updateAll(SqlConnection conn, String scope, Collection<String> keys,
            BiFunction<SqlConnection, Map<String, String>, Uni<UpdatedAll<T>>> work) {
        String[] sorted = new TreeSet<>(keys).toArray(String[]::new);
        return createMissing(conn, scope, sorted)
                .chain(() -> conn.preparedQuery("""
                        SELECT key, state FROM function_state WHERE scope = $1 AND key = ANY($2)
                        ORDER BY key FOR UPDATE""").execute(Tuple.of(scope, sorted)))
                .chain(rows -> {
                    Map<String, String> current = new HashMap<>();
                    for (Row row : rows) {
                        String state = row.getString(1);
                        if (!"null".equals(state)) {
                            current.put(row.getString(0), state);
                        }
                    }
                    return work.apply(conn, current);
                })
                .chain(updated -> {
                    Map<String, String> changed = new HashMap<>();
                    updated.states().forEach((key, state) -> {
                        if (state != null) {
                            changed.put(key, state);
                        }
                    });
                    return writeChanged(conn, scope, changed).replaceWith(updated.result());
                });
    }

    /**
     * {@link #updateAll(String, Collection, BiFunction)} with decoded states kept in {@code cache} between
     * transactions: the locking read sends the digest of each cached state and returns a row's text only when it has
     * another digest, so an unchanged series costs neither its transfer nor its decoding. {@code work} receives the
     * current states (absent: never saved) and returns the new ones (absent or null: unchanged); it must not mutate
     * what it receives. Same locks, order and round trips as the text form.
     */
    public <S, T> Uni<T> updateAll(String scope, Collection<String> keys, StateCache<S> cache,
            BiFunction<SqlConnection, Map<String, S>, Uni<UpdatedStates<S, T>>> work) {
        return timer.time("function_state",
                () -> pool.withTransaction(conn -> updateAll(conn, scope, keys, cache, work)));
    }

    /** {@link #updateAll(String, Collection, StateCache, BiFunction)} inside the caller's transaction on {@code conn}. */
    public <S, T> Uni<T> updateAll(SqlConnection conn, String scope, Collection<String> keys, StateCache<S> cache,
            BiFunction<SqlConnection, Map<String, S>, Uni<UpdatedStates<S, T>>> work) {
        String[] sorted = new TreeSet<>(keys).toArray(String[]::new);
        Map<String, StateCache.Entry<S>> held = held(List.of(sorted), cache);
        String[] heldKeys = held.keySet().toArray(String[]::new);
        return createMissing(conn, scope, sorted)
                .chain(() -> conn.preparedQuery(SELECT_UNLESS_HELD + " ORDER BY f.key FOR UPDATE OF f")
                        .execute(Tuple.of(scope, sorted, heldKeys, digests(held, heldKeys))))
                .chain(rows -> {
                    Map<String, S> current = current(rows, held, cache);
                    return work.apply(conn, current);
                })
                .chain(updated -> {
                    Map<String, String> changed = new HashMap<>();
                    updated.states().forEach((key, state) -> {
                        if (state != null) {
                            // remembered before the commit: should it roll back, the row keeps text of another digest
                            changed.put(key, cache.encoded(key, state));
                        }
                    });
                    return writeChanged(conn, scope, changed).replaceWith(updated.result());
                });
    }

    /** The cache's entries for {@code keys} as they are now (another transaction may replace them meanwhile). */
    private static <S> Map<String, StateCache.Entry<S>> held(List<String> keys, StateCache<S> cache) {
        Map<String, StateCache.Entry<S>> held = new HashMap<>();
        for (String key : keys) {
            StateCache.Entry<S> entry = cache.get(key);
            if (entry != null) {
                held.put(key, entry);
            }
        }
        return held;
    }

    private static <S> String[] digests(Map<String, StateCache.Entry<S>> held, String[] heldKeys) {
        String[] digests = new String[heldKeys.length];
        for (int i = 0; i < heldKeys.length; i++) {
            digests[i] = held.get(heldKeys[i]).digest();
        }
        return digests;
    }

    /** The states read: a null text means the held entry's digest matched; JSON {@code null} means never saved. */
    private static <S> Map<String, S> current(RowSet<Row> rows, Map<String, StateCache.Entry<S>> held,
            StateCache<S> cache) {
        Map<String, S> current = new HashMap<>();
        for (Row row : rows) {
            String key = row.getString(0);
            String text = row.getString(1);
            if (text == null) {
                current.put(key, held.get(key).value());
            } else if (!"null".equals(text)) {
                current.put(key, cache.decoded(key, text));
            }
        }
        return current;
    }

    /** Creates the rows not saved yet, in key order (so replicas creating overlapping sets never deadlock). */
    private static Uni<Void> createMissing(SqlConnection conn, String scope, String[] sorted) {
        return conn.preparedQuery("""
                INSERT INTO function_state (scope, key, state, version)
                SELECT $1, k, 'null', 0 FROM unnest($2::text[]) AS k ORDER BY k
                ON CONFLICT (scope, key) DO NOTHING""").execute(Tuple.of(scope, sorted)).replaceWithVoid();
    }

    /** Writes the changed states with one statement, bumping the version of each row whose text differs. */
    private static Uni<Void> writeChanged(SqlConnection conn, String scope, Map<String, String> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> keys = new ArrayList<>(changed.keySet());
        String[] states = keys.stream().map(changed::get).toArray(String[]::new);
        return conn.preparedQuery("""
                UPDATE function_state AS f SET state = v.state, version = f.version + 1, updated_at = now()
                FROM unnest($2::text[], $3::text[]) AS v(key, state)
                WHERE f.scope = $1 AND f.key = v.key AND f.state IS DISTINCT FROM v.state""")
                .execute(Tuple.of(scope, keys.toArray(String[]::new), states)).replaceWithVoid();
    }

    /**
     * The saved keys of a scope whose {@code part}-th '|'-separated field (1-based) equals {@code value}, sorted; for
     * example part 2 of the indicator's {@code provider|symbol|interval} keys selects every series of one symbol. Read
     * on {@code conn} so that it sees what the caller's transaction sees.
     */
    public Uni<List<String>> keysWithPart(SqlConnection conn, String scope, int part, String value) {
        return conn.preparedQuery("""
                SELECT key FROM function_state WHERE scope = $1 AND split_part(key, '|', $2) = $3 AND state <> 'null'
                ORDER BY key""").execute(Tuple.of(scope, part, value))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(r.getString(0)));
                    return keys;
                });
    }

    /** Result of {@link #updateAll}'s work: new states by key (only keys that were locked) and a result. */
    public record UpdatedAll<T>(Map<String, String> states, T result) {
    }

    /** Result of the cached {@link #updateAll}'s work: new decoded states by key (only keys that were locked) and a result. */
    public record UpdatedStates<S, T>(Map<String, S> states, T result) {
    }
}
