package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoded-state cache against real PostgreSQL: a state is decoded once while only this process writes it, and read
 * again whenever the row's text is not the text the cache stands for (another writer, a rollback, a deleted row).
 */
class StateCacheTest {
    static TestDatabase db;
    static Pool pool;
    static StateRepository states;

    /** A state value: a counter, encoded as JSON text. */
    record Count(long n) {
    }

    static StateCache<Count> cache() {
        return new StateCache<>(1000, text -> new Count(Long.parseLong(text.replaceAll("\\D", ""))),
                c -> "{\"n\": " + c.n() + "}");
    }

    @BeforeAll
    static void start() {
        db = TestDatabase.start(new PoolOptions().setMaxSize(4));
        pool = db.pool;
        states = new StateRepository(pool, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** Adds one to every key's count; returns the counts it was given. */
    static Map<String, Count> increment(StateCache<Count> cache, String scope, List<String> keys) {
        return states.updateAll(scope, keys, cache, (conn, current) -> {
            Map<String, Count> next = new HashMap<>();
            keys.forEach(k -> next.put(k, new Count(current.getOrDefault(k, new Count(0)).n() + 1)));
            return Uni.createFrom().item(new StateRepository.UpdatedStates<>(next, Map.copyOf(current)));
        }).await().indefinitely();
    }

    static String text(String scope, String key) {
        return pool.preparedQuery("SELECT state FROM function_state WHERE scope = $1 AND key = $2")
                .execute(Tuple.of(scope, key)).await().indefinitely().iterator().next().getString(0);
    }

    @Test
    void aSeriesOnlyThisProcessWritesIsDecodedOnce() {
        StateCache<Count> cache = cache();
        List<String> keys = List.of("alpaca|AAPL|1s", "alpaca|MSFT|1s");
        assertThat(increment(cache, "cache-hit", keys)).isEmpty();
        for (int i = 1; i <= 5; i++) {
            assertThat(increment(cache, "cache-hit", keys)).containsEntry("alpaca|AAPL|1s", new Count(i))
                    .containsEntry("alpaca|MSFT|1s", new Count(i));
        }
        assertThat(cache.decodes()).isZero();
        assertThat(text("cache-hit", "alpaca|AAPL|1s")).isEqualTo("{\"n\": 6}");
        // a process that starts without the cache reads what was written
        StateCache<Count> fresh = cache();
        assertThat(increment(fresh, "cache-hit", keys)).containsEntry("alpaca|AAPL|1s", new Count(6));
        assertThat(fresh.decodes()).isEqualTo(2);
    }

    @Test
    void anotherWritersStateIsReadAgain() {
        StateCache<Count> mine = cache();
        StateCache<Count> replica = cache();
        List<String> keys = List.of("polygon|NVDA|1m");
        increment(mine, "cache-other", keys);
        increment(replica, "cache-other", keys); // decodes n=1, writes n=2
        assertThat(increment(mine, "cache-other", keys)).containsEntry("polygon|NVDA|1m", new Count(2));
        assertThat(mine.decodes()).isEqualTo(1);
        // a write through the text form, and a deleted row, are seen too
        states.updateAll("cache-other", keys, (conn, current) -> Uni.createFrom().item(
                new StateRepository.UpdatedAll<>(Map.of("polygon|NVDA|1m", "{\"n\": 40}"), null))).await().indefinitely();
        assertThat(increment(mine, "cache-other", keys)).containsEntry("polygon|NVDA|1m", new Count(40));
        pool.preparedQuery("DELETE FROM function_state WHERE scope = 'cache-other'").execute().await().indefinitely();
        assertThat(increment(mine, "cache-other", keys)).isEmpty();
    }

    @Test
    void aRolledBackWriteIsNotTakenForTheStoredState() {
        StateCache<Count> cache = cache();
        List<String> keys = List.of("binance|BTCUSDT|1s");
        increment(cache, "cache-rollback", keys); // n=1 committed
        AtomicReference<Map<String, Count>> seen = new AtomicReference<>();
        assertThatThrownBy(() -> pool.withTransaction(conn -> states.updateAll(conn, "cache-rollback", keys, cache,
                (c, current) -> {
                    seen.set(current);
                    return Uni.createFrom().item(new StateRepository.UpdatedStates<>(
                            Map.of("binance|BTCUSDT|1s", new Count(99)), null));
                }).chain(() -> conn.query("SELECT 1 / 0").execute())).await().indefinitely())
                .hasMessageContaining("division by zero");
        assertThat(seen.get()).containsEntry("binance|BTCUSDT|1s", new Count(1));
        assertThat(text("cache-rollback", "binance|BTCUSDT|1s")).isEqualTo("{\"n\": 1}");
        assertThat(increment(cache, "cache-rollback", keys)).containsEntry("binance|BTCUSDT|1s", new Count(1));
        assertThat(cache.decodes()).isEqualTo(1);
    }

    @Test
    void anUnlockedReadUsesTheCacheOnlyForUnchangedRows() {
        StateCache<Count> cache = cache();
        List<String> keys = List.of("finnhub|AAPL|trade", "finnhub|TSLA|trade");
        increment(cache, "cache-load", keys);
        List<String> asked = List.of("finnhub|AAPL|trade", "finnhub|TSLA|trade", "finnhub|NONE|trade");
        assertThat(states.load("cache-load", asked, cache).await().indefinitely())
                .containsOnly(Map.entry("finnhub|AAPL|trade", new Count(1)), Map.entry("finnhub|TSLA|trade", new Count(1)));
        assertThat(cache.decodes()).isZero();
        increment(cache(), "cache-load", List.of("finnhub|TSLA|trade")); // another process: TSLA n=2
        assertThat(states.load("cache-load", asked, cache).await().indefinitely())
                .containsEntry("finnhub|AAPL|trade", new Count(1)).containsEntry("finnhub|TSLA|trade", new Count(2));
        assertThat(cache.decodes()).isEqualTo(1);
    }
}
