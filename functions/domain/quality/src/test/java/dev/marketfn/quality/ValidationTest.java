package dev.marketfn.quality;

import static dev.marketfn.quality.Fixtures.bar;
import static dev.marketfn.quality.Fixtures.d;
import static dev.marketfn.quality.Fixtures.equityTrade;
import static dev.marketfn.quality.Fixtures.quote;
import static dev.marketfn.quality.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.contracts.RejectReason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValidationTest {
    private final QualityConfig cfg = QualityConfig.defaults();
    private final Instant now = t("2024-03-15T14:30:01Z");

    private QualityResult.Rejected rejected(CanonicalRecord r) {
        QualityResult res = QualityCheck.check(r, null, cfg, now);
        assertThat(res).isInstanceOf(QualityResult.Rejected.class);
        return (QualityResult.Rejected) res;
    }

    @Test
    void negativeTradePriceIsRejectedNamingTheFieldAndAlerted() {
        CanonicalRecord r = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00.123456Z", 1, "-172.62", "100").build();
        QualityResult.Rejected res = rejected(r);
        assertThat(res.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(res.field()).isEqualTo("price");
        assertThat(res.alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityCheck.VALIDATION_FAILED);
            assertThat(a.alertId()).isEqualTo(EventIds.derive(r.eventId(), "alert:" + QualityCheck.VALIDATION_FAILED));
            assertThat(a.eventId()).isEqualTo(r.eventId());
        });
        // the rejection still counts against the series' reliability
        assertThat(res.state().reliability()).isLessThan(1.0);
        assertThat(res.state().lastPrice()).isNull();
    }

    @Test
    void zeroPriceAndNegativeSizeAreRejected() {
        assertThat(rejected(equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "0", "100").build()).field())
                .isEqualTo("price");
        assertThat(rejected(equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "172.62", "-5").build()).field())
                .isEqualTo("size");
        assertThat(rejected(quote("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "172.60", "172.62")
                .askSize(d("-100")).build()).field()).isEqualTo("ask_size");
    }

    @Test
    void missingRequiredFieldIsRejected() {
        CanonicalRecord r = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:00Z", 1, "172.62", "100").size(null).build();
        QualityResult.Rejected res = rejected(r);
        assertThat(res.reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(res.field()).isEqualTo("size");
    }

    @Test
    void barInvariantsAreEnforced() {
        // MSFT 2024-03-15 daily bar: O 416.16 H 422.60 L 412.79 C 416.42 (close moved above high by a bad feed)
        CanonicalRecord ok = bar("polygon", "MSFT", "1d", "2024-03-15T04:00:00Z", "416.16", "422.60", "412.79",
                "416.42", "45049800").build();
        assertThat(QualityCheck.check(ok, null, cfg, t("2024-03-16T00:00:00Z")))
                .isInstanceOf(QualityResult.Accepted.class);
        CanonicalRecord closeAboveHigh = ok.toBuilder().close(d("423.10")).build();
        QualityResult.Rejected res = (QualityResult.Rejected) QualityCheck.check(closeAboveHigh, null, cfg,
                t("2024-03-16T00:00:00Z"));
        assertThat(res.field()).isEqualTo("close");
        assertThat(res.detail()).contains("bar invariant");
        CanonicalRecord lowAboveHigh = ok.toBuilder().low(d("423.00")).build();
        assertThat(((QualityResult.Rejected) QualityCheck.check(lowAboveHigh, null, cfg, t("2024-03-16T00:00:00Z")))
                .field()).isEqualTo("low");
        CanonicalRecord openBelowLow = ok.toBuilder().open(d("412.00")).build();
        assertThat(((QualityResult.Rejected) QualityCheck.check(openBelowLow, null, cfg, t("2024-03-16T00:00:00Z")))
                .field()).isEqualTo("open");
        CanonicalRecord negativeVolume = ok.toBuilder().volume(d("-1")).build();
        assertThat(((QualityResult.Rejected) QualityCheck.check(negativeVolume, null, cfg, t("2024-03-16T00:00:00Z")))
                .field()).isEqualTo("volume");
    }

    @Test
    void vwapOutsideHighLowIsAcceptedBecauseOddLotsCountInVwapOnly() {
        CanonicalRecord r = bar("alpaca", "MSFT", "1m", "2024-03-15T14:30:00Z", "416.16", "416.30", "416.10",
                "416.20", "12000").vwap(d("416.35")).build();
        assertThat(QualityCheck.check(r, null, cfg, t("2024-03-15T14:31:01Z")))
                .isInstanceOf(QualityResult.Accepted.class);
    }

    @Test
    void crossedQuoteIsRejectedWithCrossedQuoteAlert() {
        CanonicalRecord r = quote("ibkr", "AAPL", "2024-03-15T14:30:00.5Z", 7, "172.64", "172.62").build();
        QualityResult.Rejected res = rejected(r);
        assertThat(res.reason()).isEqualTo(RejectReason.INVALID_VALUE);
        assertThat(res.field()).isEqualTo("bid");
        assertThat(res.alerts()).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo(QualityAlert.CROSSED_QUOTE);
            assertThat(a.severity()).isEqualTo("HIGH");
            assertThat(a.values()).containsEntry("bid", d("172.64")).containsEntry("ask", d("172.62"));
        });
    }

    @Test
    void lockedQuoteIsAcceptedButFlagged() {
        CanonicalRecord r = quote("ibkr", "AAPL", "2024-03-15T14:30:00.5Z", 7, "172.63", "172.63").build();
        QualityResult.Accepted res = (QualityResult.Accepted) QualityCheck.check(r, null, cfg, now);
        assertThat(res.record().quality().flags()).containsExactly(QualityCheck.FLAG_LOCKED_QUOTE);
        assertThat(res.alerts()).isEmpty();
    }

    @Test
    void futureTimestampsBeyondToleranceAreRejected() {
        CanonicalRecord in3s = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:04Z", 1, "172.62", "100").build();
        assertThat(QualityCheck.check(in3s, null, cfg, now)).isInstanceOf(QualityResult.Accepted.class);
        CanonicalRecord in6s = equityTrade("alpaca", "AAPL", "2024-03-15T14:30:07Z", 1, "172.62", "100").build();
        QualityResult.Rejected res = rejected(in6s);
        assertThat(res.field()).isEqualTo("ts");
        assertThat(res.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    void ticksOlderThanTheHorizonAreRejectedButOldBarsAreNot() {
        CanonicalRecord old = equityTrade("alpaca", "AAPL", "2024-03-07T14:30:00Z", 1, "169.00", "100").build();
        assertThat(rejected(old).field()).isEqualTo("ts");
        CanonicalRecord sixDays = equityTrade("alpaca", "AAPL", "2024-03-09T14:30:00Z", 1, "170.73", "100").build();
        assertThat(QualityCheck.check(sixDays, null, cfg, now)).isInstanceOf(QualityResult.Accepted.class);
        // AAPL's first post-split daily bar (2014-06-09), backfilled ten years later
        CanonicalRecord history = bar("csv", "AAPL", "1d", "2014-06-09T04:00:00Z", "92.70", "93.88", "91.75",
                "93.70", "75414997").build();
        assertThat(QualityCheck.check(history, null, cfg, now)).isInstanceOf(QualityResult.Accepted.class);
        QualityConfig bounded = cfg.withBarHorizon(Duration.ofDays(3000));
        assertThat(QualityCheck.check(history, null, bounded, now)).isInstanceOf(QualityResult.Rejected.class);
    }
}
