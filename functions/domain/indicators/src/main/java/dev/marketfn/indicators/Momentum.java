package dev.marketfn.indicators;

/** {@code mom_N}: {@code C_t − C_{t-N}}. First row N. */
public final class Momentum implements Indicator<Momentum.State> {
    public record State(int period, double[] closes) {
    }

    private final int period;
    private final RingBuffer closes;

    public Momentum(int period) {
        this(period, new RingBuffer(period + 1));
    }

    private Momentum(int period, RingBuffer closes) {
        this.period = period;
        this.closes = closes;
    }

    public static Momentum restore(State s) {
        return new Momentum(s.period(), RingBuffer.of(s.period() + 1, s.closes()));
    }

    @Override
    public void update(BarInput bar) {
        closes.add(bar.close());
    }

    @Override
    public boolean isReady() {
        return closes.isFull();
    }

    public Double value() {
        return isReady() ? closes.newest() - closes.oldest() : null;
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
