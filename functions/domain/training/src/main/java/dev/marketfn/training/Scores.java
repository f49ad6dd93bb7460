package dev.marketfn.training;

import java.util.Arrays;

/** Out-of-sample scores of predicted probabilities against 0/1 labels. */
public record Scores(int rows, double logLoss, double accuracy, double auc) {
    private static final double EPS = 1e-15;

    public static Scores of(double[] p, int[] y) {
        int n = p.length;
        double loss = 0;
        int right = 0;
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            loss -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
            if ((p[i] > 0.5 ? 1 : 0) == y[i]) {
                right++;
            }
        }
        return new Scores(n, n == 0 ? Double.NaN : loss / n, n == 0 ? Double.NaN : (double) right / n, auc(p, y));
    }

    /** Mann–Whitney AUC with average ranks for ties; NaN when the labels are all one class. */
    static double auc(double[] p, int[] y) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && p[order[j + 1]] == p[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (y[order[t]] == 1) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
