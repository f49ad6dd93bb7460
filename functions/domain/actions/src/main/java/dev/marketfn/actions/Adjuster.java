package dev.marketfn.actions;

import dev.marketfn.contracts.Adjustment;
import dev.marketfn.contracts.CanonicalRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Brings a checked record into the basis current as of a point in time: prices (price, bid, ask, OHLC, vwap) ×
 * price factor, sizes (size, bid/ask size, volume) × volume factor, trade_count unchanged.
 */
public final class Adjuster {
    private Adjuster() {
    }

    /**
     * @param exchangeZone the listing exchange's zone: the record's trading date is its ts there (a 1d bar starts at
     *                     00:00 local, docs/contract/payloads.md), and an action applies to trading dates before its ex-date
     */
    public static CanonicalRecord adjust(CanonicalRecord checked, FactorTimeline timeline, AdjustmentMode mode,
            Instant asOf, ZoneId exchangeZone) {
        LocalDate tradingDate = checked.ts().atZone(exchangeZone).toLocalDate();
        FactorTimeline.Cumulative c = timeline.cumulative(tradingDate, asOf, mode);
        Fraction p = c.price();
        Fraction v = c.volume();
        return checked.toBuilder()
                .price(p.applyTo(checked.price()))
                .bid(p.applyTo(checked.bid()))
                .ask(p.applyTo(checked.ask()))
                .open(p.applyTo(checked.open()))
                .high(p.applyTo(checked.high()))
                .low(p.applyTo(checked.low()))
                .close(p.applyTo(checked.close()))
                .vwap(p.applyTo(checked.vwap()))
                .size(v.applyTo(checked.size()))
                .bidSize(v.applyTo(checked.bidSize()))
                .askSize(v.applyTo(checked.askSize()))
                .volume(v.applyTo(checked.volume()))
                .adjustment(new Adjustment(p.toBigDecimal(), v.toBigDecimal(), mode.wire(), c.actionIds()))
                .build();
    }
}
