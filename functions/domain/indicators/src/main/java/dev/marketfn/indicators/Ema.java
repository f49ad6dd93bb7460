package dev.marketfn.indicators;

/**
 * {@code ema_N} (TA-Lib): {@code α = 2/(N+1)}; seed {@code E_{N-1}} = mean of the first N closes;
 * {@code E_t = E_{t-1} + α (C_t − E_{t-1})}. First row N-1.
 */
public final class Ema implements Indicator<Ema.State> {
    public record State(int period, long bars, double seedSum, double ema) {
    }

    private final int period;
    private final double alpha;
    private long bars;
    private double seedSum;
    private double ema;

    public Ema(int period) {
        this.period = period;
        this.alpha = 2.0 / (period + 1);
    }

    public static Ema restore(State s) {
        Ema e = new Ema(s.period());
        e.bars = s.bars();
        e.seedSum = s.seedSum();
        e.ema = s.ema();
        return e;
    }

    @Override
    public void update(BarInput bar) {
        double c = bar.close();
        long t = bars++;
        if (t < period) {
            seedSum += c;
            if (t == period - 1) {
                ema = seedSum / period;
            }
        } else {
            ema = (c - ema) * alpha + ema;
        }
    }

    @Override
    public boolean isReady() {
        return bars >= period;
    }

    public Double value() {
        return isReady() ? ema : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        seedSum *= priceFactor;
        ema *= priceFactor;
    }

    @Override
    public State state() {
        return new State(period, bars, seedSum, ema);
    }
}
