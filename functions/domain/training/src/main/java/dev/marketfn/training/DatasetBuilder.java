package dev.marketfn.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds a {@link Dataset} from series of bars with the features known at each: the label of bar {@code t} is 1 when
 * the close {@code horizon} bars later in the same series is above its close (a forward return over N bars > 0),
 * else 0 — the event a {@code marketfn.logistic.v1} model's p is the probability of. Bars without every feature, and
 * the last {@code horizon} bars (no label yet), give no row. Rows of all series are merged in time order (ties by
 * the order the series were added), so walk-forward folds cut across symbols at one time.
 */
public final class DatasetBuilder {
    private record Row(long time, int series, double[] x, int y, long labelEnd) {
    }

    private final List<String> features;
    private final int horizon;
    private final List<Row> rows = new ArrayList<>();
    private int series;

    public DatasetBuilder(List<String> features, int horizon) {
        if (features.isEmpty() || horizon < 1) {
            throw new IllegalArgumentException("need features and a horizon >= 1");
        }
        this.features = List.copyOf(features);
        this.horizon = horizon;
    }

    /** One series: bar times (ascending), closes, and per bar the feature values or null when any is missing. */
    public DatasetBuilder add(long[] time, double[] close, double[][] x) {
        if (close.length != time.length || x.length != time.length) {
            throw new IllegalArgumentException("one close and one feature row per bar");
        }
        for (int t = 0; t + horizon < time.length; t++) {
            if (x[t] != null && x[t].length == features.size()) {
                rows.add(new Row(time[t], series, x[t], close[t + horizon] > close[t] ? 1 : 0, time[t + horizon]));
            }
        }
        series++;
        return this;
    }

    public Dataset build() {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::series));
        int n = sorted.size();
        double[][] x = new double[n][];
        int[] y = new int[n];
        long[] time = new long[n];
        long[] labelEnd = new long[n];
        for (int i = 0; i < n; i++) {
            Row r = sorted.get(i);
            x[i] = r.x();
            y[i] = r.y();
            time[i] = r.time();
            labelEnd[i] = r.labelEnd();
        }
        return new Dataset(features, x, y, time, labelEnd);
    }
}
