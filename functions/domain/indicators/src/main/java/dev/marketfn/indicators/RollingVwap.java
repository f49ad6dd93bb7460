package dev.marketfn.indicators;

/**
 * {@code vwap_N}: {@code Σ TP_i V_i / Σ V_i} over the last N bars, {@code TP = (H+L+C)/3}. When all N volumes are
 * zero the weights are undefined and the plain mean of TP is published instead. First row N-1.
 */
public final class RollingVwap implements Indicator<RollingVwap.State> {
    public record State(int period, double[] typicalPrices, double[] volumes) {
    }

    private final int period;
    private final RingBuffer typicalPrices;
    private final RingBuffer volumes;

    public RollingVwap(int period) {
        this(period, new RingBuffer(period), new RingBuffer(period));
    }

    private RollingVwap(int period, RingBuffer typicalPrices, RingBuffer volumes) {
        this.period = period;
        this.typicalPrices = typicalPrices;
        this.volumes = volumes;
    }

    public static RollingVwap restore(State s) {
        return new RollingVwap(s.period(), RingBuffer.of(s.period(), s.typicalPrices()),
                RingBuffer.of(s.period(), s.volumes()));
    }

    @Override
    public void update(BarInput bar) {
        typicalPrices.add(bar.typicalPrice());
        volumes.add(bar.volume());
    }

    @Override
    public boolean isReady() {
        return typicalPrices.isFull();
    }

    public Double value() {
        if (!isReady()) {
            return null;
        }
        double pv = WindowMath.dot(typicalPrices.array(), typicalPrices.offset(), volumes.array(), volumes.offset(),
                period);
        double v = volumes.sum();
        return v == 0 ? typicalPrices.sum() / period : pv / v;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        typicalPrices.scale(priceFactor);
        volumes.scale(volumeFactor);
    }

    @Override
    public State state() {
        return new State(period, typicalPrices.toArray(), volumes.toArray());
    }
}
