package dev.marketfn.indicators;

/**
 * {@code cci_N} (TA-Lib): {@code TP = (H+L+C)/3}, {@code m} = mean TP of the last N bars, {@code MD} = mean
 * {@code |TP_i − m|} (deviations from the current mean, recomputed over the window), {@code CCI = (TP_t − m)/(0.015 MD)};
 * 0 when {@code MD = 0}. First row N-1.
 */
public final class Cci implements Indicator<Cci.State> {
    public record State(int period, double[] typicalPrices) {
    }

    private final int period;
    private final RingBuffer typicalPrices;

    public Cci(int period) {
        this(period, new RingBuffer(period));
    }

    private Cci(int period, RingBuffer typicalPrices) {
        this.period = period;
        this.typicalPrices = typicalPrices;
    }

    public static Cci restore(State s) {
        return new Cci(s.period(), RingBuffer.of(s.period(), s.typicalPrices()));
    }

    @Override
    public void update(BarInput bar) {
        typicalPrices.add(bar.typicalPrice());
    }

    @Override
    public boolean isReady() {
        return typicalPrices.isFull();
    }

    public Double value() {
        if (!isReady()) {
            return null;
        }
        double mean = typicalPrices.sum() / period;
        double deviations = WindowMath.absoluteDeviations(typicalPrices.array(), typicalPrices.offset(), period, mean);
        double distance = typicalPrices.newest() - mean;
        return distance == 0 || deviations == 0 ? 0.0 : distance / (0.015 * (deviations / period));
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        typicalPrices.scale(priceFactor);
    }

    @Override
    public State state() {
        return new State(period, typicalPrices.toArray());
    }
}
