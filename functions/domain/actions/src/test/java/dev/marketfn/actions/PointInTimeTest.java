package dev.marketfn.actions;

import static dev.marketfn.actions.A.NY;
import static dev.marketfn.actions.A.d;
import static dev.marketfn.actions.A.dailyBar;
import static dev.marketfn.actions.A.dividend;
import static dev.marketfn.actions.A.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PointInTimeTest {
    private final CanonicalRecord pre = dailyBar("AAPL", "2020-08-28", "504.05", "505.77", "498.31", "499.23",
            "46907479");

    @Test
    void actionRecordedAfterItsExDateAppliesOnlyFromItsKnownAt() {
        // the vendor delivered the split two days late
        FactorTimeline t = FactorTimeline.empty()
                .with(split("AAPL-2020-split", "AAPL", "4", "2020-08-31", "2020-09-02T12:00:00Z"), null);
        CanonicalRecord before = Adjuster.adjust(pre, t, AdjustmentMode.SPLIT, Instant.parse("2020-09-01T21:00:00Z"),
                NY);
        CanonicalRecord after = Adjuster.adjust(pre, t, AdjustmentMode.SPLIT, Instant.parse("2020-09-02T12:00:00Z"),
                NY);
        assertThat(before.close()).isEqualTo(d("499.23"));
        assertThat(before.adjustment().actions()).isEmpty();
        assertThat(after.close()).isEqualTo(d("124.8075"));
    }

    @Test
    void correctionSupersedesOnlyFromItsKnownAtAndHistoryIsKept() {
        FactorTimeline t = FactorTimeline.empty()
                .with(dividend("AAPL-2020-08-div", "AAPL", "0.80", "2020-08-07", "2020-07-30T20:30:00Z"), d("455.61"))
                .with(dividend("AAPL-2020-08-div", "AAPL", "0.82", "2020-08-07", "2020-07-31T13:00:00Z"), d("455.61"));
        LocalDate prior = LocalDate.of(2020, 8, 6);
        FactorTimeline.Cumulative first = t.cumulative(prior, Instant.parse("2020-07-31T00:00:00Z"),
                AdjustmentMode.TOTAL_RETURN);
        FactorTimeline.Cumulative corrected = t.cumulative(prior, Instant.parse("2020-08-01T00:00:00Z"),
                AdjustmentMode.TOTAL_RETURN);
        assertThat(first.price()).isEqualTo(Fraction.ratioOf(d("454.81"), d("455.61")));
        assertThat(corrected.price()).isEqualTo(Fraction.ratioOf(d("454.79"), d("455.61")));
        assertThat(t.versions()).hasSize(2);
        assertThat(t.cumulative(prior, Instant.parse("2020-07-30T00:00:00Z"), AdjustmentMode.TOTAL_RETURN).price())
                .isEqualTo(Fraction.ONE);
    }

    @Test
    void replayOfTheSameVersionChangesNothing() {
        FactorTimeline t = FactorTimeline.empty()
                .with(split("AAPL-2020-split", "AAPL", "4", "2020-08-31", "2020-07-30T20:30:00Z"), null);
        FactorTimeline again = t.with(split("AAPL-2020-split", "AAPL", "4.0", "2020-08-31", "2020-07-30T20:30:00Z"),
                null);
        assertThat(again).isSameAs(t);
        assertThat(again.cumulative(LocalDate.of(2020, 8, 28), Instant.parse("2021-01-01T00:00:00Z"),
                AdjustmentMode.SPLIT).price()).isEqualTo(Fraction.of(d("0.25")));
        assertThatThrownBy(() -> t.with(split("AAPL-2020-split", "AAPL", "5", "2020-08-31", "2020-07-30T20:30:00Z"),
                null)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("known_at"));
    }

    /**
     * An announcement redelivered without known_at is stamped with its (later) receive time: a new version key with the
     * same content, so no factor, no as-of read and no action list changes.
     */
    @Test
    void redeliveryStampedLaterChangesNoFactor() {
        FactorTimeline t = FactorTimeline.empty()
                .with(split("AAPL-2020-split", "AAPL", "4", "2020-08-31", "2020-07-30T20:30:00Z"), null)
                .with(dividend("AAPL-2020-08-div", "AAPL", "0.82", "2020-08-07", "2020-07-30T20:30:00Z"), d("455.61"));
        FactorTimeline redelivered = t
                .with(split("AAPL-2020-split", "AAPL", "4", "2020-08-31", "2020-08-03T09:00:00Z"), null)
                .with(dividend("AAPL-2020-08-div", "AAPL", "0.820", "2020-08-07", "2020-08-03T09:00:00Z"), d("455.61"));
        for (String asOf : new String[] {"2020-07-30T20:30:00Z", "2020-08-03T09:00:00Z", "2025-01-02T00:00:00Z"}) {
            for (AdjustmentMode mode : AdjustmentMode.values()) {
                assertThat(redelivered.cumulative(LocalDate.of(2020, 8, 6), Instant.parse(asOf), mode))
                        .isEqualTo(t.cumulative(LocalDate.of(2020, 8, 6), Instant.parse(asOf), mode));
            }
        }
        assertThat(Adjuster.adjust(pre, redelivered, AdjustmentMode.SPLIT, Instant.parse("2025-01-02T00:00:00Z"), NY))
                .isEqualTo(Adjuster.adjust(pre, t, AdjustmentMode.SPLIT, Instant.parse("2025-01-02T00:00:00Z"), NY));
    }

    @Test
    void versionWithoutKnownAtIsRejected() {
        assertThatThrownBy(() -> ActionVersion.of(split("X", "AAPL", "4", "2020-08-31", "2020-07-30T20:30:00Z")
                .withKnownAt(null), null)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("known_at"));
    }

    @Test
    void appliedCarriesTheActionsOwnFactors() {
        var applied = CorporateActions.applied(split("AAPL-2020-split", "AAPL", "4", "2020-08-31",
                "2020-07-30T20:30:00Z"), null);
        assertThat(applied.priceAdjustmentFactor()).isEqualTo(d("0.25"));
        assertThat(applied.volumeAdjustmentFactor()).isEqualTo(d("4"));
        assertThat(applied.affectedFrom()).isNull();
        assertThat(applied.affectedTo()).isEqualTo(LocalDate.of(2020, 8, 30));
        assertThat(applied.knownAt()).isEqualTo(Instant.parse("2020-07-30T20:30:00Z"));
        assertThat(applied.type()).isEqualTo("split");
        var div = CorporateActions.applied(dividend("AAPL-2020-08-div", "AAPL", "0.82", "2020-08-07",
                "2020-07-30T20:30:00Z"), d("455.61"));
        assertThat(div.priceAdjustmentFactor()).isEqualTo(d("454.79").divide(d("455.61"), Fraction.MC));
        assertThat(div.volumeAdjustmentFactor()).isEqualTo(d("1"));
        assertThatThrownBy(() -> CorporateActions.applied(dividend("D", "AAPL", "0.82", "2020-08-07",
                "2020-07-30T20:30:00Z"), null)).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("prev_close"));
        assertThatThrownBy(() -> CorporateActions.applied(dividend("D", "XYZ", "5.00", "2020-08-07",
                "2020-07-30T20:30:00Z"), d("4.80"))).isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.field()).isEqualTo("amount"));
    }
}
