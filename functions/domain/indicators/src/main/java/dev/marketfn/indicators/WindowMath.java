package dev.marketfn.indicators;

/**
 * Sums over a fixed window {@code a[from .. from+n)} with four independent partial sums: the same deterministic
 * result for the same window contents (so a restored engine is bit-identical), a quarter of the floating-point
 * dependency chain, and no running sum that could drift or cancel over a long series.
 */
final class WindowMath {
    private WindowMath() {
    }

    static double sum(double[] a, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + n;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ (a_i − mean)²}. */
    static double squaredDeviations(double[] a, int from, int n, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + n;
        for (; i + 3 < end; i += 4) {
            double d0 = a[i] - mean;
            double d1 = a[i + 1] - mean;
            double d2 = a[i + 2] - mean;
            double d3 = a[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < end; i++) {
            double d = a[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ |a_i − mean|}. */
    static double absoluteDeviations(double[] a, int from, int n, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + n;
        for (; i + 3 < end; i += 4) {
            s0 += Math.abs(a[i] - mean);
            s1 += Math.abs(a[i + 1] - mean);
            s2 += Math.abs(a[i + 2] - mean);
            s3 += Math.abs(a[i + 3] - mean);
        }
        for (; i < end; i++) {
            s0 += Math.abs(a[i] - mean);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ a_i b_i} over two windows of equal length. */
    static double dot(double[] a, int aFrom, double[] b, int bFrom, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[aFrom + k] * b[bFrom + k];
            s1 += a[aFrom + k + 1] * b[bFrom + k + 1];
            s2 += a[aFrom + k + 2] * b[bFrom + k + 2];
            s3 += a[aFrom + k + 3] * b[bFrom + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[aFrom + k] * b[bFrom + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
