package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.QualityAlert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batch paths of quality-check against real PostgreSQL: many series in one transaction, alerts in one statement. */
class StateBatchTest {
    static TestDatabase db;
    static Pool pool;
    static StateRepository states;
    static AlertRepository alerts;

    @BeforeAll
    static void start() {
        db = TestDatabase.start(new PoolOptions().setMaxSize(8));
        pool = db.pool;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        states = new StateRepository(pool, registry);
        alerts = new AlertRepository(pool, registry);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Map<String, Long> versions(String scope) {
        Map<String, Long> v = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT key, version FROM function_state WHERE scope = $1")
                .execute(Tuple.of(scope)).await().indefinitely()) {
            v.put(row.getString(0), row.getLong(1));
        }
        return v;
    }

    @Test
    void updateAllLoadsAndWritesEverySeriesOfABatchOnce() {
        String scope = "batch-basic";
        List<String> keys = List.of("polygon|MSFT|trade|", "polygon|AAPL|trade|", "polygon|NVDA|trade|");
        Map<String, String> seen = states.updateAll(scope, keys, (conn, current) -> {
            Map<String, String> next = new HashMap<>();
            keys.forEach(k -> next.put(k, "{\"n\": 1}"));
            return Uni.createFrom().item(new StateRepository.UpdatedAll<>(next, Map.copyOf(current)));
        }).await().indefinitely();
        assertThat(seen).isEmpty(); // new series: no state yet
        assertThat(versions(scope)).containsOnlyKeys(keys).allSatisfy((k, v) -> assertThat(v).isEqualTo(1L));

        // second batch: sees every state, changes two, hands one back unchanged and omits none
        Map<String, String> second = states.updateAll(scope, keys, (conn, current) -> {
            Map<String, String> next = new HashMap<>();
            next.put("polygon|AAPL|trade|", "{\"n\": 2}");
            next.put("polygon|MSFT|trade|", "{\"n\": 2}");
            next.put("polygon|NVDA|trade|", current.get("polygon|NVDA|trade|"));
            return Uni.createFrom().item(new StateRepository.UpdatedAll<>(next, Map.copyOf(current)));
        }).await().indefinitely();
        assertThat(second).hasSize(3).allSatisfy((k, v) -> assertThat(new JsonObject(v).getInteger("n")).isEqualTo(1));
        assertThat(versions(scope)).containsEntry("polygon|AAPL|trade|", 2L).containsEntry("polygon|MSFT|trade|", 2L)
                .containsEntry("polygon|NVDA|trade|", 1L);
        assertThat(states.load(scope, keys).await().indefinitely().get("polygon|AAPL|trade|")).contains("\"n\": 2");
        // never-saved rows created by the lock step stay invisible to sweeps
        states.updateAll(scope, List.of("polygon|IBM|trade|"), (conn, current) -> Uni.createFrom()
                .item(new StateRepository.UpdatedAll<>(Map.of(), null))).await().indefinitely();
        assertThat(states.loadAll(scope).await().indefinitely()).containsOnlyKeys(keys);
    }

    @Test
    void failedWorkLeavesEveryStateAsItWas() {
        String scope = "batch-rollback";
        List<String> keys = List.of("coinbase|BTC-USD|trade|", "coinbase|ETH-USD|trade|");
        states.updateAll(scope, keys, (conn, current) -> Uni.createFrom().item(new StateRepository.UpdatedAll<>(
                Map.of(keys.get(0), "{\"n\": 1}", keys.get(1), "{\"n\": 1}"), null))).await().indefinitely();
        Uni<Object> failing = states.updateAll(scope, keys, (conn, current) -> alerts.insert(conn, List.of(alert(
                "rollback-1", "coinbase", "BTC-USD"))).chain(() -> Uni.createFrom()
                        .<StateRepository.UpdatedAll<Object>>failure(new IllegalStateException("database went away"))));
        assertThat(failing.onFailure().recoverWithItem(e -> e).await().indefinitely())
                .isInstanceOf(IllegalStateException.class);
        assertThat(versions(scope)).containsEntry(keys.get(0), 1L).containsEntry(keys.get(1), 1L);
        long stored = pool.preparedQuery("SELECT count(*) FROM quality_alerts WHERE alert_id = $1")
                .execute(Tuple.of("rollback-1")).await().indefinitely().iterator().next().getLong(0);
        assertThat(stored).as("alerts written on the connection roll back with the state").isZero();
    }

    /**
     * Replicas locking overlapping series in opposite orders: the ordered lock makes them wait for each other instead
     * of deadlocking, and no increment is lost.
     */
    @Test
    void concurrentBatchesOverOverlappingSeriesSerializeWithoutDeadlockOrLostUpdates() {
        String scope = "batch-concurrent";
        List<String> keys = new ArrayList<>();
        for (String s : List.of("AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META")) {
            keys.add("polygon|" + s + "|trade|");
        }
        int rounds = 12;
        List<Uni<Void>> all = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            List<String> mine = new ArrayList<>(i % 2 == 0 ? keys : keys.reversed());
            if (i % 3 == 0) {
                mine.removeFirst(); // overlapping, not identical, sets
            }
            all.add(states.updateAll(scope, mine, (conn, current) -> {
                Map<String, String> next = new HashMap<>();
                for (String k : mine) {
                    int n = current.containsKey(k) ? new JsonObject(current.get(k)).getInteger("n") : 0;
                    next.put(k, new JsonObject().put("n", n + 1).encode());
                }
                return Uni.createFrom().item(new StateRepository.UpdatedAll<>(next, (Void) null));
            }));
        }
        Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(60));
        Map<String, String> end = states.load(scope, keys).await().indefinitely();
        int total = end.values().stream().mapToInt(v -> new JsonObject(v).getInteger("n")).sum();
        long expected = 0;
        for (int i = 0; i < rounds; i++) {
            expected += i % 3 == 0 ? keys.size() - 1 : keys.size();
        }
        assertThat(total).isEqualTo(expected);
        assertThat(versions(scope).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
    }

    private static QualityAlert alert(String id, String provider, String symbol) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("gap_type", "sequence");
        values.put("expected_seq", 1202);
        values.put("received_seq", 1205);
        values.put("missing_count", 3);
        return new QualityAlert(id, QualityAlert.MISSING_DATA, QualityAlert.Severity.MEDIUM.name(), provider, symbol,
                Instant.parse("2024-03-15T14:30:00.123456Z"), provider + "|" + symbol + "|2024-03-15T14:30:00.123456Z|1205",
                "3 message(s) missing before seq 1205", values);
    }

    @Test
    void alertsOfABatchGoInOneStatementAndEachIsStoredOnce() {
        List<QualityAlert> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(alert("batch-alert-" + i, "polygon", i % 2 == 0 ? "AAPL" : "MSFT"));
        }
        batch.add(alert("batch-alert-7", "polygon", "AAPL")); // the same record twice in one batch
        batch.add(new QualityAlert("batch-alert-source", QualityAlert.SOURCE_UNAVAILABLE,
                QualityAlert.Severity.CRITICAL.name(), "finnhub", null, Instant.parse("2024-03-15T15:00:00Z"), null,
                "provider finnhub silent on all 3 series", null));
        alerts.insert(batch).await().indefinitely();
        alerts.insert(batch.subList(0, 10)).await().indefinitely(); // redelivery
        var row = pool.query("""
                SELECT count(*), count(DISTINCT alert_id), count(symbol), count("values"),
                       max(("values"->>'missing_count')::int), max(ts)
                FROM quality_alerts WHERE alert_id LIKE 'batch-alert-%'""").execute().await().indefinitely()
                .iterator().next();
        assertThat(row.getLong(0)).isEqualTo(251);
        assertThat(row.getLong(1)).isEqualTo(251);
        assertThat(row.getLong(2)).isEqualTo(250); // SOURCE_UNAVAILABLE has no symbol
        assertThat(row.getLong(3)).isEqualTo(250);
        assertThat(row.getInteger(4)).isEqualTo(3);
        assertThat(row.getOffsetDateTime(5).toInstant()).isEqualTo(Instant.parse("2024-03-15T15:00:00Z"));
        var one = pool.preparedQuery("SELECT alert_type, severity, ts, event_id FROM quality_alerts WHERE alert_id = $1")
                .execute(Tuple.of("batch-alert-3")).await().indefinitely().iterator().next();
        assertThat(one.getString(0)).isEqualTo("MISSING_DATA");
        assertThat(one.getString(1)).isEqualTo("MEDIUM");
        assertThat(one.getOffsetDateTime(2).toInstant()).isEqualTo(Instant.parse("2024-03-15T14:30:00.123456Z"));
        assertThat(one.getString(3)).isEqualTo("polygon|MSFT|2024-03-15T14:30:00.123456Z|1205");
    }
}
