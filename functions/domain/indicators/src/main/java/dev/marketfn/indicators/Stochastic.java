package dev.marketfn.indicators;

/**
 * The N-bar high/low range family, sharing one window of highs and lows (running max/min by monotonic deques):
 * <ul>
 *   <li>{@code stoch_k_N}: raw (fast) %K {@code 100 (C − LL_N)/(HH_N − LL_N)}, 0 when {@code HH = LL}; first row N-1;</li>
 *   <li>{@code stoch_d_N_D}: the simple D-bar mean of raw %K (TA-Lib STOCHF FastD, TTR fastD); first row N+D-2;</li>
 *   <li>{@code willr_N}: Williams %R {@code −100 (HH_N − C)/(HH_N − LL_N)}, in [−100, 0], 0 when {@code HH = LL};
 *       first row N-1.</li>
 * </ul>
 */
public final class Stochastic implements Indicator<Stochastic.State> {
    /** @param ks the last raw %K values, oldest first */
    public record State(int period, int smoothing, double[] highs, double[] lows, double[] ks, double close) {
    }

    private final int period;
    private final int smoothing;
    private final HighLowWindow window;
    private final RingBuffer ks;
    private double close;

    public Stochastic(int period, int smoothing) {
        this(period, smoothing, new HighLowWindow(period), new RingBuffer(smoothing));
    }

    private Stochastic(int period, int smoothing, HighLowWindow window, RingBuffer ks) {
        this.period = period;
        this.smoothing = smoothing;
        this.window = window;
        this.ks = ks;
    }

    public static Stochastic restore(State s) {
        Stochastic st = new Stochastic(s.period(), s.smoothing(), HighLowWindow.of(s.period(), s.highs(), s.lows()),
                RingBuffer.of(s.smoothing(), s.ks()));
        st.close = s.close();
        return st;
    }

    @Override
    public void update(BarInput bar) {
        window.add(bar);
        close = bar.close();
        if (window.isFull()) {
            double hh = window.highest();
            double ll = window.lowest();
            double range = hh - ll;
            ks.add(range == 0 ? 0.0 : 100.0 * (bar.close() - ll) / range);
        }
    }

    /** %K is defined. */
    @Override
    public boolean isReady() {
        return ks.size() > 0;
    }

    public Double k() {
        return isReady() ? ks.newest() : null;
    }

    public Double d() {
        return ks.isFull() ? ks.sum() / smoothing : null;
    }

    public Double williamsR() {
        if (!isReady()) {
            return null;
        }
        double hh = window.highest();
        double range = hh - window.lowest();
        return range == 0 ? 0.0 : -100.0 * (hh - close) / range;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        window.scale(priceFactor); // %K values are ratios: unchanged
        close *= priceFactor;
    }

    @Override
    public State state() {
        return new State(period, smoothing, window.highs(), window.lows(), ks.toArray(), close);
    }
}
