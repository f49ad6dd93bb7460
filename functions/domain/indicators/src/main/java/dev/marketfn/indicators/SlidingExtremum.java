package dev.marketfn.indicators;

/**
 * Maximum (or minimum) of the last {@code window} values with a monotonic deque: amortised O(1) per value, at most
 * {@code window} entries. Its state is derived from the window's values, so it is rebuilt rather than persisted.
 */
final class SlidingExtremum {
    private final int window;
    private final boolean max;
    private final long[] index;
    private final double[] value;
    private int head;
    private int size;
    private long count;

    private SlidingExtremum(int window, boolean max) {
        this.window = window;
        this.max = max;
        this.index = new long[window];
        this.value = new double[window];
    }

    static SlidingExtremum max(int window) {
        return new SlidingExtremum(window, true);
    }

    static SlidingExtremum min(int window) {
        return new SlidingExtremum(window, false);
    }

    void add(double x) {
        long i = count++;
        if (size > 0 && index[head] <= i - window) {
            head = wrap(head + 1);
            size--;
        }
        while (size > 0) {
            double back = value[wrap(head + size - 1)];
            if (max ? back <= x : back >= x) {
                size--;
            } else {
                break;
            }
        }
        int slot = wrap(head + size);
        index[slot] = i;
        value[slot] = x;
        size++;
    }

    /** {@code j mod window} for {@code 0 <= j < 2·window}, without a division. */
    private int wrap(int j) {
        return j >= window ? j - window : j;
    }

    /** The extremum of the window; only meaningful after at least one {@link #add}. */
    double get() {
        return value[head];
    }

    /** Multiplies every held value by a positive factor (the order is unchanged). */
    void scale(double factor) {
        for (int k = 0; k < size; k++) {
            value[wrap(head + k)] *= factor;
        }
    }

    /** A deque over the values of {@code ring}, as if they had been added one by one. */
    static SlidingExtremum of(RingBuffer ring, boolean max) {
        SlidingExtremum e = new SlidingExtremum(ring.capacity(), max);
        for (int i = 0; i < ring.size(); i++) {
            e.add(ring.get(i));
        }
        return e;
    }
}
