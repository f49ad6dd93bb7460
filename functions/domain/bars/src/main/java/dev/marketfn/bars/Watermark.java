package dev.marketfn.bars;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per provider: the maximum event time seen minus the allowed lateness. It only moves forward; a window
 * {@code [start, end)} of that provider closes once the watermark reaches {@code end}.
 */
public final class Watermark {
    private final Duration allowedLateness;
    private final Map<String, Instant> maxEventTime = new HashMap<>();

    public Watermark(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must be >= 0");
        }
        this.allowedLateness = allowedLateness;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    /** Records an event time and returns the provider's (possibly advanced) watermark. */
    public Instant observe(String provider, Instant eventTime) {
        Instant max = maxEventTime.merge(provider, eventTime, (a, b) -> a.isAfter(b) ? a : b);
        return max.minus(allowedLateness);
    }

    /** The provider's watermark, or null before its first event. */
    public Instant current(String provider) {
        Instant max = maxEventTime.get(provider);
        return max == null ? null : max.minus(allowedLateness);
    }

    /** Whether a window ending at {@code end} is closed by the provider's watermark. */
    public boolean hasPassed(String provider, Instant end) {
        Instant w = current(provider);
        return w != null && !w.isBefore(end);
    }
}
