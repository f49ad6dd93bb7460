package dev.marketfn.indicators;

/**
 * Sums over a fixed window with four independent partial sums: the same deterministic result for the same window
 * contents (so a restored engine is bit-identical), a quarter of the floating-point dependency chain, and no running
 * sum that could drift or cancel over a long series.
 */
final class WindowMath {
    private WindowMath() {
    }

    static double sum(double[] a, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ (a_i − mean)²}. */
    static double squaredDeviations(double[] a, int n, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double d0 = a[i] - mean;
            double d1 = a[i + 1] - mean;
            double d2 = a[i + 2] - mean;
            double d3 = a[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            double d = a[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ |a_i − mean|}. */
    static double absoluteDeviations(double[] a, int n, double mean) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += Math.abs(a[i] - mean);
            s1 += Math.abs(a[i + 1] - mean);
            s2 += Math.abs(a[i + 2] - mean);
            s3 += Math.abs(a[i + 3] - mean);
        }
        for (; i < n; i++) {
            s0 += Math.abs(a[i] - mean);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code Σ a_i b_i}. */
    static double dot(double[] a, double[] b, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
