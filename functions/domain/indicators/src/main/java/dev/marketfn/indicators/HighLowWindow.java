package dev.marketfn.indicators;

/** The last N highs and lows with their running max/min (monotonic deques); the shared core of %K, %R and Fibonacci. */
final class HighLowWindow {
    private final RingBuffer highs;
    private final RingBuffer lows;
    private final SlidingExtremum highest;
    private final SlidingExtremum lowest;

    HighLowWindow(int period) {
        this(new RingBuffer(period), new RingBuffer(period));
    }

    private HighLowWindow(RingBuffer highs, RingBuffer lows) {
        this.highs = highs;
        this.lows = lows;
        this.highest = SlidingExtremum.of(highs, true);
        this.lowest = SlidingExtremum.of(lows, false);
    }

    static HighLowWindow of(int period, double[] highs, double[] lows) {
        return new HighLowWindow(RingBuffer.of(period, highs), RingBuffer.of(period, lows));
    }

    void add(BarInput bar) {
        highs.add(bar.high());
        lows.add(bar.low());
        highest.add(bar.high());
        lowest.add(bar.low());
    }

    boolean isFull() {
        return highs.isFull();
    }

    double highest() {
        return highest.get();
    }

    double lowest() {
        return lowest.get();
    }

    void scale(double factor) {
        highs.scale(factor);
        lows.scale(factor);
        highest.scale(factor);
        lowest.scale(factor);
    }

    double[] highs() {
        return highs.toArray();
    }

    double[] lows() {
        return lows.toArray();
    }
}
