package dev.marketfn.indicators;

/**
 * {@code obv}: {@code OBV_0 = V_0}; then {@code ± V_t} as the close rises or falls, unchanged when equal (TA-Lib).
 * First row 0.
 */
public final class Obv implements Indicator<Obv.State> {
    public record State(long bars, double prevClose, double obv) {
    }

    private long bars;
    private double prevClose;
    private double obv;

    public static Obv restore(State s) {
        Obv o = new Obv();
        o.bars = s.bars();
        o.prevClose = s.prevClose();
        o.obv = s.obv();
        return o;
    }

    @Override
    public void update(BarInput bar) {
        double c = bar.close();
        if (bars++ == 0) {
            obv = bar.volume();
        } else if (c > prevClose) {
            obv += bar.volume();
        } else if (c < prevClose) {
            obv -= bar.volume();
        }
        prevClose = c;
    }

    @Override
    public boolean isReady() {
        return bars > 0;
    }

    public Double value() {
        return isReady() ? obv : null;
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        prevClose *= priceFactor;
        obv *= volumeFactor;
    }

    @Override
    public State state() {
        return new State(bars, prevClose, obv);
    }
}
