package dev.marketfn.indicators;

import java.util.Arrays;

/** A fixed-capacity window of the last {@code capacity} doubles, oldest first. */
final class RingBuffer {
    private final double[] values;
    private int start;
    private int size;

    RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        values = new double[capacity];
    }

    /** A window holding {@code contents} (oldest first, at most {@code capacity} of them). */
    static RingBuffer of(int capacity, double[] contents) {
        RingBuffer ring = new RingBuffer(capacity);
        if (contents.length > capacity) {
            throw new IllegalArgumentException("window holds at most " + capacity + " values, got " + contents.length);
        }
        for (double v : contents) {
            ring.add(v);
        }
        return ring;
    }

    void add(double value) {
        if (size < values.length) {
            values[physical(size)] = value;
            size++;
        } else {
            values[start] = value;
            start = start + 1 == values.length ? 0 : start + 1;
        }
    }

    private int physical(int i) {
        int j = start + i;
        return j >= values.length ? j - values.length : j;
    }

    /** The i-th value, 0 being the oldest. */
    double get(int i) {
        return values[physical(i)];
    }

    double oldest() {
        return get(0);
    }

    double newest() {
        return get(size - 1);
    }

    int size() {
        return size;
    }

    int capacity() {
        return values.length;
    }

    boolean isFull() {
        return size == values.length;
    }

    /** The sum, oldest to newest, recomputed: no drift however long the series. */
    double sum() {
        double sum = 0;
        int firstEnd = Math.min(start + size, values.length);
        for (int j = start; j < firstEnd; j++) {
            sum += values[j];
        }
        for (int j = 0, wrapped = start + size - values.length; j < wrapped; j++) {
            sum += values[j];
        }
        return sum;
    }

    /** Copies the contents, oldest first, to the front of {@code target}; returns how many. */
    int copyTo(double[] target) {
        int firstLength = Math.min(size, values.length - start);
        System.arraycopy(values, start, target, 0, firstLength);
        System.arraycopy(values, 0, target, firstLength, size - firstLength);
        return size;
    }

    void scale(double factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
    }

    /** The contents, oldest first. */
    double[] toArray() {
        double[] out = new double[size];
        copyTo(out);
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
