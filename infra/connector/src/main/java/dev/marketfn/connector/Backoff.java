package dev.marketfn.connector;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from {@code base} up to {@code max}, with "equal jitter" (a random delay between half
 * the step and the step), so a fleet of connectors cut off together does not reconnect in lockstep, yet never retries
 * sooner than half the step. Not thread-safe: one connector loop owns it.
 */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, was " + base + ", " + max);
        }
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the step until {@code max}. */
    public Duration next() {
        long step = base.toMillis() << Math.min(attempt, 30);
        long cap = Math.min(max.toMillis(), step <= 0 ? Long.MAX_VALUE : step);
        attempt++;
        long half = cap / 2;
        return Duration.ofMillis(half + random.nextLong(cap - half + 1));
    }

    /** After a connection that worked: the next failure starts again from {@code base}. */
    public void reset() {
        attempt = 0;
    }
}
