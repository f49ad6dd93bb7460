package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.cryptoTrade;
import static dev.marketfn.quality.Fixtures.d;
import static dev.marketfn.quality.Fixtures.equityTrade;
import static dev.marketfn.quality.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Quality;
import dev.marketfn.contracts.QualityAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScoreTest {
    private final QualityConfig cfg = QualityConfig.defaults();

    private static QualityResult.Accepted accepted(QualityResult r) {
        assertThat(r).isInstanceOf(QualityResult.Accepted.class);
        return (QualityResult.Accepted) r;
    }

    @Test
    void crossProviderDisagreementAboveLimitIsInconsistent() {
        CanonicalRecord r = cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:00Z", 1, "67000.00", "0.5").build();
        List<PeerPrice> peers = List.of(
                new PeerPrice("binance", t("2024-03-15T14:30:00.800Z"), d("67480")),
                new PeerPrice("kraken", t("2024-03-15T14:29:58.800Z"), d("67520")),
                new PeerPrice("bitstamp", t("2024-03-15T14:29:57Z"), d("60000")), // 3 s away: not comparable
                new PeerPrice("coinbase", t("2024-03-15T14:30:00Z"), d("50000"))); // own provider: ignored
        Consistency c = QualityCheck.consistency(r, peers, cfg);
        assertThat(c.peerMedian()).isEqualByComparingTo("67500");
        assertThat(c.peerProviders()).containsExactly("binance", "kraken");
        assertThat(c.disagreementBps()).isCloseTo(74.07, within(0.01));
        assertThat(c.component()).isCloseTo(1 - (74.074 - 50) / 150, within(1e-3));

        QualityResult.Accepted res = accepted(QualityCheck.check(r, null, cfg, r.ts().plusSeconds(1), peers));
        assertThat(res.record().quality().flags()).containsExactly(QualityCheck.FLAG_INCONSISTENT);
        assertThat(res.record().quality().consistency()).isEqualTo(c.component());
        assertThat(res.alerts()).singleElement().extracting(QualityAlert::alertType)
                .isEqualTo(QualityAlert.INCONSISTENT_SOURCES);

        List<PeerPrice> close = List.of(new PeerPrice("binance", t("2024-03-15T14:30:00.500Z"), d("67100")));
        assertThat(QualityCheck.consistency(r, close, cfg).component()).isEqualTo(1.0); // 14.9 bps
        assertThat(QualityCheck.consistency(r, List.of(), cfg).component()).isEqualTo(1.0);
    }

    @Test
    void timelinessDecaysFromGoodToBadLatency() {
        Instant ts = t("2024-03-15T14:30:00Z");
        CanonicalRecord.Builder b = equityTrade("alpaca", "AAPL", ts.toString(), 1, "172.62", "100");
        Quality fast = accepted(QualityCheck.check(b.ingestTs(ts.plusSeconds(1)).build(), null, cfg, ts.plusSeconds(91)))
                .record().quality();
        assertThat(fast.timeliness()).isEqualTo(1.0);
        Quality mid = accepted(QualityCheck.check(b.ingestTs(ts.plusSeconds(31)).build(), null, cfg, ts.plusSeconds(91)))
                .record().quality();
        assertThat(mid.timeliness()).isCloseTo(0.5, within(1e-9));
        QualityResult.Accepted late = accepted(QualityCheck.check(b.ingestTs(ts.plusSeconds(90)).build(), null, cfg,
                ts.plusSeconds(91)));
        assertThat(late.record().quality().timeliness()).isZero();
        assertThat(late.record().quality().flags()).containsExactly(QualityCheck.FLAG_LATE);
        assertThat(late.alerts()).singleElement().extracting(QualityAlert::alertType).isEqualTo(QualityAlert.LATE_DATA);
        // a CSV history load is not late
        CanonicalRecord csv = b.provider("csv").eventId(null).ingestTs(ts.plusSeconds(86_400)).build();
        assertThat(accepted(QualityCheck.check(csv, null, cfg, ts.plusSeconds(86_401))).record().quality().timeliness())
                .isEqualTo(1.0);
    }

    @Test
    void aLateStretchRaisesOneAlertUntilTheSeriesIsTimelyAgain() {
        Instant ts = t("2024-03-15T14:30:00Z");
        SeriesState state = null;
        List<Integer> alertsPerRecord = new ArrayList<>();
        // replayed history (late), then live (timely), then late again
        long[] latencySeconds = {600, 600, 600, 1, 1, 600, 600};
        for (int i = 0; i < latencySeconds.length; i++) {
            Instant eventTime = ts.plusSeconds(i);
            CanonicalRecord r = equityTrade("alpaca", "AAPL", eventTime.toString(), i + 1, "172.62", "100")
                    .ingestTs(eventTime.plusSeconds(latencySeconds[i])).build();
            QualityResult.Accepted res = accepted(QualityCheck.check(r, state, cfg, r.ingestTs()));
            assertThat(res.record().quality().timeliness()).isEqualTo(latencySeconds[i] > 60 ? 0.0 : 1.0);
            alertsPerRecord.add((int) res.alerts().stream()
                    .filter(a -> a.alertType().equals(QualityAlert.LATE_DATA)).count());
            state = res.state();
        }
        assertThat(alertsPerRecord).containsExactly(1, 0, 0, 0, 0, 1, 0);
    }

    @Test
    void completenessCountsEnrichmentAndContinuity() {
        CanonicalRecord full = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "172.62", "100").build();
        assertThat(QualityCheck.completeness(full, 1.0)).isCloseTo(1.0, within(1e-12));
        CanonicalRecord thin = full.toBuilder().exchange(null).isin(null).build();
        assertThat(QualityCheck.completeness(thin, 1.0)).isCloseTo(0.85, within(1e-12));
        assertThat(QualityCheck.completeness(thin, 0.0)).isCloseTo(0.75, within(1e-12));
        CanonicalRecord crypto = cryptoTrade("coinbase", "BTC-USD", "2024-03-15T14:30:00Z", 1, "67000", "1").build();
        assertThat(QualityCheck.completeness(crypto, 1.0)).isCloseTo(1.0, within(1e-12)); // no ISIN expected
        Quality q = accepted(QualityCheck.check(thin, null, cfg, thin.ts().plusSeconds(1))).record().quality();
        assertThat(q).isEqualTo(Quality.of(0.85, 1.0, 1.0, 1.0, List.of()));
    }

    /** An AAPL print 2.4 % from the last (SEC band 3 %), 31 s late, without exchange and ISIN, 82 bps from a peer. */
    @Test
    void scoreIsTheSpecWeightingOfTheFourComponents() {
        Instant ts = t("2024-03-15T14:30:01Z");
        CanonicalRecord first = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "172.62", "100").build();
        SeriesState s = QualityCheck.check(first, null, cfg, ts).state();
        CanonicalRecord r = equityTrade("alpaca", "AAPL", ts.toString(), 2, "176.76", "100").exchange(null).isin(null)
                .ingestTs(ts.plusSeconds(31)).build();
        List<PeerPrice> peers = List.of(new PeerPrice("polygon", ts.minusMillis(300), d("175.31")));
        Quality q = accepted(QualityCheck.check(r, s, cfg, ts.plusSeconds(32), peers)).record().quality();
        assertThat(q.completeness()).isCloseTo(0.85, within(1e-12));
        assertThat(q.accuracy()).isStrictlyBetween(0.5, 1.0);
        assertThat(q.timeliness()).isCloseTo(0.5, within(1e-9));
        assertThat(q.consistency()).isStrictlyBetween(0.0, 1.0);
        assertThat(q.score()).isCloseTo(0.3 * q.completeness() + 0.4 * q.accuracy() + 0.2 * q.timeliness()
                + 0.1 * q.consistency(), within(1e-12));
        assertThat(Quality.of(0.85, 0.6, 0.5, 0.7, List.of()).score()).isCloseTo(0.665, within(1e-12));
    }

    @Test
    void sameBatchTwiceRaisesEachAlertOnce() {
        List<CanonicalRecord> batch = List.of(
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.1Z", 500, "3712.41", "0.25").build(),
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.2Z", 501, "3712.40", "0.10").build(),
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.3Z", 504, "3712.55", "1.00").build(),
                cryptoTrade("coinbase", "ETH-USD", "2024-03-15T14:30:00.4Z", 505, "4100.00", "0.01").build(),
                Fixtures.quote("coinbase", "ETH-USD", "2024-03-15T14:30:00.5Z", 506, "3712.60", "3712.50").build());
        List<QualityResult> first = new ArrayList<>();
        SeriesState s1 = Fixtures.run(cfg, null, batch.subList(0, 4), first).state();
        first.add(QualityCheck.check(batch.get(4), null, cfg, batch.get(4).ts()));
        Set<String> ids = first.stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertId)
                .collect(Collectors.toSet());
        assertThat(first.stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertType))
                .containsExactlyInAnyOrder(QualityAlert.MISSING_DATA, QualityAlert.OUTLIER_DETECTED,
                        QualityAlert.CROSSED_QUOTE);

        // redelivered before the state was saved: identical alerts
        List<QualityResult> replay = new ArrayList<>();
        Fixtures.run(cfg, null, batch.subList(0, 4), replay);
        replay.add(QualityCheck.check(batch.get(4), null, cfg, batch.get(4).ts()));
        assertThat(replay.stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertId)
                .collect(Collectors.toSet())).isEqualTo(ids);

        // redelivered after the state was saved: nothing new, and the state does not move
        List<QualityResult> after = new ArrayList<>();
        SeriesState s2 = Fixtures.run(cfg, s1, batch.subList(0, 4), after).state();
        assertThat(ids).containsAll(after.stream().flatMap(r -> r.alerts().stream()).map(QualityAlert::alertId)
                .toList());
        assertThat(s2).isEqualTo(s1);
    }
}
