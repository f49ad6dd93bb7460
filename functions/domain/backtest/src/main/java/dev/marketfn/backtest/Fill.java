package dev.marketfn.backtest;

import java.math.BigDecimal;
import java.time.Instant;

/** One executed order: {@code quantity} > 0 bought, < 0 sold, at {@code price} (slippage included). */
public record Fill(String symbol, Instant ts, long quantity, BigDecimal price, BigDecimal commission) {
}
