package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.bar;
import static dev.marketfn.quality.Fixtures.cryptoTrade;
import static dev.marketfn.quality.Fixtures.equityTrade;
import static dev.marketfn.quality.Fixtures.quote;
import static dev.marketfn.quality.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One series' records of a batch at a time: the same as record by record, and exact on redelivery. */
class SeriesBatchTest {
    private final QualityConfig cfg = QualityConfig.defaults();

    /** Coinbase BTC-USD with a lost range, an out-of-order print, an odd lot and a fat finger. */
    private static List<CanonicalRecord> tape() {
        List<CanonicalRecord> rs = new ArrayList<>();
        String[] prices = {"67012.45", "67013.10", "67011.88", "67014.02", "67012.97", "67013.55", "67012.20",
                "67014.71", "67013.30", "67012.66", "67015.12", "67013.84", "67012.05", "67014.40", "67013.01",
                "67012.73", "67014.95", "67013.62", "67012.38", "67013.90", "67014.26", "67012.81"};
        for (int i = 0; i < prices.length; i++) {
            long seq = 88_100_000L + i + (i >= 10 ? 4 : 0); // four messages lost before the 11th
            rs.add(cryptoTrade("coinbase", "BTC-USD", String.format("2024-03-15T14:30:%02d.250Z", i), seq, prices[i],
                    "0.0125").build());
        }
        rs.add(5, rs.remove(6)); // delivered after its successor
        rs.add(cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:30Z", 88_100_026L, "65100.00", "0.0004")
                .setsLastPrice(false).build()); // may not set last: never an outlier
        rs.add(cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:31Z", 88_100_027L, "67620.00", "0.004").build());
        return rs;
    }

    @Test
    void aSeriesBatchIsExactlyRecordByRecord() {
        List<CanonicalRecord> rs = tape();
        Instant now = t("2024-03-15T14:31:00Z");
        List<QualityResult> one = new ArrayList<>();
        SeriesState s = null;
        for (CanonicalRecord r : rs) {
            QualityResult res = QualityCheck.check(r, s, cfg, now);
            one.add(res);
            s = res.state();
        }
        SeriesRun run = QualityCheck.checkSeries("ce-1", rs, null, cfg, now, List.of());
        assertThat(run.results()).isEqualTo(one);
        assertThat(run.checkpoint()).isEqualTo(new SeriesCheckpoint(s, "ce-1", null));
        assertThat(run.results().stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertType))
                // the early print looks like a one-message gap, the lost range like four; then the fat finger
                .containsExactlyInAnyOrder(QualityAlert.MISSING_DATA, QualityAlert.MISSING_DATA,
                        QualityAlert.OUTLIER_DETECTED);

        // split into two inputs: the second starts where the first ended
        SeriesRun first = QualityCheck.checkSeries("ce-a", rs.subList(0, 12), null, cfg, now, List.of());
        SeriesRun second = QualityCheck.checkSeries("ce-b", rs.subList(12, rs.size()), first.checkpoint(), cfg, now,
                List.of());
        assertThat(second.checkpoint().state()).isEqualTo(s);
        assertThat(second.checkpoint().before()).isEqualTo(first.checkpoint().state());
    }

    @Test
    void redeliveryOfTheLatestInputRecomputesItExactly() {
        List<CanonicalRecord> rs = tape();
        Instant now = t("2024-03-15T14:31:00Z");
        SeriesRun earlier = QualityCheck.checkSeries("ce-1", rs.subList(0, 8), null, cfg, now, List.of());
        SeriesRun latest = QualityCheck.checkSeries("ce-2", rs.subList(8, rs.size()), earlier.checkpoint(), cfg, now,
                List.of());
        SeriesRun again = QualityCheck.checkSeries("ce-2", rs.subList(8, rs.size()), latest.checkpoint(), cfg,
                now.plusSeconds(30), List.of());
        assertThat(again).isEqualTo(latest);

        // the same records under another input id are duplicates: the state does not move, no new alert appears
        SeriesRun republished = QualityCheck.checkSeries("ce-3", rs.subList(8, rs.size()), latest.checkpoint(), cfg,
                now, List.of());
        assertThat(republished.checkpoint().state()).isEqualTo(latest.checkpoint().state());
        assertThat(republished.results().stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertId))
                .isSubsetOf(latest.results().stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertId)
                        .toList());
    }

    @Test
    void checkpointRoundTripsAndABareStateIsStillRead() throws Exception {
        SeriesRun run = QualityCheck.checkSeries("ce-1", tape(), null, cfg, t("2024-03-15T14:31:00Z"), List.of());
        SeriesRun next = QualityCheck.checkSeries("ce-2", List.of(cryptoTrade("coinbase", "BTC-USD",
                "2024-03-15T14:30:40Z", 88_100_028L, "67013.20", "0.2").build()), run.checkpoint(), cfg,
                t("2024-03-15T14:31:00Z"), List.of());
        byte[] stored = Json.bytes(next.checkpoint());
        assertThat(SeriesCheckpoint.fromJson(stored)).isEqualTo(next.checkpoint());
        byte[] legacy = Json.bytes(next.checkpoint().state());
        assertThat(SeriesCheckpoint.fromJson(legacy)).isEqualTo(SeriesCheckpoint.of(next.checkpoint()
                .state()));
        assertThat(SeriesCheckpoint.fromJson(" null ".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void referencePriceForOtherProvidersIsTheLatestAcceptedTradeMidOrClose() {
        Instant now = t("2024-03-15T14:31:00Z");
        SeriesState trades = QualityCheck.checkSeries("ce-t", List.of(
                equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "172.62", "100").build(),
                equityTrade("alpaca", "AAPL", "2024-03-15T14:30:01Z", 2, "160.00", "7").setsLastPrice(false).build(),
                equityTrade("alpaca", "AAPL", "2024-03-15T14:30:02Z", 3, "181.00", "100").build()), // outlier
                null, cfg, now, List.of()).checkpoint().state();
        assertThat(trades.asPeer()).isEqualTo(new PeerPrice("alpaca", t("2024-03-15T14:30:00Z"), Fixtures.d("172.62")));

        SeriesState quotes = QualityCheck.checkSeries("ce-q", List.of(
                quote("polygon", "AAPL", "2024-03-15T14:30:00Z", 1, "172.60", "172.64").build()), null, cfg, now,
                List.of()).checkpoint().state();
        assertThat(quotes.asPeer().price()).isEqualByComparingTo("172.62");

        CanonicalRecord b = bar("polygon", "AAPL", "1m", "2024-03-15T14:29:00Z", "172.50", "172.70", "172.41",
                "172.66", "48211").build();
        SeriesState bars = QualityCheck.checkSeries("ce-b", List.of(b), null, cfg, now, List.of()).checkpoint()
                .state();
        assertThat(bars.asPeer()).isEqualTo(new PeerPrice("polygon", b.ts(), Fixtures.d("172.66")));
        assertThat(SeriesState.initial(b).asPeer()).isNull();
        assertThat(SeriesState.peerKey(bars.key(), "alpaca")).isEqualTo("alpaca|AAPL|bar|1m");
        assertThat(SeriesState.providerOf(bars.key())).isEqualTo("polygon");
    }
}
