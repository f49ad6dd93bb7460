package dev.marketfn.qualitycheck;

import static dev.marketfn.qualitycheck.QualityTesting.alerts;
import static dev.marketfn.qualitycheck.QualityTesting.body;
import static dev.marketfn.qualitycheck.QualityTesting.checked;
import static dev.marketfn.qualitycheck.QualityTesting.checkpoint;
import static dev.marketfn.qualitycheck.QualityTesting.cryptoTrade;
import static dev.marketfn.qualitycheck.QualityTesting.equityTrade;
import static dev.marketfn.qualitycheck.QualityTesting.flags;
import static dev.marketfn.qualitycheck.QualityTesting.ids;
import static dev.marketfn.qualitycheck.QualityTesting.post;
import static dev.marketfn.qualitycheck.QualityTesting.quote;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.quality.SeriesCheckpoint;
import dev.marketfn.quality.SeriesState;
import dev.marketfn.qualitycheck.QualityTesting.StoredAlert;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.codec.InEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** A batch is checked series by series with one state round trip, and ends exactly where record-by-record does. */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class QualityBatchFunctionTest {
    private static final Logger LOG = Logger.getLogger(QualityBatchFunctionTest.class);
    private static final int SMALL_EVENT = 10;

    @Inject
    Pool pool;
    @Inject
    Dispatcher dispatcher;

    /**
     * 1,000 Polygon records over ten large caps, trades and quotes interleaved as a consolidated feed sends them: a
     * random walk of a few basis points per print, with the incidents a real tape has: one lost sequence range, one
     * out-of-order print, odd lots far from the last, a fat-finger print, a crossed quote.
     */
    static List<CanonicalRecord> tape(Instant start) {
        String[] symbols = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "XOM", "BRK.B"};
        double[] prices = {172.62, 416.18, 878.37, 178.12, 142.17, 496.09, 171.32, 196.87, 113.52, 408.61};
        Map<String, Long> seq = new HashMap<>();
        Random random = new Random(20240315);
        List<CanonicalRecord> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int s = random.nextInt(symbols.length);
            String symbol = symbols[s];
            prices[s] *= 1 + random.nextGaussian() * 0.0003;
            Instant ts = start.plusMillis(180L * i + random.nextInt(120));
            boolean isQuote = random.nextInt(4) == 0;
            if (i == 400 || i == 777 || i == 613) {
                isQuote = i == 613; // the incidents below happen on these records whatever the draw
            }
            String series = symbol + (isQuote ? "|q" : "|t");
            long n = seq.merge(series, 1L, Long::sum) + 880_000L;
            if (i == 400 && !isQuote) {
                n += 3; // three prints lost upstream
                seq.merge(series, 3L, Long::sum);
            }
            if (isQuote) {
                BigDecimal mid = BigDecimal.valueOf(prices[s]);
                BigDecimal half = new BigDecimal("0.01").multiply(BigDecimal.valueOf(1 + random.nextInt(3)));
                BigDecimal bid = mid.subtract(half).setScale(2, RoundingMode.HALF_EVEN);
                BigDecimal ask = mid.add(half).setScale(2, RoundingMode.HALF_EVEN);
                if (i == 613) {
                    BigDecimal t = bid;
                    bid = ask;
                    ask = t; // crossed
                }
                records.add(quote("polygon", symbol, ts, n, bid.toPlainString(), ask.toPlainString()).build());
            } else {
                BigDecimal price = BigDecimal.valueOf(prices[s]).setScale(2, RoundingMode.HALF_EVEN);
                CanonicalRecord.Builder b = equityTrade("polygon", symbol, ts, n, price.toPlainString(),
                        String.valueOf(100 * (1 + random.nextInt(5))));
                if (i % 97 == 0) { // odd lot 6 % away: counts in volume only
                    b.price(price.multiply(new BigDecimal("0.94")).setScale(2, RoundingMode.HALF_EVEN))
                            .size(new BigDecimal("13")).conditions(List.of("@", "I")).setsLastPrice(false);
                }
                if (i == 777) { // fat finger, 8 % up
                    b.price(price.multiply(new BigDecimal("1.08")).setScale(2, RoundingMode.HALF_EVEN));
                }
                records.add(b.build());
            }
        }
        // one print delivered after its successor
        CanonicalRecord a = records.get(500);
        for (int j = 501; j < records.size(); j++) {
            CanonicalRecord b = records.get(j);
            if (SeriesState.keyOf(b).equals(SeriesState.keyOf(a))) {
                records.set(500, b);
                records.set(j, a);
                break;
            }
        }
        return records;
    }

    private Map<String, SeriesCheckpoint> states(List<String> keys) {
        Map<String, SeriesCheckpoint> found = new HashMap<>();
        for (String key : keys) {
            found.put(key, checkpoint(pool, key));
        }
        return found;
    }

    private static JsonNode tree(Object value) {
        return Json.toTree(value);
    }

    @Test
    void thousandRecordBatchEndsInTheSameStateAsSmallEvents() {
        List<CanonicalRecord> tape = tape(Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600));
        List<String> keys = List.copyOf(new TreeSet<>(tape.stream().map(SeriesState::keyOf).toList()));
        assertThat(keys).hasSize(20);

        // in small events of ten records, as a chatty feed sends them (the pure record-by-record fold is held equal to
        // the batched one in SeriesBatchTest; 1,000 single-record HTTP posts would cost minutes of CI per run)
        Map<String, JsonNode> oneByOne = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < tape.size(); i += SMALL_EVENT) {
            oneByOne.putAll(checked(post("qc-rbr-" + i, tape.subList(i, Math.min(tape.size(), i + SMALL_EVENT)))));
        }
        double rbrSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, SeriesCheckpoint> expected = states(keys);
        forget(keys, tape);

        // the same small events handed over in one call, as the Kafka door does with a partition's backlog: each
        // event sees the states the events before it left, so every verdict and the end state are the same
        List<InEvent> events = new ArrayList<>();
        for (int i = 0; i < tape.size(); i += SMALL_EVENT) {
            events.add(new InEvent("qc-run-" + i, "1.0", "dev.marketfn.tick.normalized.v1", "/marketfn/normalize", null,
                    "application/json", Map.of(), body(tape.subList(i, Math.min(tape.size(), i + SMALL_EVENT)))
                            .getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, JsonNode> together = new HashMap<>();
        for (Reply r : dispatcher.dispatchAll(events, "kafka", "test-topic").await().atMost(Duration.ofSeconds(60))) {
            Json.tree(Json.bytes(r.reply().data())).path("records")
                    .forEach(record -> together.put(record.path("event_id").asText(), record));
        }
        assertThat(together.keySet()).isEqualTo(oneByOne.keySet());
        for (String id : together.keySet()) {
            // as text: the HTTP reply went through Funqy's mapper, this one through ours (1 vs 1.0 nodes)
            assertThat(together.get(id).path("quality").toString()).as("quality of %s", id)
                    .isEqualTo(oneByOne.get(id).path("quality").toString());
        }
        Map<String, SeriesCheckpoint> afterRun = states(keys);
        for (String key : keys) {
            assertThat(tree(afterRun.get(key).state())).as("state of %s", key).isEqualTo(tree(expected.get(key).state()));
        }
        forget(keys, tape);

        // the same records as one batch
        t0 = System.nanoTime();
        Response reply = post("qc-batch-1000", tape);
        double batchSeconds = (System.nanoTime() - t0) / 1e9;
        LOG.infof("quality-check: 1000 records in events of ten %.2f s (%.0f/s), as one batch %.3f s (%.0f/s)", rbrSeconds,
                1000 / rbrSeconds, batchSeconds, 1000 / batchSeconds);
        assertThat(reply.statusCode()).isEqualTo(200);
        Map<String, JsonNode> batched = checked(reply);

        assertThat(batched).hasSize(999); // the crossed quote is rejected
        List<String> order = new ArrayList<>();
        Json.tree(reply.asByteArray()).path("records").forEach(r -> order.add(r.path("event_id").asText()));
        assertThat(order).isEqualTo(ids(tape).stream().filter(batched::containsKey).toList()); // batch order kept
        assertThat(batched.keySet()).isEqualTo(oneByOne.keySet());
        for (String id : batched.keySet()) {
            assertThat(batched.get(id).path("quality")).as("quality of %s", id)
                    .isEqualTo(oneByOne.get(id).path("quality"));
        }
        Map<String, SeriesCheckpoint> actual = states(keys);
        for (String key : keys) {
            assertThat(tree(actual.get(key).state())).as("state of %s", key).isEqualTo(tree(expected.get(key).state()));
        }
        // the incidents were seen
        List<String> allFlags = batched.values().stream().flatMap(r -> flags(r).stream()).toList();
        assertThat(allFlags).contains("seq_gap", "out_of_order", "outlier");
        List<StoredAlert> stored = alerts(pool, ids(tape));
        assertThat(stored.stream().map(StoredAlert::type).distinct())
                .contains(QualityAlert.MISSING_DATA, QualityAlert.OUTLIER_DETECTED, QualityAlert.CROSSED_QUOTE);
        assertThat(stored.stream().filter(a -> a.type().equals(QualityAlert.OUTLIER_DETECTED))
                .map(StoredAlert::eventId)).containsExactly(tape.get(777).eventId());

        // redelivered: the same reply, and the state does not move
        Map<String, Long> versions = versions(keys);
        Response again = post("qc-batch-1000", tape);
        assertThat(Json.tree(again.asByteArray())).isEqualTo(Json.tree(reply.asByteArray()));
        assertThat(again.header("ce-id")).isEqualTo(reply.header("ce-id"));
        assertThat(versions(keys)).isEqualTo(versions);
        assertThat(alerts(pool, ids(tape))).isEqualTo(stored);
    }

    /** docs/contract/bars.md: a replayed trade changes nothing — also when its series has moved on since (a day replayed). */
    @Test
    void olderInputReplayedKeepsItsVerdictsAndTheSeries() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(20);
        List<CanonicalRecord> early = List.of(
                cryptoTrade("coinbase", "SOL-USD", t, 7_000_100L, "148.21", "2.0").build(),
                cryptoTrade("coinbase", "SOL-USD", t.plusMillis(250), 7_000_101L, "148.25", "1.5").build(),
                cryptoTrade("coinbase", "SOL-USD", t.plusMillis(500), 7_000_104L, "148.19", "0.5").build());
        List<CanonicalRecord> later = List.of(
                cryptoTrade("coinbase", "SOL-USD", t.plusMillis(900), 7_000_105L, "148.30", "3.0").build(),
                cryptoTrade("coinbase", "SOL-USD", t.plusMillis(1400), 7_000_106L, "148.28", "1.0").build());
        Map<String, JsonNode> first = checked(post("qc-old-1", early));
        post("qc-old-2", later);
        String key = "coinbase|SOL-USD|trade|";
        SeriesCheckpoint before = checkpoint(pool, key);
        Map<String, Long> version = versions(List.of(key));
        List<StoredAlert> alertsBefore = alerts(pool, ids(early));

        Map<String, JsonNode> replayed = checked(post("qc-old-1", early));

        assertThat(replayed.keySet()).isEqualTo(first.keySet());
        for (String id : first.keySet()) {
            assertThat(replayed.get(id).path("quality").toString()).as("quality of %s", id)
                    .isEqualTo(first.get(id).path("quality").toString());
        }
        assertThat(tree(checkpoint(pool, key))).isEqualTo(tree(before));
        assertThat(versions(List.of(key))).isEqualTo(version);
        assertThat(alerts(pool, ids(early))).isEqualTo(alertsBefore);
    }

    /** As if the records had never been checked: no series state, no quality on the ticks. */
    private void forget(List<String> keys, List<CanonicalRecord> records) {
        pool.preparedQuery("DELETE FROM function_state WHERE scope = 'quality' AND key = ANY($1)")
                .execute(Tuple.of(keys.toArray(String[]::new))).await().indefinitely();
        pool.preparedQuery("UPDATE ticks SET quality = NULL WHERE event_id = ANY($1)")
                .execute(Tuple.of(ids(records).toArray(String[]::new))).await().indefinitely();
    }

    private Map<String, Long> versions(List<String> keys) {
        Map<String, Long> v = new HashMap<>();
        pool.preparedQuery("SELECT key, version FROM function_state WHERE scope = 'quality' AND key = ANY($1)")
                .execute(Tuple.of(keys.toArray(String[]::new))).await().indefinitely()
                .forEach(row -> v.put(row.getString(0), row.getLong(1)));
        return v;
    }

    /** Coinbase ETH-USD: a lost sequence range, a fat finger and a crossed quote, delivered twice and re-published. */
    @Test
    void sameBatchPostedTwiceRaisesEachAlertOnce() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
        List<CanonicalRecord> batch = List.of(
                cryptoTrade("coinbase", "ETH-USD", t, 5_120_500L, "3712.41", "0.25").build(),
                cryptoTrade("coinbase", "ETH-USD", t.plusMillis(100), 5_120_501L, "3712.40", "0.10").build(),
                cryptoTrade("coinbase", "ETH-USD", t.plusMillis(200), 5_120_504L, "3712.55", "1.00").build(),
                cryptoTrade("coinbase", "ETH-USD", t.plusMillis(300), 5_120_505L, "4100.00", "0.01").build(),
                quote("coinbase", "ETH-USD", t.plusMillis(400), 5_120_506L, "3712.60", "3712.50").assetClass("crypto")
                        .isin(null).build());
        Response first = post("qc-idem-1", batch);
        List<StoredAlert> once = alerts(pool, ids(batch));
        assertThat(once.stream().map(StoredAlert::type)).containsExactlyInAnyOrder(QualityAlert.MISSING_DATA,
                QualityAlert.OUTLIER_DETECTED, QualityAlert.CROSSED_QUOTE);

        Response redelivered = post("qc-idem-1", batch);
        assertThat(Json.tree(redelivered.asByteArray())).isEqualTo(Json.tree(first.asByteArray()));
        assertThat(alerts(pool, ids(batch))).isEqualTo(once);

        // the same records re-published under another event id: recognised record by record
        SeriesCheckpoint before = checkpoint(pool, "coinbase|ETH-USD|trade|");
        post("qc-idem-2", batch);
        assertThat(alerts(pool, ids(batch))).isEqualTo(once);
        assertThat(checkpoint(pool, "coinbase|ETH-USD|trade|").state()).isEqualTo(before.state());
        long rejected = pool.preparedQuery("SELECT count(*) FROM rejected_events WHERE input_id = 'qc-idem-1'")
                .execute().await().indefinitely().iterator().next().getLong(0);
        assertThat(rejected).isEqualTo(1);
    }
}
