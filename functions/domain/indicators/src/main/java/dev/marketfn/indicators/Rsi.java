package dev.marketfn.indicators;

/**
 * {@code rsi_N} (TA-Lib, Wilder): gains/losses of close-to-close changes from row 1; seed averages over rows 1..N;
 * then {@code AG_t = AG_{t-1} + (G_t − AG_{t-1})/N} (computed as TA-Lib does, {@code (AG·(N−1) + G)/N});
 * {@code RSI = 100·AG/(AG+AD)}, 0 when {@code AG + AD = 0}. First row N.
 */
public final class Rsi implements Indicator<Rsi.State> {
    public record State(int period, long bars, double prevClose, double avgGain, double avgLoss) {
    }

    private final int period;
    private long bars;
    private double prevClose;
    /** Sums during the seed rows 1..N, averages afterwards. */
    private double avgGain;
    private double avgLoss;

    public Rsi(int period) {
        this.period = period;
    }

    public static Rsi restore(State s) {
        Rsi r = new Rsi(s.period());
        r.bars = s.bars();
        r.prevClose = s.prevClose();
        r.avgGain = s.avgGain();
        r.avgLoss = s.avgLoss();
        return r;
    }

    @Override
    public void update(BarInput bar) {
        double c = bar.close();
        long t = bars++;
        if (t > 0) {
            double change = c - prevClose;
            double gain = Math.max(change, 0.0);
            double loss = Math.max(-change, 0.0);
            if (t <= period) {
                avgGain += gain;
                avgLoss += loss;
                if (t == period) {
                    avgGain /= period;
                    avgLoss /= period;
                }
            } else {
                avgGain = (avgGain * (period - 1) + gain) / period;
                avgLoss = (avgLoss * (period - 1) + loss) / period;
            }
        }
        prevClose = c;
    }

    @Override
    public boolean isReady() {
        return bars > period;
    }

    public Double value() {
        if (!isReady()) {
            return null;
        }
        double total = avgGain + avgLoss;
        return total == 0 ? 0.0 : 100.0 * (avgGain / total);
    }

    @Override
    public void rescale(double priceFactor, double volumeFactor) {
        prevClose *= priceFactor;
        avgGain *= priceFactor;
        avgLoss *= priceFactor;
    }

    @Override
    public State state() {
        return new State(period, bars, prevClose, avgGain, avgLoss);
    }
}
