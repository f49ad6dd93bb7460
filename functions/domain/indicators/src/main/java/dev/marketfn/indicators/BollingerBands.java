package dev.marketfn.indicators;

/**
 * {@code bb_middle_N_K}, {@code bb_upper_N_K}, {@code bb_lower_N_K}: {@code SMA ± K σ} with the <b>population</b>
 * standard deviation of the last N closes. σ is computed two-pass over the fixed window (mean first, then squared
 * deviations), never as {@code E[x²] − m²}, so there is no catastrophic cancellation. First row N-1.
 */
public final class BollingerBands implements Indicator<BollingerBands.State> {
    public record State(int period, double deviations, double[] closes) {
    }

    private final int period;
    private final double deviations;
    private final RingBuffer closes;
    private double middle;
    private double sigma;

    public BollingerBands(int period, double deviations) {
        this(period, deviations, new RingBuffer(period));
    }

    private BollingerBands(int period, double deviations, RingBuffer closes) {
        this.period = period;
        this.deviations = deviations;
        this.closes = closes;
        compute();
    }

    public static BollingerBands restore(State s) {
        return new BollingerBands(s.period(), s.deviations(), RingBuffer.of(s.period(), s.closes()));
    }

    @Override
    public void update(BarInput bar) {
        closes.add(bar.close());
        compute();
    }

    private void compute() {
        if (!isReady()) {
            return;
        }
        double mean = closes.sum() / period;
        double squares = WindowMath.squaredDeviations(closes.array(), closes.offset(), period, mean);
        middle = mean;
        sigma = Math.sqrt(squares / period);
    }

    @Override
    public boolean isReady() {
        return closes.isFull();
    }

    public Double middle() {
        return isReady() ? middle : null;
    }

    public Double upper() {
        return isReady() ? middle + deviations * sigma : null;
    }

    public Double lower() {
        return isReady() ? middle - deviations * sigma : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        closes.scale(priceFactor);
        compute();
    }

    @Override
    public State state() {
        return new State(period, deviations, closes.toArray());
    }
}
