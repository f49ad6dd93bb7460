package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.codec.InEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Kafka door hands alpha-call a partition's consecutive events at once: they are evaluated in one transaction with
 * the series states carried from bar to bar, and must store exactly the calls that handling them one by one stores.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class AlphaCallBatchTest {
    private static final String[] SERIES = {"A", "B", "C"};
    private static final Instant START = Instant.parse("2024-03-04T14:30:00Z");

    @Inject
    Pool pool;
    @Inject
    Dispatcher dispatcher;

    /**
     * 3 symbols × 150 one-minute bars, one to three bars per event, symbols interleaved as a partition carries them:
     * RSI wanders through the oversold and overbought bands (so the latches set, hold and reset), MACD crosses its
     * signal line now and then.
     */
    static List<List<String>> events(String prefix) {
        Random random = new Random(20240304);
        double[] rsi = {50, 40, 60};
        double[] macd = {0, 0.2, -0.2};
        int[] bar = new int[SERIES.length];
        List<List<String>> events = new ArrayList<>();
        while (bar[0] < 150 || bar[1] < 150 || bar[2] < 150) {
            int s = random.nextInt(SERIES.length);
            List<String> records = new ArrayList<>();
            for (int n = 1 + random.nextInt(3); n > 0 && bar[s] < 150; n--) {
                rsi[s] = Math.max(5, Math.min(95, rsi[s] + random.nextGaussian() * 8));
                macd[s] += random.nextGaussian() * 0.15;
                records.add(Events.record(prefix + SERIES[s], START.plusSeconds(60L * bar[s]++).toString(), rsi[s],
                        macd[s], macd[s] * 0.8 + random.nextGaussian() * 0.05));
            }
            if (!records.isEmpty()) {
                events.add(records);
            }
        }
        return events;
    }

    static InEvent event(String id, List<String> records) {
        return new InEvent(id, "1.0", "dev.marketfn.indicator.computed.v1", "/marketfn/indicator", null,
                "application/json", Map.of(), ("{\"records\":[" + String.join(",", records) + "]}")
                        .getBytes(StandardCharsets.UTF_8), "0");
    }

    /** The stored calls of a symbol prefix, with the prefix taken out so two prefixes compare. */
    List<String> stored(String prefix) {
        List<String> calls = new ArrayList<>();
        for (Row r : pool.preparedQuery("""
                SELECT symbol, ts, action, confidence, score, rationale::text FROM signals WHERE symbol LIKE $1
                ORDER BY symbol, ts""").execute(Tuple.of(prefix + "%")).await().indefinitely()) {
            calls.add(r.getString(0).substring(prefix.length()) + " " + r.getOffsetDateTime(1).toInstant() + " "
                    + r.getString(2) + " " + r.getDouble(3) + " " + r.getDouble(4) + " " + r.getString(5));
        }
        return calls;
    }

    @Test
    void aRunStoresWhatOneByOneStores() {
        List<List<String>> oneByOne = events("OBO");
        for (int i = 0; i < oneByOne.size(); i++) {
            dispatcher.dispatch(event("obo-" + i, oneByOne.get(i)), "kafka", "test-topic").await().atMost(Duration.ofSeconds(30));
        }

        List<List<String>> bodies = events("RUN");
        List<InEvent> run = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            run.add(event("run-" + i, bodies.get(i)));
        }
        // a bad event in the middle (rejected on its own) and a redelivery of an early event at the end
        int bad = run.size() / 2;
        run.add(bad, event("run-bad", List.of(Events.record("run|bad", START.toString(), 50, 0, 0))));
        run.add(event("run-3", bodies.get(3)));
        List<Reply> replies = new ArrayList<>();
        for (int from = 0; from < run.size(); from += 40) {
            replies.addAll(dispatcher.dispatchAll(run.subList(from, Math.min(run.size(), from + 40)), "kafka", "test-topic")
                    .await().atMost(Duration.ofSeconds(60)));
        }

        List<String> expected = stored("OBO");
        assertThat(expected).hasSize(3 * 150);
        assertThat(expected).anyMatch(c -> c.contains("rsi_oversold")).anyMatch(c -> c.contains("rsi_overbought"))
                .anyMatch(c -> c.contains("macd_bullish_cross"));
        assertThat(stored("RUN")).containsExactlyElementsOf(expected);

        assertThat(replies.get(bad).reply().type()).isEqualTo(EventTypes.REJECTED);
        // the redelivered event is answered with the calls stored the first time
        assertThat(Json.toTree(replies.get(replies.size() - 1).reply().data()))
                .isEqualTo(Json.toTree(replies.get(3).reply().data()));
    }
}
