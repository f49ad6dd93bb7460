package dev.marketfn.backtest;

import java.math.BigDecimal;

/**
 * How orders are filled. {@code commissionPerShare} is charged on every share traded, {@code slippageBps} moves each
 * fill price against the order (basis points of the price), {@code positionLimit} is the position in shares a BUY
 * goes to (and a SELL to minus it when {@code allowShort}, else to flat).
 */
public record SimulatorSettings(BigDecimal initialCash, BigDecimal commissionPerShare, BigDecimal slippageBps,
        long positionLimit, boolean allowShort) {
    public SimulatorSettings {
        if (initialCash.signum() <= 0) {
            throw new IllegalArgumentException("initial cash must be > 0");
        }
        if (commissionPerShare.signum() < 0 || slippageBps.signum() < 0) {
            throw new IllegalArgumentException("commission and slippage must be >= 0");
        }
        if (positionLimit <= 0) {
            throw new IllegalArgumentException("position limit must be > 0");
        }
    }
}
