package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store side of the redelivery fixes of docs/reliability.md (findings 6, 7 and 10), against real PostgreSQL. */
class RedeliveryStoreTest {
    static TestDatabase db;
    static Pool pool;
    static SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        pool = db.pool;
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static AlphaCall call(String action, double score, String rule, double value) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rsi_14", value);
        values.put("prev(rsi_14)", null);
        values.put("small", 1.0E-5);
        return new AlphaCall("sig-1", "alpaca", "AAPL", "1m", Instant.parse("2024-03-01T14:30:00Z"),
                AlphaCall.Action.valueOf(action), 0.6, score,
                List.of(new AlphaCall.Rationale(rule, "rsi_14 < 30", values, 1.0, 0.6)),
                new AlphaCall.Model("logit", "v1"));
    }

    @Test
    void aSignalIsStoredOnceAndTheFirstEvaluationIsNeverOverwritten() {
        SignalRepository signals = new SignalRepository();
        AlphaCall first = call("BUY", 0.5, "rsi_oversold", 25.0);
        List<AlphaCall> stored = pool.withTransaction(conn -> signals.insertAllIfAbsent(conn, List.of(first)))
                .await().indefinitely();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).isSameAs(first);

        // the same bar evaluated again without history, next to a new one: the stored call is returned, unchanged
        AlphaCall degraded = new AlphaCall("sig-1", "alpaca", "AAPL", "1m", first.ts(), AlphaCall.Action.NO_ACTION,
                0, 0, List.of(), null);
        AlphaCall other = new AlphaCall("sig-2", "alpaca", "AAPL", "1m", first.ts().plusSeconds(60),
                AlphaCall.Action.NO_ACTION, 0, 0, List.of(), null);
        List<AlphaCall> kept = pool.withTransaction(conn -> signals.insertAllIfAbsent(conn, List.of(degraded, other)))
                .await().indefinitely();
        assertThat(kept.get(0)).isEqualTo(first);
        assertThat(kept.get(1)).isSameAs(other);
        // read back exactly as replied the first time: the same JSON (numbers as the doubles they were)
        assertThat(Json.toTree(kept.get(0))).isEqualTo(Json.toTree(first));
        assertThat(new String(Json.bytes(kept.get(0).rationale().get(0).values().get("small")))).isEqualTo("1.0E-5");
        Map<String, AlphaCall> found = pool.withConnection(conn -> signals.findAll(conn, List.of("sig-1", "sig-none")))
                .await().indefinitely();
        assertThat(found).containsOnlyKeys("sig-1");
        assertThat(found.get("sig-1")).isEqualTo(first);
    }

    @Test
    void theBarsAnInputClosedAreReadBackAsEmitted() {
        BarRepository bars = new BarRepository(pool, registry);
        StateRepository states = new StateRepository(pool, registry);
        IndicatorRepository indicators = new IndicatorRepository();
        Instant bar = Instant.parse("2024-03-01T15:00:00Z");
        for (int i = 0; i < 2; i++) {
            bars.merge(pool, "1m", List.of(new BarRepository.TradeInWindow("eb-" + i, "p", "EMIT", bar.plusSeconds(60L * i),
                    bar.plusSeconds(60L * i + 60), bar.plusSeconds(60L * i + 1), i, new BigDecimal("10.50"),
                    BigDecimal.ONE, true))).await().indefinitely();
        }
        List<IndicatorComputed> emitted = states.update("indicator", "p|EMIT|1m", (conn, state) ->
                bars.closeReady(conn, "p", List.<String[]>of(new String[] {"EMIT", "1m"}), bar.plusSeconds(200), "input-7")
                        .chain(bySeries -> {
                    List<IndicatorComputed> records = bySeries.get("EMIT|1m").stream().map(b -> {
                        Map<String, Double> values = new LinkedHashMap<>();
                        values.put("sma_20", null);
                        values.put("ret_1", 1.0E-5);
                        values.put("obv", 20.0);
                        return new IndicatorComputed(b.provider(), b.symbol(), b.interval(), b.ts(), new BarValues(
                                b.open(), b.high(), b.low(), b.close(), b.volume(), b.vwap(), b.tradeCount()), values);
                    }).toList();
                    return indicators.upsert(conn, records).replaceWith(new StateRepository.Updated<>("{\"n\":1}",
                            records));
                })).await().indefinitely();
        assertThat(emitted).hasSize(2);

        List<IndicatorComputed> again = indicators.emittedBy(pool, List.of("input-7")).await().indefinitely();
        assertThat(again).hasSize(2);
        for (int i = 0; i < 2; i++) {
            // exact decimals as emitted (10.50, 10.5000000000), values as the same doubles; jsonb keeps no key order
            assertThat(new String(Json.bytes(again.get(i).bar()))).isEqualTo(new String(Json.bytes(emitted.get(i).bar())))
                    .contains("\"open\":10.50").contains("\"vwap\":10.5000000000");
            assertThat(again.get(i).indicators()).isEqualTo(emitted.get(i).indicators());
            assertThat(Json.toTree(again.get(i))).isEqualTo(Json.toTree(emitted.get(i)));
        }
        assertThat(indicators.emittedBy(pool, List.of("input-8")).await().indefinitely()).isEmpty();
    }

    @Test
    void keysOfOneInstrumentAreLockedInTheCallersTransaction() {
        StateRepository states = new StateRepository(pool, registry);
        for (String key : List.of("a|KEY|1m", "b|KEY|1s", "a|KEYS|1m", "a|OTHER|1m")) {
            states.update("keys-test", key, (conn, s) -> Uni.createFrom().item(
                    new StateRepository.Updated<>("{\"n\":1}", null))).await().indefinitely();
        }
        List<String> changed = states.update("keys-test-instrument", "KEY", (conn, s) ->
                states.keysWithPart(conn, "keys-test", 2, "KEY").chain(keys -> states.updateAll(conn, "keys-test", keys,
                        (c, current) -> {
                            Map<String, String> next = new HashMap<>();
                            current.keySet().forEach(k -> next.put(k, "{\"n\":2}"));
                            return Uni.createFrom().item(new StateRepository.UpdatedAll<>(next, List.copyOf(keys)));
                        }))
                        .map(keys -> new StateRepository.Updated<>("{\"done\":true}", keys))).await().indefinitely();
        assertThat(changed).containsExactly("a|KEY|1m", "b|KEY|1s");
        assertThat(states.load("keys-test", List.of("a|KEY|1m", "b|KEY|1s", "a|KEYS|1m")).await().indefinitely())
                .containsEntry("a|KEY|1m", "{\"n\":2}").containsEntry("b|KEY|1s", "{\"n\":2}")
                .containsEntry("a|KEYS|1m", "{\"n\":1}");
    }
}
