package dev.marketfn.indicators;

/**
 * {@code atr_N} (TA-Lib, Wilder): {@code TR_t = max(H_t, C_{t-1}) − min(L_t, C_{t-1})} from row 1; seed = mean of
 * TR over rows 1..N; then {@code ATR_t = ATR_{t-1} + (TR_t − ATR_{t-1})/N} (as {@code (ATR·(N−1) + TR)/N}).
 * First row N.
 */
public final class Atr implements Indicator<Atr.State> {
    public record State(int period, long bars, double prevClose, double atr) {
    }

    private final int period;
    private long bars;
    private double prevClose;
    /** The TR sum during the seed rows, the average afterwards. */
    private double atr;

    public Atr(int period) {
        this.period = period;
    }

    public static Atr restore(State s) {
        Atr a = new Atr(s.period());
        a.bars = s.bars();
        a.prevClose = s.prevClose();
        a.atr = s.atr();
        return a;
    }

    @Override
    public void update(BarInput bar) {
        long t = bars++;
        if (t > 0) {
            double trueRange = Math.max(bar.high(), prevClose) - Math.min(bar.low(), prevClose);
            if (t <= period) {
                atr += trueRange;
                if (t == period) {
                    atr /= period;
                }
            } else {
                atr = (atr * (period - 1) + trueRange) / period;
            }
        }
        prevClose = bar.close();
    }

    @Override
    public boolean isReady() {
        return bars > period;
    }

    public Double value() {
        return isReady() ? atr : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        prevClose *= priceFactor;
        atr *= priceFactor;
    }

    @Override
    public State state() {
        return new State(period, bars, prevClose, atr);
    }
}
