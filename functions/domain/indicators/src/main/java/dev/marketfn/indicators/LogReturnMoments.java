package dev.marketfn.indicators;

/**
 * {@code vol_N}, {@code skew_N}, {@code kurt_N} over the last N log returns {@code r_t = ln(C_t/C_{t-1})}: sample
 * standard deviation (not annualised), adjusted Fisher–Pearson skewness {@code G1} and bias-corrected excess kurtosis
 * {@code G2} (Excel SKEW/KURT, pandas rolling). Moments are computed two-pass over the fixed window (mean first), so
 * no running sum of powers can cancel catastrophically. When the N returns have zero variance, skew and kurt are 0.
 * First row N (N returns need N+1 closes).
 */
public final class LogReturnMoments implements Indicator<LogReturnMoments.State> {
    public record State(int period, long bars, double prevClose, double[] returns) {
    }

    private final int period;
    private final RingBuffer returns;
    private long bars;
    private double prevClose;
    private double vol;
    private double skew;
    private double kurt;

    public LogReturnMoments(int period) {
        this(period, new RingBuffer(period));
    }

    private LogReturnMoments(int period, RingBuffer returns) {
        if (period < 4) {
            throw new IllegalArgumentException("kurtosis needs at least 4 returns");
        }
        this.period = period;
        this.returns = returns;
    }

    public static LogReturnMoments restore(State s) {
        LogReturnMoments m = new LogReturnMoments(s.period(), RingBuffer.of(s.period(), s.returns()));
        m.bars = s.bars();
        m.prevClose = s.prevClose();
        m.compute();
        return m;
    }

    @Override
    public void update(BarInput bar) {
        if (bars++ > 0) {
            returns.add(Math.log(bar.close() / prevClose));
            compute();
        }
        prevClose = bar.close();
    }

    private void compute() {
        if (!isReady()) {
            return;
        }
        double n = period;
        double[] window = returns.array();
        int from = returns.offset();
        double mean = returns.sum() / n;
        double m2 = 0;
        double m3 = 0;
        double m4 = 0;
        for (int i = from; i < from + period; i++) {
            double d = window[i] - mean;
            double d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        double variance = m2 / (n - 1);
        vol = Math.sqrt(variance);
        if (variance == 0) {
            skew = 0;
            kurt = 0;
        } else {
            skew = n / ((n - 1) * (n - 2)) * m3 / (variance * vol);
            kurt = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * m4 / (variance * variance)
                    - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
        }
    }

    @Override
    public boolean isReady() {
        return returns.isFull();
    }

    public Double volatility() {
        return isReady() ? vol : null;
    }

    public Double skewness() {
        return isReady() ? skew : null;
    }

    public Double kurtosis() {
        return isReady() ? kurt : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        prevClose *= priceFactor; // returns are ratios: unchanged
    }

    @Override
    public State state() {
        return new State(period, bars, prevClose, returns.toArray());
    }
}
