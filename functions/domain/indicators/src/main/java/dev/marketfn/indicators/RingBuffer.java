package dev.marketfn.indicators;

import java.util.Arrays;

/**
 * A fixed-capacity window of the last {@code capacity} doubles, oldest first. Every value is stored twice (at
 * {@code p} and {@code p + capacity}), so the window is always one contiguous, chronological slice
 * {@code array()[offset() .. offset() + size())}: sums run over it directly, without a copy or a modulo.
 */
final class RingBuffer {
    private final int capacity;
    private final double[] data;
    private int start;
    private int size;

    RingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.data = new double[2 * capacity];
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
        int slot;
        if (size < capacity) {
            slot = start + size;
            size++;
        } else {
            slot = start;
            start = start + 1 == capacity ? 0 : start + 1;
        }
        if (slot >= capacity) {
            slot -= capacity;
        }
        data[slot] = value;
        data[slot + capacity] = value;
    }

    /** The i-th value, 0 being the oldest. */
    double get(int i) {
        return data[start + i];
    }

    double oldest() {
        return data[start];
    }

    double newest() {
        return data[start + size - 1];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    boolean isFull() {
        return size == capacity;
    }

    /** The backing array: the window is {@code array()[offset() .. offset() + size())}, oldest first. */
    double[] array() {
        return data;
    }

    int offset() {
        return start;
    }

    /** The sum, oldest to newest, recomputed each time: no drift however long the series. */
    double sum() {
        return WindowMath.sum(data, start, size);
    }

    void scale(double factor) {
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
    }

    /** The contents, oldest first. */
    double[] toArray() {
        return Arrays.copyOfRange(data, start, start + size);
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
