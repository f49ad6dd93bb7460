package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.cryptoTrade;
import static dev.marketfn.quality.Fixtures.equityTrade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Quality;
import dev.marketfn.contracts.QualityAlert;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierTest {
    private final QualityConfig cfg = QualityConfig.defaults();

    private static QualityResult.Accepted accepted(QualityResult r) {
        assertThat(r).isInstanceOf(QualityResult.Accepted.class);
        return (QualityResult.Accepted) r;
    }

    private SeriesState seeded(String symbol, String price) {
        CanonicalRecord first = equityTrade("alpaca", symbol, "2024-03-15T14:30:00Z", 1, price, "100").build();
        return accepted(QualityCheck.check(first, null, cfg, first.ts().plusSeconds(1))).state();
    }

    private QualityResult.Accepted next(SeriesState s, String symbol, long seq, String price) {
        CanonicalRecord r = equityTrade("alpaca", symbol, "2024-03-15T14:30:0" + seq + "Z", seq, price, "100").build();
        return accepted(QualityCheck.check(r, s, cfg, r.ts().plusSeconds(1)));
    }

    @Test
    void secBandsAbove50DollarsAre3Percent() {
        SeriesState s = seeded("AAPL", "172.62");
        QualityResult.Accepted near = next(s, "AAPL", 2, "176.90"); // +2.48 %
        assertThat(near.record().quality().flags()).isEmpty();
        assertThat(near.record().quality().accuracy()).isCloseTo(1.0 - (0.0248 / 0.03 - 0.5), within(1e-3));
        assertThat(near.state().lastPrice()).isEqualByComparingTo("176.90");

        QualityResult.Accepted far = next(s, "AAPL", 2, "178.10"); // +3.17 %
        Quality q = far.record().quality();
        assertThat(q.flags()).containsExactly(QualityCheck.FLAG_OUTLIER);
        assertThat(q.accuracy()).isLessThan(0.5);
        assertThat(q.score()).isCloseTo(0.3 * q.completeness() + 0.4 * q.accuracy() + 0.2 * q.timeliness()
                + 0.1 * q.consistency(), within(1e-12));
        assertThat(far.alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.OUTLIER_DETECTED);
            assertThat(a.values()).containsEntry("method", "sec_bands").containsEntry("allowed_pct", 3.0);
        });
        // the outlier is not the new reference: the next normal print is judged against 172.62
        assertThat(far.state().lastPrice()).isEqualByComparingTo("172.62");
        assertThat(far.state().reliability()).isLessThan(s.reliability());
        assertThat(next(far.state(), "AAPL", 3, "172.70").record().quality().flags()).isEmpty();
    }

    @Test
    void secBandsUnder25DollarsAre10Percent() {
        SeriesState s = seeded("F", "12.10");
        assertThat(next(s, "F", 2, "13.20").record().quality().flags()).isEmpty(); // +9.1 %
        assertThat(next(s, "F", 2, "13.40").record().quality().flags()).containsExactly(QualityCheck.FLAG_OUTLIER);
    }

    @Test
    void secBandsBetween25And50DollarsAre5Percent() {
        SeriesState s = seeded("INTC", "42.80");
        assertThat(next(s, "INTC", 2, "44.80").record().quality().flags()).isEmpty(); // +4.7 %
        assertThat(next(s, "INTC", 2, "45.10").record().quality().flags()).containsExactly(QualityCheck.FLAG_OUTLIER);
    }

    @Test
    void oddLotFarFromLastIsNeverAnOutlierAndDoesNotMoveTheReference() {
        SeriesState s = seeded("AAPL", "172.62");
        CanonicalRecord oddLot = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:02Z", 2, "181.00", "7")
                .conditions(List.of("@", "I")).setsLastPrice(false).build();
        QualityResult.Accepted res = accepted(QualityCheck.check(oddLot, s, cfg, oddLot.ts().plusSeconds(1)));
        assertThat(res.record().quality().flags()).isEmpty();
        assertThat(res.record().quality().accuracy()).isEqualTo(1.0);
        assertThat(res.alerts()).isEmpty();
        assertThat(res.state().lastPrice()).isEqualByComparingTo("172.62");
    }

    @Test
    void consecutiveAgreeingOutliersAreALevelShift() {
        SeriesState s = seeded("AAPL", "172.62");
        QualityResult.Accepted a = next(s, "AAPL", 2, "181.00");
        QualityResult.Accepted b = next(a.state(), "AAPL", 3, "181.05");
        QualityResult.Accepted c = next(b.state(), "AAPL", 4, "181.10");
        assertThat(a.record().quality().flags()).containsExactly(QualityCheck.FLAG_OUTLIER);
        assertThat(b.record().quality().flags()).containsExactly(QualityCheck.FLAG_OUTLIER);
        assertThat(c.record().quality().flags()).containsExactly(QualityCheck.FLAG_LEVEL_SHIFT);
        assertThat(c.alerts()).isEmpty();
        assertThat(c.state().lastPrice()).isEqualByComparingTo("181.10");
        assertThat(c.state().outlierRun()).isZero();
    }

    @Test
    void cryptoUsesRollingMedianAndMadOnceEnoughSamples() {
        List<CanonicalRecord> window = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String price = String.valueOf(67000 + (i * 37) % 50) + ".5";
            window.add(cryptoTrade("coinbase", "BTC-USD", String.format("2024-03-15T14:30:%02dZ", i), 1000 + i, price,
                    "0.0142").build());
        }
        List<QualityResult> sink = new ArrayList<>();
        SeriesState early = Fixtures.run(cfg, null, window.subList(0, 10), sink).state();
        SeriesState full = Fixtures.run(cfg, early, window.subList(10, 30), sink).state();
        assertThat(sink).allSatisfy(r -> assertThat(accepted(r).record().quality().flags()).isEmpty());
        assertThat(full.recentPrices()).hasSize(30);

        CanonicalRecord spike = cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:31Z", 1030, "67150.5", "0.01")
                .build();
        CanonicalRecord spikeEarly = cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:11Z", 1010, "67150.5",
                "0.01").build();
        // 0.2 % away: inside every SEC band, so a young series (10 < 20 samples, bands fallback) accepts it …
        assertThat(accepted(QualityCheck.check(spikeEarly, early, cfg, spikeEarly.ts())).record().quality().flags())
                .isEmpty();
        // … but against a tight window (MAD ≈ 12.5 USD) it is ~6.7 robust σ away: an outlier at k = 5
        QualityResult.Accepted res = accepted(QualityCheck.check(spike, full, cfg, spike.ts()));
        assertThat(res.record().quality().flags()).containsExactly(QualityCheck.FLAG_OUTLIER);
        assertThat(res.alerts()).singleElement().satisfies(a -> assertThat(a.values()).containsEntry("method",
                "robust_mad"));
        CanonicalRecord normal = cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:31Z", 1030, "67060.5", "0.01")
                .build();
        assertThat(accepted(QualityCheck.check(normal, full, cfg, normal.ts())).record().quality().flags()).isEmpty();
        // k is configurable per asset class: at k = 10 the spike passes
        QualityConfig loose = cfg.withOutlierRule("crypto", OutlierRule.robustMad(10.0, 20, 50));
        assertThat(accepted(QualityCheck.check(spike, full, loose, spike.ts())).record().quality().flags()).isEmpty();
    }

    @Test
    void accuracyIsContinuousAndMonotone() {
        assertThat(QualityCheck.accuracy(0.0)).isEqualTo(1.0);
        assertThat(QualityCheck.accuracy(0.5)).isEqualTo(1.0);
        assertThat(QualityCheck.accuracy(1.0)).isEqualTo(0.5);
        assertThat(QualityCheck.accuracy(2.0)).isEqualTo(0.25);
        assertThat(QualityCheck.accuracy(0.75)).isGreaterThan(QualityCheck.accuracy(0.9));
    }
}
