package dev.marketfn.bench.e2e;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a sample (nearest-rank). */
public final class Stats {
    private Stats() {
    }

    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    /** "n=…  p50 … p95 … p99 … max …" in milliseconds with one decimal. */
    public static String latencyLine(long[] micros) {
        long[] s = micros.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "n=%-7d p50 %7.1f  p95 %7.1f  p99 %7.1f  max %7.1f ms", s.length,
                percentile(s, 50) / 1000.0, percentile(s, 95) / 1000.0, percentile(s, 99) / 1000.0,
                s[s.length - 1] / 1000.0);
    }
}
