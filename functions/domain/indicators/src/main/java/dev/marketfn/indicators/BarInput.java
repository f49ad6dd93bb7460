package dev.marketfn.indicators;

import dev.marketfn.contracts.BarValues;
import java.math.BigDecimal;

/**
 * One closed bar as the indicators see it: binary doubles (the indicators are statistics, the bar itself stays exact
 * in {@link BarValues}). Prices must be finite and positive (returns and log returns divide by the previous close),
 * volume finite and non-negative.
 */
public record BarInput(double open, double high, double low, double close, double volume) {

    public BarInput {
        requirePrice("open", open);
        requirePrice("high", high);
        requirePrice("low", low);
        requirePrice("close", close);
        if (!Double.isFinite(volume) || volume < 0) {
            throw new IllegalArgumentException("volume must be finite and >= 0: " + volume);
        }
    }

    /** Converts an exact bar; a bar without prices (only ineligible trades, see docs/bars.md) is not an input. */
    public static BarInput of(BarValues bar) {
        return of(bar.open(), bar.high(), bar.low(), bar.close(), bar.volume());
    }

    public static BarInput of(BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume) {
        if (open == null || high == null || low == null || close == null) {
            throw new IllegalArgumentException("bar has no prices (no eligible trade): indicators are not advanced");
        }
        return new BarInput(open.doubleValue(), high.doubleValue(), low.doubleValue(), close.doubleValue(),
                volume == null ? 0.0 : volume.doubleValue());
    }

    /** Typical price {@code (H + L + C) / 3}, summed in TA-Lib's order. */
    public double typicalPrice() {
        return (high + low + close) / 3.0;
    }

    private static void requirePrice(String field, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(field + " must be finite and > 0: " + value);
        }
    }
}
