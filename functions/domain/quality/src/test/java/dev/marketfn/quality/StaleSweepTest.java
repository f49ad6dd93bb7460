package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.cryptoTrade;
import static dev.marketfn.quality.Fixtures.equityTrade;
import static dev.marketfn.quality.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.QualityAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleSweepTest {
    private final QualityConfig cfg = QualityConfig.defaults();

    /** A series that ticked once a second up to {@code lastTs}. */
    private SeriesState series(String provider, String symbol, boolean crypto, Instant lastTs) {
        List<CanonicalRecord> rs = new ArrayList<>();
        for (int i = 4; i >= 0; i--) {
            String ts = lastTs.minusSeconds(i).toString();
            rs.add(crypto ? cryptoTrade(provider, symbol, ts, 100 - i, "67000.5", "0.01").build()
                    : equityTrade(provider, symbol, ts, 100 - i, "172.62", "100").build());
        }
        return Fixtures.run(cfg, null, rs, new ArrayList<>()).state();
    }

    @Test
    void seriesSilentForMoreThanTwiceItsFrequencyIsStale() {
        Instant now = t("2024-03-16T03:00:00Z"); // Saturday: crypto trades, equities do not
        SeriesState btc = series("coinbase", "BTC-USD", true, now.minusSeconds(40));
        SeriesState eth = series("coinbase", "ETH-USD", true, now.minusSeconds(5));
        assertThat(btc.expectedIntervalMs()).isEqualTo(1000.0);
        assertThat(QualityCheck.staleAfter(btc, cfg).toSeconds()).isEqualTo(30); // 2 × 1 s, floored at 30 s
        List<QualityAlert> alerts = QualityCheck.sweepStale(List.of(btc, eth), now, cfg);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.STALE_DATA);
            assertThat(a.symbol()).isEqualTo("BTC-USD");
            assertThat(a.provider()).isEqualTo("coinbase");
        });
        // sweeping again later is the same silence episode: same id, deduplicated by the store
        List<QualityAlert> again = QualityCheck.sweepStale(List.of(btc, eth), now.plusSeconds(1), cfg);
        assertThat(again).singleElement().extracting(QualityAlert::alertId).isEqualTo(alerts.get(0).alertId());
    }

    @Test
    void wholeProviderSilentIsOneSourceUnavailable() {
        Instant now = t("2024-03-16T03:00:00Z");
        SeriesState btc = series("coinbase", "BTC-USD", true, now.minusSeconds(200));
        SeriesState eth = series("coinbase", "ETH-USD", true, now.minusSeconds(150));
        SeriesState binance = series("binance", "BTC-USDT", true, now.minusSeconds(1));
        List<QualityAlert> alerts = QualityCheck.sweepStale(List.of(btc, eth, binance), now, cfg);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.SOURCE_UNAVAILABLE);
            assertThat(a.severity()).isEqualTo("CRITICAL");
            assertThat(a.provider()).isEqualTo("coinbase");
            assertThat(a.symbol()).isNull();
        });
        // 60 s of silence is stale but not yet an outage
        SeriesState btc60 = series("coinbase", "BTC-USD", true, now.minusSeconds(60));
        assertThat(QualityCheck.sweepStale(List.of(btc60), now, cfg)).extracting(QualityAlert::alertType)
                .containsExactly(QualityAlert.STALE_DATA);
    }

    @Test
    void equitiesAreOnlyStaleDuringTheSessionCountedFromTheOpen() {
        SeriesState aapl = series("alpaca", "AAPL", false, t("2024-03-15T19:59:58Z")); // Friday 15:59:58 EDT
        assertThat(QualityCheck.sweepStale(List.of(aapl), t("2024-03-16T15:00:00Z"), cfg)).isEmpty(); // Saturday
        assertThat(QualityCheck.sweepStale(List.of(aapl), t("2024-03-18T13:30:20Z"), cfg)).isEmpty(); // open + 20 s
        List<QualityAlert> late = QualityCheck.sweepStale(List.of(aapl), t("2024-03-18T13:31:00Z"), cfg);
        assertThat(late).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.STALE_DATA);
            assertThat(a.values()).containsEntry("silent_ms", 60_000L);
        });
        // the next day's silence is a new episode, with a new id
        List<QualityAlert> tuesday = QualityCheck.sweepStale(List.of(aapl), t("2024-03-19T13:31:00Z"), cfg);
        assertThat(tuesday.get(0).alertId()).isNotEqualTo(late.get(0).alertId());
    }
}
