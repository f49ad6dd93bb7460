package dev.marketfn.indicators;

/**
 * {@code fib_236_N} … {@code fib_618_N}: retracement levels {@code HH − x (HH − LL)} of the N-bar range,
 * x = 0.236, 0.382, 0.5, 0.618. First row N-1.
 */
public final class FibonacciLevels implements Indicator<FibonacciLevels.State> {
    public static final double[] RATIOS = {0.236, 0.382, 0.5, 0.618};

    public record State(int period, double[] highs, double[] lows) {
    }

    private final int period;
    private final HighLowWindow window;

    public FibonacciLevels(int period) {
        this(period, new HighLowWindow(period));
    }

    private FibonacciLevels(int period, HighLowWindow window) {
        this.period = period;
        this.window = window;
    }

    public static FibonacciLevels restore(State s) {
        return new FibonacciLevels(s.period(), HighLowWindow.of(s.period(), s.highs(), s.lows()));
    }

    @Override
    public void update(BarInput bar) {
        window.add(bar);
    }

    @Override
    public boolean isReady() {
        return window.isFull();
    }

    /** The level for {@code ratio} (e.g. 0.618), or {@code null} during warm-up. */
    public Double level(double ratio) {
        if (!isReady()) {
            return null;
        }
        double hh = window.highest();
        return hh - ratio * (hh - window.lowest());
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        window.scale(priceFactor);
    }

    @Override
    public State state() {
        return new State(period, window.highs(), window.lows());
    }
}
