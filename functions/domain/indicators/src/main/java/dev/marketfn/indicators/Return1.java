package dev.marketfn.indicators;

/** {@code ret_1}: {@code C_t / C_{t-1} − 1}. First row 1. */
public final class Return1 implements Indicator<Return1.State> {
    public record State(long bars, double prevClose, double value) {
    }

    private long bars;
    private double prevClose;
    private double value;

    public static Return1 restore(State s) {
        Return1 r = new Return1();
        r.bars = s.bars();
        r.prevClose = s.prevClose();
        r.value = s.value();
        return r;
    }

    @Override
    public void update(BarInput bar) {
        if (bars++ > 0) {
            value = bar.close() / prevClose - 1.0;
        }
        prevClose = bar.close();
    }

    @Override
    public boolean isReady() {
        return bars > 1;
    }

    public Double value() {
        return isReady() ? value : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        prevClose *= priceFactor;
    }

    @Override
    public State state() {
        return new State(bars, prevClose, value);
    }
}
