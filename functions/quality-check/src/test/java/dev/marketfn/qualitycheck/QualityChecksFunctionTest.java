package dev.marketfn.qualitycheck;

import static dev.marketfn.qualitycheck.QualityTesting.alerts;
import static dev.marketfn.qualitycheck.QualityTesting.bar;
import static dev.marketfn.qualitycheck.QualityTesting.checked;
import static dev.marketfn.qualitycheck.QualityTesting.cryptoTrade;
import static dev.marketfn.qualitycheck.QualityTesting.equityTrade;
import static dev.marketfn.qualitycheck.QualityTesting.flags;
import static dev.marketfn.qualitycheck.QualityTesting.formula;
import static dev.marketfn.qualitycheck.QualityTesting.ids;
import static dev.marketfn.qualitycheck.QualityTesting.post;
import static dev.marketfn.qualitycheck.QualityTesting.quote;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.qualitycheck.QualityTesting.StoredAlert;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every check of quality-check through the function's HTTP door, with the state it keeps between events in
 * PostgreSQL. Each test owns its provider/symbol series, so tests cannot see each other's state.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class QualityChecksFunctionTest {
    @Inject
    Pool pool;

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void assertScoreFormula(Map<String, JsonNode> checked) {
        assertThat(checked).isNotEmpty();
        checked.values().forEach(r -> assertThat(r.path("quality").path("score").asDouble())
                .as("score of %s", r.path("event_id").asText()).isCloseTo(formula(r.path("quality")), within(1e-9)));
    }

    private static List<String> types(List<StoredAlert> alerts) {
        return alerts.stream().map(StoredAlert::type).toList();
    }

    @Test
    void everyKindOfInvalidRecordIsRejectedAndAlertedWhileValidOnesFlow() {
        Instant t = now().minusSeconds(5);
        Instant minute = now().truncatedTo(ChronoUnit.MINUTES); // bars of the last three completed minutes
        List<CanonicalRecord> batch = List.of(
                equityTrade("alpaca", "F", t, 1, "12.11", "300").build(),
                equityTrade("alpaca", "F", t.plusMillis(10), 2, "-12.11", "300").build(),
                equityTrade("alpaca", "F", t.plusMillis(20), 3, "12.11", "-100").build(),
                equityTrade("alpaca", "F", t.plusMillis(30), 4, "12.11", "100").price(null).build(),
                equityTrade("alpaca", "F", t.plusSeconds(60), 5, "12.11", "100").build(), // future beyond 5 s
                equityTrade("alpaca", "F", t.minus(8, ChronoUnit.DAYS), 6, "12.11", "100").build(), // too old
                quote("alpaca", "F", t.plusMillis(40), 7, "12.12", "12.10").build(), // crossed
                quote("alpaca", "F", t.plusMillis(50), 8, "12.10", "12.10").build(), // locked: accepted
                bar("alpaca", "F", "1m", minute.minusSeconds(180), "12.08", "12.05", "12.10", "12.09", "81200")
                        .build(), // high < low
                bar("alpaca", "F", "1m", minute.minusSeconds(120), "12.20", "12.12", "12.06", "12.09", "64000")
                        .build(), // open above high
                bar("alpaca", "F", "1m", minute.minusSeconds(60), "12.09", "12.12", "12.06", "12.11", "59000")
                        .build());
        Response reply = post("qc-invalid-1", batch);
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo("dev.marketfn.tick.checked.v1");
        Map<String, JsonNode> out = checked(reply);
        assertThat(out).containsOnlyKeys(batch.get(0).eventId(), batch.get(7).eventId(), batch.get(10).eventId());
        assertThat(flags(out.get(batch.get(7).eventId()))).containsExactly("locked_quote");
        assertScoreFormula(out);

        Map<String, String> rejected = new HashMap<>();
        for (Row row : pool.preparedQuery("SELECT field, reason FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("qc-invalid-1")).await().indefinitely()) {
            rejected.put(row.getString(0), row.getString(1));
        }
        assertThat(rejected).containsExactlyInAnyOrderEntriesOf(Map.of(
                "records[1].price", "OUT_OF_RANGE",
                "records[2].size", "OUT_OF_RANGE",
                "records[3].price", "MISSING_FIELD",
                "records[4].ts", "OUT_OF_RANGE",
                "records[5].ts", "OUT_OF_RANGE",
                "records[6].bid", "INVALID_VALUE",
                "records[8].low", "INVALID_VALUE",
                "records[9].open", "INVALID_VALUE"));
        List<StoredAlert> stored = alerts(pool, ids(batch));
        assertThat(types(stored)).containsExactlyInAnyOrder(QualityAlert.VALIDATION_FAILED,
                QualityAlert.VALIDATION_FAILED, QualityAlert.VALIDATION_FAILED, QualityAlert.VALIDATION_FAILED,
                QualityAlert.VALIDATION_FAILED, QualityAlert.VALIDATION_FAILED, QualityAlert.CROSSED_QUOTE,
                QualityAlert.VALIDATION_FAILED);
        assertThat(stored).filteredOn(a -> a.type().equals(QualityAlert.CROSSED_QUOTE)).singleElement()
                .satisfies(a -> {
                    assertThat(a.eventId()).isEqualTo(batch.get(6).eventId());
                    assertThat(a.severity()).isEqualTo("HIGH");
                    assertThat(a.values().path("bid").decimalValue()).isEqualByComparingTo("12.12");
                });
    }

    @Test
    void batchWithOnlyInvalidRecordsEmitsNoCheckedEventButStoresEveryRejection() {
        Instant t = now().minusSeconds(5);
        List<CanonicalRecord> batch = List.of(equityTrade("alpaca", "GE", t, 1, "0", "100").build(),
                equityTrade("alpaca", "GE", t.plusMillis(5), 2, "171.10", "100").symbol(null).build());
        Response reply = post("qc-all-invalid", batch);
        assertThat(reply.statusCode()).isEqualTo(204);
        assertThat(checked(reply)).isEmpty();
        long rejected = pool.preparedQuery("SELECT count(*) FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("qc-all-invalid")).await().indefinitely().iterator().next().getLong(0);
        assertThat(rejected).isEqualTo(2);
    }

    /** ORCL around $127: the SEC clearly-erroneous band above $50 is 3 %. */
    @Test
    void equityOutlierUsesSecBandsAndAnOddLotFarFromLastIsNotOne() {
        Instant t = now().minusSeconds(10);
        List<CanonicalRecord> batch = List.of(
                equityTrade("alpaca", "ORCL", t, 1, "127.41", "200").build(),
                equityTrade("alpaca", "ORCL", t.plusMillis(300), 2, "127.45", "100").build(),
                equityTrade("alpaca", "ORCL", t.plusMillis(600), 3, "127.43", "500").build(),
                // odd lot (CTA condition I) 7.4 % below last: may not set the last price, so never an outlier of it
                equityTrade("alpaca", "ORCL", t.plusMillis(900), 4, "118.00", "7").conditions(List.of("@", "I"))
                        .setsLastPrice(false).build(),
                equityTrade("alpaca", "ORCL", t.plusMillis(1200), 5, "131.60", "100").build(), // +3.3 %
                equityTrade("alpaca", "ORCL", t.plusMillis(1500), 6, "127.44", "300").build());
        Map<String, JsonNode> out = checked(post("qc-outlier-sec", batch));
        assertThat(out).hasSize(6);
        assertThat(flags(out.get(batch.get(3).eventId()))).isEmpty();
        assertThat(out.get(batch.get(3).eventId()).path("quality").path("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(flags(out.get(batch.get(4).eventId()))).containsExactly("outlier");
        assertThat(out.get(batch.get(4).eventId()).path("quality").path("accuracy").asDouble()).isLessThan(0.5);
        assertThat(flags(out.get(batch.get(5).eventId()))).isEmpty();
        assertScoreFormula(out);
        assertThat(alerts(pool, ids(batch))).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(QualityAlert.OUTLIER_DETECTED);
            assertThat(a.severity()).isEqualTo("HIGH");
            assertThat(a.eventId()).isEqualTo(batch.get(4).eventId());
            assertThat(a.values().path("method").asText()).isEqualTo("sec_bands");
            assertThat(a.values().path("reference").asDouble()).isEqualTo(127.43);
            assertThat(a.values().path("allowed_pct").asDouble()).isEqualTo(3.0);
        });
    }

    /** BTC-USD on Coinbase: a 0.9 % jump is inside the SEC band but far outside 5 robust σ of a calm tape. */
    @Test
    void cryptoOutlierUsesTheRollingMedianAndMad() {
        Instant t = now().minusSeconds(40);
        String[] tape = {"67012.45", "67013.10", "67011.88", "67014.02", "67012.97", "67013.55", "67012.20",
                "67014.71", "67013.30", "67012.66", "67015.12", "67013.84", "67012.05", "67014.40", "67013.01",
                "67012.73", "67014.95", "67013.62", "67012.38", "67013.90", "67014.26", "67012.81"};
        List<CanonicalRecord> batch = new ArrayList<>();
        for (int i = 0; i < tape.length; i++) {
            batch.add(cryptoTrade("coinbase", "BTC-USD", t.plusMillis(500L * i), 88_100_000L + i, tape[i], "0.0125")
                    .build());
        }
        CanonicalRecord spike = cryptoTrade("coinbase", "BTC-USD", t.plusMillis(500L * tape.length),
                88_100_000L + tape.length, "67620.00", "0.004").build();
        batch.add(spike);
        Map<String, JsonNode> out = checked(post("qc-outlier-mad", batch));
        assertThat(out).hasSize(batch.size());
        assertThat(flags(out.get(spike.eventId()))).containsExactly("outlier");
        assertScoreFormula(out);
        assertThat(alerts(pool, ids(batch))).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(QualityAlert.OUTLIER_DETECTED);
            assertThat(a.eventId()).isEqualTo(spike.eventId());
            assertThat(a.values().path("method").asText()).isEqualTo("robust_mad");
            assertThat(a.values().path("deviation_pct").asDouble()).isLessThan(3.0); // SEC bands would pass it
        });
    }

    /** Polygon sequence numbers are contiguous per series: a hole across two events is three lost messages. */
    @Test
    void sequenceGapAcrossEventsIsMissingData() {
        Instant t = now().minusSeconds(20);
        List<CanonicalRecord> first = List.of(equityTrade("polygon", "PFE", t, 4001, "27.62", "400").build(),
                equityTrade("polygon", "PFE", t.plusMillis(200), 4002, "27.63", "100").build());
        List<CanonicalRecord> second = List.of(
                equityTrade("polygon", "PFE", t.plusMillis(900), 4006, "27.63", "200").build());
        assertThat(checked(post("qc-seq-1", first))).hasSize(2);
        Map<String, JsonNode> out = checked(post("qc-seq-2", second));
        JsonNode r = out.get(second.get(0).eventId());
        assertThat(flags(r)).containsExactly("seq_gap");
        assertThat(r.path("quality").path("completeness").asDouble()).isCloseTo(0.9, within(1e-12));
        assertScoreFormula(out);
        assertThat(alerts(pool, ids(second))).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(QualityAlert.MISSING_DATA);
            assertThat(a.severity()).isEqualTo("MEDIUM");
            assertThat(a.values().path("expected_seq").asLong()).isEqualTo(4003);
            assertThat(a.values().path("received_seq").asLong()).isEqualTo(4006);
            assertThat(a.values().path("missing_count").asLong()).isEqualTo(3);
        });
    }

    /** Alpha Vantage TIME_SERIES_INTRADAY-style 1-minute IBM bars, 10:03 New York missing. */
    @Test
    void missingMinuteInAlphaVantageIntradayBarsIsMissingData() {
        String[][] rows = {
                {"2024-03-15T14:00:00Z", "191.06", "191.22", "190.98", "191.15", "41210"},
                {"2024-03-15T14:01:00Z", "191.15", "191.30", "191.10", "191.28", "28433"},
                {"2024-03-15T14:02:00Z", "191.28", "191.35", "191.17", "191.20", "30150"},
                {"2024-03-15T14:04:00Z", "191.21", "191.40", "191.19", "191.37", "35562"},
                {"2024-03-15T14:05:00Z", "191.37", "191.41", "191.25", "191.31", "22871"}};
        List<CanonicalRecord> batch = new ArrayList<>();
        for (String[] b : rows) {
            batch.add(bar("alphavantage", "IBM", "1m", Instant.parse(b[0]), b[1], b[2], b[3], b[4], b[5]).build());
        }
        Map<String, JsonNode> out = checked(post("qc-av-bars", batch));
        assertThat(out).hasSize(5);
        assertThat(flags(out.get(batch.get(3).eventId()))).containsExactly("missing_bars");
        assertThat(flags(out.get(batch.get(4).eventId()))).isEmpty();
        assertScoreFormula(out);
        assertThat(alerts(pool, ids(batch))).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(QualityAlert.MISSING_DATA);
            assertThat(a.eventId()).isEqualTo(batch.get(3).eventId());
            assertThat(a.values().path("missing_count").asLong()).isEqualTo(1);
            assertThat(a.values().path("missing_ts").get(0).asText()).isEqualTo("2024-03-15T14:03:00.000000Z");
        });
    }

    /** CSCO from Polygon and Alpaca half a second apart: 82 bps apart is beyond the 50 bps limit. */
    @Test
    void crossProviderDisagreementIsInconsistentSources() {
        Instant t = now().minusSeconds(15);
        CanonicalRecord polygon = equityTrade("polygon", "CSCO", t, 7001, "48.50", "100").build();
        assertThat(checked(post("qc-cons-1", List.of(polygon)))).hasSize(1);
        CanonicalRecord off = equityTrade("alpaca", "CSCO", t.plusMillis(400), 1, "48.90", "100").build();
        CanonicalRecord near = equityTrade("alpaca", "CSCO", t.plusMillis(800), 2, "48.52", "100").build();
        CanonicalRecord later = equityTrade("alpaca", "CSCO", t.plusSeconds(5), 3, "48.95", "100").build();
        Map<String, JsonNode> out = checked(post("qc-cons-2", List.of(off, near, later)));
        JsonNode q = out.get(off.eventId()).path("quality");
        assertThat(flags(out.get(off.eventId()))).containsExactly("inconsistent_sources");
        double bps = (48.90 - 48.50) / 48.50 * 10_000;
        assertThat(q.path("consistency").asDouble()).isCloseTo(1 - (bps - 50) / 150, within(1e-6));
        assertThat(out.get(near.eventId()).path("quality").path("consistency").asDouble()).isEqualTo(1.0);
        // 5 s after the last Polygon print: no comparable peer, no evidence against
        assertThat(out.get(later.eventId()).path("quality").path("consistency").asDouble()).isEqualTo(1.0);
        assertScoreFormula(out);
        assertThat(alerts(pool, List.of(off.eventId(), near.eventId(), later.eventId()))).singleElement()
                .satisfies(a -> {
                    assertThat(a.type()).isEqualTo(QualityAlert.INCONSISTENT_SOURCES);
                    assertThat(a.eventId()).isEqualTo(off.eventId());
                    assertThat(a.values().path("peer_providers").get(0).asText()).isEqualTo("polygon");
                    assertThat(a.values().path("peer_median").decimalValue()).isEqualByComparingTo("48.50");
                });
    }

    /**
     * KO prints ingested 1 s, 31 s and 90 s after they happened (budget 2 s good, 60 s bad), one of them without
     * exchange and ISIN: the score is 0.3·completeness + 0.4·accuracy + 0.2·timeliness + 0.1·consistency.
     */
    @Test
    void latencyLowersTimelinessAndTheScoreFollowsTheSpecFormula() {
        Instant t = now().minusSeconds(100);
        CanonicalRecord fast = equityTrade("alpaca", "KO", t, 1, "60.12", "100").ingestTs(t.plusSeconds(1)).build();
        CanonicalRecord slow = equityTrade("alpaca", "KO", t.plusSeconds(1), 2, "60.13", "100").exchange(null)
                .isin(null).ingestTs(t.plusSeconds(32)).build();
        CanonicalRecord late = equityTrade("alpaca", "KO", t.plusSeconds(2), 3, "60.12", "100")
                .ingestTs(t.plusSeconds(92)).build();
        Map<String, JsonNode> out = checked(post("qc-latency", List.of(fast, slow, late)));
        JsonNode f = out.get(fast.eventId()).path("quality");
        assertThat(f.path("timeliness").asDouble()).isEqualTo(1.0);
        assertThat(f.path("score").asDouble()).isCloseTo(1.0, within(1e-12));
        JsonNode s = out.get(slow.eventId()).path("quality");
        assertThat(s.path("timeliness").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(s.path("completeness").asDouble()).isCloseTo(0.85, within(1e-12));
        assertThat(s.path("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(s.path("consistency").asDouble()).isEqualTo(1.0);
        assertThat(s.path("score").asDouble()).isCloseTo(0.3 * 0.85 + 0.4 * 1.0 + 0.2 * 0.5 + 0.1 * 1.0,
                within(1e-9));
        JsonNode l = out.get(late.eventId()).path("quality");
        assertThat(l.path("timeliness").asDouble()).isZero();
        assertThat(flags(out.get(late.eventId()))).containsExactly("late");
        assertScoreFormula(out);
        assertThat(alerts(pool, ids(List.of(fast, slow, late)))).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(QualityAlert.LATE_DATA);
            assertThat(a.severity()).isEqualTo("LOW");
            assertThat(a.eventId()).isEqualTo(late.eventId());
            assertThat(a.values().path("latency_ms").asLong()).isEqualTo(90_000);
        });
    }

    private static Response ping(String id) {
        return given().header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/marketfn/pingsources/stale-sweep")
                .contentType("application/json").body("{\"task\":\"stale-sweep\"}").post("/");
    }

    private List<StoredAlert> sweepAlerts(String type, String provider) {
        List<StoredAlert> found = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT alert_id, severity, symbol, "values"::text FROM quality_alerts
                WHERE alert_type = $1 AND provider = $2""").execute(Tuple.of(type, provider)).await().indefinitely()) {
            found.add(new StoredAlert(row.getString(0), type, row.getString(1), provider, row.getString(2), null,
                    Json.tree(row.getString(3).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        return found;
    }

    /**
     * Binance BTC-USDT last heard from five minutes ago while ETH-USDT is live: the PingSource sweep reports the
     * silent series (crypto trades around the clock), once however often it sweeps.
     */
    @Test
    void pingSweepReportsASilentSeriesAsStaleOnce() {
        Instant t = now();
        CanonicalRecord btc = cryptoTrade("binance", "BTC-USDT", t.minusSeconds(300), 3_412_004_117L, "67021.50",
                "0.01204").build();
        CanonicalRecord eth = cryptoTrade("binance", "ETH-USDT", t.minusSeconds(1), 1_288_455_210L, "3712.38",
                "0.4051").build();
        assertThat(checked(post("qc-stale-data", List.of(btc, eth)))).hasSize(2);
        Response reply = ping("ping-stale-1");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo("dev.marketfn.quality.alert.v1");
        JsonNode records = Json.tree(reply.asByteArray()).path("records");
        List<String> staleSymbols = new ArrayList<>();
        records.forEach(a -> {
            if (a.path("alert_type").asText().equals(QualityAlert.STALE_DATA)
                    && a.path("provider").asText().equals("binance")) {
                staleSymbols.add(a.path("symbol").asText());
            }
        });
        assertThat(staleSymbols).containsExactly("BTC-USDT");
        ping("ping-stale-2");
        assertThat(sweepAlerts(QualityAlert.STALE_DATA, "binance")).singleElement().satisfies(a -> {
            assertThat(a.symbol()).isEqualTo("BTC-USDT");
            assertThat(a.severity()).isEqualTo("MEDIUM");
            assertThat(a.values().path("series").asText()).isEqualTo("binance|BTC-USDT|trade|");
        });
    }

    /** Every Finnhub series silent for minutes: one SOURCE_UNAVAILABLE for the provider instead of one per series. */
    @Test
    void pingSweepReportsAProviderSilentOnEverySeriesAsSourceUnavailable() {
        Instant t = now().minusSeconds(400);
        List<CanonicalRecord> batch = List.of(
                cryptoTrade("finnhub", "DOGE-USDT", t, 1, "0.16412", "15000").build(),
                cryptoTrade("finnhub", "XRP-USDT", t.plusSeconds(30), 2, "0.6213", "820").build());
        assertThat(checked(post("qc-source-down", batch))).hasSize(2);
        ping("ping-source-1");
        ping("ping-source-2");
        assertThat(sweepAlerts(QualityAlert.STALE_DATA, "finnhub")).isEmpty();
        assertThat(sweepAlerts(QualityAlert.SOURCE_UNAVAILABLE, "finnhub")).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo("CRITICAL");
            assertThat(a.symbol()).isNull();
        });
    }

    @Test
    void otherPingSourcesDoNotSweep() {
        Response reply = given().header("ce-specversion", "1.0").header("ce-id", "ping-idle-1")
                .header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/marketfn/pingsources/idle-flush")
                .contentType("application/json").body("{\"task\":\"idle-flush\"}").post("/");
        assertThat(reply.statusCode()).isEqualTo(204);
    }
}
