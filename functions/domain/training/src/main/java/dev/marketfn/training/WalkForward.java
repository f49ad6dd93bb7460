package dev.marketfn.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward folds with purging. The rows are in time order; they are cut into {@code k + 1} equal blocks by
 * index, and fold {@code i} (1..k) tests on block {@code i} and trains on the rows before it — except those whose
 * label reaches into the test block (label end ≥ the first test row's time): a forward-return label over N bars
 * looks N bars ahead, so for one series the N rows before the test block are purged.
 */
public final class WalkForward {
    /** Training rows {@code train} (row indexes, in order), test rows {@code [testFrom, testTo)}, rows purged. */
    public record Fold(int number, int[] train, int testFrom, int testTo, int purged) {
    }

    private WalkForward() {
    }

    /**
     * {@code time[row]}: the row's time (non-decreasing); {@code labelEnd[row]}: the time of the last bar its label
     * reads. Folds with no training rows left after purging are skipped.
     */
    public static List<Fold> folds(long[] time, long[] labelEnd, int k) {
        int n = time.length;
        if (k < 1 || labelEnd.length != n) {
            throw new IllegalArgumentException("k must be >= 1, one label end per row");
        }
        for (int i = 1; i < n; i++) {
            if (time[i] < time[i - 1]) {
                throw new IllegalArgumentException("rows must be in time order");
            }
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 1; f <= k; f++) {
            int testFrom = (int) ((long) n * f / (k + 1));
            int testTo = (int) ((long) n * (f + 1) / (k + 1));
            if (testFrom >= testTo) {
                continue;
            }
            // rows sharing the first test row's time belong to the test side, not to training
            int trainEnd = testFrom;
            while (trainEnd > 0 && time[trainEnd - 1] == time[testFrom]) {
                trainEnd--;
            }
            int[] kept = new int[trainEnd];
            int count = 0;
            for (int r = 0; r < trainEnd; r++) {
                if (labelEnd[r] < time[testFrom]) {
                    kept[count++] = r;
                }
            }
            if (count == 0) {
                continue;
            }
            int[] train = new int[count];
            System.arraycopy(kept, 0, train, 0, count);
            folds.add(new Fold(f, train, testFrom, testTo, trainEnd - count));
        }
        return folds;
    }
}
