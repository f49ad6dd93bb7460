package dev.marketfn.indicator;

import static dev.marketfn.indicator.IndicatorRedeliveryTest.trade;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Kafka door hands the indicator a partition's consecutive events at once. Merged in groups and closed once per
 * group, they must give exactly what handling them one by one gives — bars, late trades, indicator values and the
 * records emitted — on a disordered tape: jitter inside the allowed lateness, trades delayed past it, duplicates.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class IndicatorBatchTest {
    private static final Instant START = Instant.parse("2024-03-05T15:00:00Z");

    @Inject
    Dispatcher dispatcher;
    @Inject
    Pool pool;

    /**
     * 900 trades of four symbols over three minutes of event time, in events of one to five trades. Arrival order is
     * event time plus up to 300 ms of jitter (inside the 0.5 s lateness); one trade in 25 arrives 1 to 4 s late; one
     * event in 40 is sent twice.
     */
    static List<List<String>> tape(String provider) {
        Random random = new Random(20240305);
        String[] symbols = {"BTA", "BTB", "BTC", "BTD"};
        double[] prices = {50, 120, 75, 300};
        record Arrival(double at, String trade) {
        }
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            int s = random.nextInt(symbols.length);
            prices[s] *= 1 + random.nextGaussian() * 0.001;
            long micros = i * 200_000L + random.nextInt(150_000);
            Instant ts = START.plusNanos(micros * 1000);
            double delay = random.nextInt(25) == 0 ? 1 + random.nextDouble() * 3 : random.nextDouble() * 0.3;
            String price = BigDecimal.valueOf(prices[s]).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
            arrivals.add(new Arrival(micros / 1e6 + delay,
                    trade(provider, symbols[s], ts.toString(), i, price, Integer.toString(1 + random.nextInt(500)))));
        }
        arrivals.sort(java.util.Comparator.comparingDouble(Arrival::at));
        List<List<String>> events = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); ) {
            int n = Math.min(arrivals.size() - i, 1 + random.nextInt(5));
            List<String> records = arrivals.subList(i, i + n).stream().map(Arrival::trade).toList();
            events.add(records);
            if (random.nextInt(40) == 0) {
                events.add(records);
            }
            i += n;
        }
        return events;
    }

    static InEvent adjusted(String id, List<String> trades) {
        return new InEvent(id, "1.0", "dev.marketfn.tick.adjusted.v1", "/marketfn/corporate-action", null,
                "application/json", Map.of(), ("{\"records\":[" + String.join(",", trades) + "]}")
                        .getBytes(StandardCharsets.UTF_8), "0");
    }

    List<String> rows(String sql, String provider) {
        List<String> out = new ArrayList<>();
        for (Row r : pool.preparedQuery(sql).execute(Tuple.of(provider)).await().indefinitely()) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < r.size(); c++) {
                cells.add(String.valueOf(r.getValue(c)));
            }
            out.add(String.join(" ", cells));
        }
        return out;
    }

    /** The emitted records, provider left out, each as its JSON text, sorted. */
    static List<String> emitted(List<Reply> replies) {
        List<String> out = new ArrayList<>();
        for (Reply r : replies) {
            List<OutEvent> events = new ArrayList<>(r.sideEvents());
            if (r.reply() != null) {
                events.add(r.reply());
            }
            for (OutEvent e : events) {
                for (JsonNode record : Json.tree(Json.bytes(e.data())).path("records")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) record).remove("provider");
                    out.add(record.toString());
                }
            }
        }
        out.sort(null);
        return out;
    }

    @Test
    void groupsGiveExactlyWhatOneByOneGives() {
        List<Reply> oneByOne = new ArrayList<>();
        List<List<String>> tape = tape("obo");
        for (int i = 0; i < tape.size(); i++) {
            oneByOne.addAll(dispatcher.dispatchAll(List.of(adjusted("obo-" + i, tape.get(i))), "kafka", "test-topic")
                    .await().atMost(Duration.ofSeconds(30)));
        }
        List<Reply> grouped = new ArrayList<>();
        List<List<String>> same = tape("grp");
        List<InEvent> events = new ArrayList<>();
        for (int i = 0; i < same.size(); i++) {
            events.add(adjusted("grp-" + i, same.get(i)));
        }
        // a bad event inside a run: rejected on its own, the events around it still merged and closed
        int bad = 20;
        events.add(bad, adjusted("grp-bad", List.of("{\"event_id\":\"grp|BAD\",\"kind\":\"trade\",\"ts\":\"never\"}")));
        for (int from = 0; from < events.size(); from += 40) {
            grouped.addAll(dispatcher.dispatchAll(events.subList(from, Math.min(events.size(), from + 40)), "kafka", "test-topic")
                    .await().atMost(Duration.ofSeconds(60)));
        }

        String bars = """
                SELECT symbol, "interval", ts, open, high, low, close, volume, vwap, trade_count, revised,
                    emitted_at IS NOT NULL FROM bars_ohlcv WHERE provider = $1 ORDER BY symbol, "interval", ts""";
        String late = """
                SELECT "interval", split_part(event_id, '|', 2) || '|' || split_part(event_id, '|', 3), symbol, bar_ts
                FROM late_trades WHERE provider = $1 ORDER BY 1, 2""";
        String values = """
                SELECT symbol, "interval", ts, bar::text, "values"::text FROM indicator_values WHERE provider = $1
                ORDER BY symbol, "interval", ts""";
        List<String> expectedBars = rows(bars, "obo");
        assertThat(expectedBars).hasSizeGreaterThan(400);
        assertThat(rows(late, "obo")).as("the tape has late trades").isNotEmpty();
        assertThat(rows(values, "obo")).hasSizeGreaterThan(300);
        assertThat(rows(bars, "grp")).containsExactlyElementsOf(expectedBars);
        assertThat(rows(late, "grp")).containsExactlyElementsOf(rows(late, "obo"));
        assertThat(rows(values, "grp")).containsExactlyElementsOf(rows(values, "obo"));
        assertThat(emitted(grouped)).containsExactlyElementsOf(emitted(oneByOne));
        assertThat(grouped.get(bad).reply().type()).isEqualTo(EventTypes.REJECTED);
        assertThat(pool.preparedQuery("SELECT count(*) FROM rejected_events WHERE input_id = 'grp-bad' AND payload IS NOT NULL").execute()
                .await().indefinitely().iterator().next().getLong(0)).isEqualTo(1);
    }
}
