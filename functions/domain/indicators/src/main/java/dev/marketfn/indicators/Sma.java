package dev.marketfn.indicators;

/** {@code sma_N}: {@code (1/N) Σ_{i=t-N+1..t} C_i}; first row N-1. */
public final class Sma implements Indicator<Sma.State> {
    /** @param closes the last closes, oldest first */
    public record State(int period, double[] closes) {
    }

    private final int period;
    private final RingBuffer closes;

    public Sma(int period) {
        this(period, new RingBuffer(period));
    }

    private Sma(int period, RingBuffer closes) {
        this.period = period;
        this.closes = closes;
    }

    public static Sma restore(State s) {
        return new Sma(s.period(), RingBuffer.of(s.period(), s.closes()));
    }

    @Override
    public void update(BarInput bar) {
        closes.add(bar.close());
    }

    @Override
    public boolean isReady() {
        return closes.isFull();
    }

    /** The mean, or {@code null} during warm-up. */
    public Double value() {
        if (!isReady()) {
            return null;
        }
        return closes.sum() / period;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        closes.scale(priceFactor);
    }

    @Override
    public State state() {
        return new State(period, closes.toArray());
    }
}
