package dev.marketfn.training;

import java.util.List;

/**
 * Training rows in time order: {@code x[row][feature]} (features named by {@code features}), the 0/1 label, the row's
 * time and the time of the last bar its label reads (epoch milliseconds).
 */
public record Dataset(List<String> features, double[][] x, int[] y, long[] time, long[] labelEnd) {
    public Dataset {
        features = List.copyOf(features);
        if (y.length != x.length || time.length != x.length || labelEnd.length != x.length) {
            throw new IllegalArgumentException("one label, time and label end per row");
        }
    }

    public int rows() {
        return x.length;
    }

    double[][] x(int[] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i]];
        }
        return out;
    }

    int[] y(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }
}
