package dev.marketfn.backtest;

import dev.marketfn.contracts.AlphaCall.Action;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol's orders from its calls, filled on the next bar: a call made on bar t (known at its close) trades at the
 * open of bar t+1, so a backtest never fills at a price the call could not have seen. BUY targets +limit shares, SELL
 * −limit (or flat without shorting), HOLD and NO_ACTION keep the position. Money is exact decimal arithmetic; the
 * equity is marked at every bar's close.
 */
public final class OrderSimulator {
    private static final BigDecimal BPS = new BigDecimal("10000");

    private final String symbol;
    private final SimulatorSettings settings;
    private BigDecimal cash;
    private long position;
    private Action pending;
    /** The last close seen: a bar without one (no price-setting trade) is marked at it. */
    private BigDecimal lastClose;
    private final List<Fill> fills = new ArrayList<>();
    private final List<EquityPoint> equity = new ArrayList<>();

    public OrderSimulator(String symbol, SimulatorSettings settings) {
        this.symbol = symbol;
        this.settings = settings;
        this.cash = settings.initialCash();
    }

    /** A point of the equity curve: cash plus the position at the bar's close. */
    public record EquityPoint(Instant ts, BigDecimal equity, long position) {
    }

    /** The next bar: first the order decided on the previous bar fills at this open, then this bar's call is noted. */
    public void onBar(Instant ts, BigDecimal open, BigDecimal close, Action call) {
        if (pending != null && open != null) {
            long target = switch (pending) {
                case BUY -> settings.positionLimit();
                case SELL -> settings.allowShort() ? -settings.positionLimit() : 0;
                default -> position;
            };
            trade(ts, target - position, open);
        }
        pending = call;
        BigDecimal mark = close != null ? close : lastClose;
        equity.add(new EquityPoint(ts, mark == null ? cash : cash.add(mark.multiply(BigDecimal.valueOf(position))),
                position));
        if (close != null) {
            lastClose = close;
        }
    }

    private void trade(Instant ts, long quantity, BigDecimal open) {
        if (quantity == 0) {
            return;
        }
        BigDecimal slip = open.multiply(settings.slippageBps()).divide(BPS, MathContext.DECIMAL128);
        BigDecimal price = quantity > 0 ? open.add(slip) : open.subtract(slip);
        BigDecimal commission = settings.commissionPerShare().multiply(BigDecimal.valueOf(Math.abs(quantity)));
        cash = cash.subtract(price.multiply(BigDecimal.valueOf(quantity))).subtract(commission);
        position += quantity;
        fills.add(new Fill(symbol, ts, quantity, price, commission));
    }

    /** A call decided before the first bar (the benchmark's BUY): it fills at the first bar's open. */
    void primeCall(Action call) {
        pending = call;
    }

    public List<Fill> fills() {
        return List.copyOf(fills);
    }

    public List<EquityPoint> equity() {
        return List.copyOf(equity);
    }

    public long position() {
        return position;
    }

    public BigDecimal cash() {
        return cash;
    }
}
