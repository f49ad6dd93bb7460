package dev.marketfn.backtest;

import dev.marketfn.contracts.AlphaCall.Action;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The benchmark: the same simulator given a BUY before the first bar, so it holds the position limit from the first
 * open to the end, with the same commission and slippage.
 */
public final class BuyAndHold {
    private BuyAndHold() {
    }

    /** One bar of a series: its start, open and close. */
    public record Bar(Instant ts, BigDecimal open, BigDecimal close) {
    }

    public static OrderSimulator run(String symbol, SimulatorSettings settings, List<Bar> bars) {
        OrderSimulator sim = new OrderSimulator(symbol, settings);
        sim.primeCall(Action.BUY);
        for (Bar b : bars) {
            sim.onBar(b.ts(), b.open(), b.close(), Action.HOLD);
        }
        return sim;
    }
}
