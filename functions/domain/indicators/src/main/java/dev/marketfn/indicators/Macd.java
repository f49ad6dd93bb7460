package dev.marketfn.indicators;

/**
 * {@code macd_F_S_G}, {@code macd_signal_F_S_G}, {@code macd_hist_F_S_G} with TA-Lib's seeding: the slow EMA is
 * seeded at row S-1 with the mean of the first S closes, the fast EMA at the same row with the mean of the F closes
 * ending there (not the first F closes). The line {@code M = fast − slow} exists from row S-1; the signal EMA
 * ({@code α = 2/(G+1)}) is seeded with the mean of the first G lines, so all three are published from row S+G-2.
 */
public final class Macd implements Indicator<Macd.State> {
    public record State(int fastPeriod, int slowPeriod, int signalPeriod, long bars, double fastSeedSum,
            double slowSeedSum, double fast, double slow, double line, double signalSeedSum, double signal) {
    }

    private final int fastPeriod;
    private final int slowPeriod;
    private final int signalPeriod;
    private final double fastAlpha;
    private final double slowAlpha;
    private final double signalAlpha;
    private long bars;
    private double fastSeedSum;
    private double slowSeedSum;
    private double fast;
    private double slow;
    private double line;
    private double signalSeedSum;
    private double signal;

    public Macd(int fastPeriod, int slowPeriod, int signalPeriod) {
        if (fastPeriod >= slowPeriod) {
            throw new IllegalArgumentException("fast period must be shorter than slow period");
        }
        this.fastPeriod = fastPeriod;
        this.slowPeriod = slowPeriod;
        this.signalPeriod = signalPeriod;
        this.fastAlpha = 2.0 / (fastPeriod + 1);
        this.slowAlpha = 2.0 / (slowPeriod + 1);
        this.signalAlpha = 2.0 / (signalPeriod + 1);
    }

    public static Macd restore(State s) {
        Macd m = new Macd(s.fastPeriod(), s.slowPeriod(), s.signalPeriod());
        m.bars = s.bars();
        m.fastSeedSum = s.fastSeedSum();
        m.slowSeedSum = s.slowSeedSum();
        m.fast = s.fast();
        m.slow = s.slow();
        m.line = s.line();
        m.signalSeedSum = s.signalSeedSum();
        m.signal = s.signal();
        return m;
    }

    @Override
    public void update(BarInput bar) {
        double c = bar.close();
        long t = bars++;
        long lineStart = slowPeriod - 1;
        if (t < lineStart) {
            slowSeedSum += c;
            if (t >= slowPeriod - fastPeriod) {
                fastSeedSum += c;
            }
            return;
        }
        if (t == lineStart) {
            slow = (slowSeedSum + c) / slowPeriod;
            fast = (fastSeedSum + c) / fastPeriod;
        } else {
            fast = (c - fast) * fastAlpha + fast;
            slow = (c - slow) * slowAlpha + slow;
        }
        line = fast - slow;
        long signalStart = lineStart + signalPeriod - 1;
        if (t < signalStart) {
            signalSeedSum += line;
        } else if (t == signalStart) {
            signal = (signalSeedSum + line) / signalPeriod;
        } else {
            signal = (line - signal) * signalAlpha + signal;
        }
    }

    @Override
    public boolean isReady() {
        return bars >= slowPeriod + signalPeriod - 1;
    }

    public Double line() {
        return isReady() ? line : null;
    }

    public Double signal() {
        return isReady() ? signal : null;
    }

    public Double histogram() {
        return isReady() ? line - signal : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        fastSeedSum *= priceFactor;
        slowSeedSum *= priceFactor;
        fast *= priceFactor;
        slow *= priceFactor;
        line *= priceFactor;
        signalSeedSum *= priceFactor;
        signal *= priceFactor;
    }

    @Override
    public State state() {
        return new State(fastPeriod, slowPeriod, signalPeriod, bars, fastSeedSum, slowSeedSum, fast, slow, line,
                signalSeedSum, signal);
    }
}
