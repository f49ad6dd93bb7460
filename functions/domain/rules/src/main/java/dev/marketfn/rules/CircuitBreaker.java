package dev.marketfn.rules;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Guards the model: after {@code failureThreshold} consecutive failures (exceptions, invalid output, or calls slower
 * than the {@code slowCall} budget) it opens for {@code coolDown}; then one trial call is let through (half-open) and
 * its outcome closes or re-opens it. While open, the ensemble runs on rules only. Thread-safe.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long slowCallNanos;
    private final long coolDownNanos;
    private final LongSupplier clock;

    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration slowCall, Duration coolDown) {
        this(failureThreshold, slowCall, coolDown, System::nanoTime);
    }

    /** With an explicit monotonic nanosecond clock (tests). */
    public CircuitBreaker(int failureThreshold, Duration slowCall, Duration coolDown, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1");
        }
        if (slowCall.isNegative() || slowCall.isZero()) {
            throw new IllegalArgumentException("slow-call budget must be > 0, was " + slowCall);
        }
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("cool-down must be >= 0, was " + coolDown);
        }
        this.failureThreshold = failureThreshold;
        this.slowCallNanos = slowCall.toNanos();
        this.coolDownNanos = coolDown.toNanos();
        this.clock = nanoClock;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** Whether a call may go through now; in half-open state only one at a time. */
    public synchronized boolean allow() {
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> {
                if (clock.getAsLong() - openedAt >= coolDownNanos) {
                    state = State.HALF_OPEN;
                    trialInFlight = true;
                    yield true;
                }
                yield false;
            }
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    /**
     * A call returned a usable result after {@code elapsedNanos}. Slower than the budget counts as a failure: then
     * this returns false and the caller must not use the answer.
     */
    public synchronized boolean onSuccess(long elapsedNanos) {
        if (elapsedNanos > slowCallNanos) {
            onFailure();
            return false;
        }
        failures = 0;
        trialInFlight = false;
        state = State.CLOSED;
        return true;
    }

    public synchronized void onFailure() {
        trialInFlight = false;
        failures++;
        if (state == State.HALF_OPEN || failures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
        }
    }

    public synchronized State state() {
        return state;
    }
}
