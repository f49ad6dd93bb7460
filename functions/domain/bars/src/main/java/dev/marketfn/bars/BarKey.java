package dev.marketfn.bars;

import java.time.Instant;

/** The natural key of a bar ({@code bars_ohlcv}): provider, symbol, interval and window start. */
public record BarKey(String provider, String symbol, Interval interval, Instant start) {
}
