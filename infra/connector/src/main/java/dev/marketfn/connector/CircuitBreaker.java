package dev.marketfn.connector;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A provider's circuit breaker. CLOSED: attempts go ahead; {@code failureThreshold} failures in a row open it. OPEN:
 * no attempt for {@code openFor}, then HALF_OPEN: one trial attempt, whose success closes the breaker and whose
 * failure opens it again for another {@code openFor}. Every transition goes to the {@link Listener} (alerts, metrics).
 * A success is a connection that completed its provider handshake, not just a TCP connect: an endpoint that accepts
 * sockets and refuses the credentials is down for us.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, HALF_OPEN, OPEN }

    public interface Listener {
        void transition(State from, State to, int failures, String reason);
    }

    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;
    private final Listener listener;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;

    public CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier nanoTime, Listener listener) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be >= 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
        this.listener = listener;
    }

    /** Whether an attempt may start now; an open breaker whose time is up turns half-open and allows one. */
    public synchronized boolean allowAttempt() {
        if (state == State.OPEN && nanoTime.getAsLong() - openedAt >= openForNanos) {
            move(State.HALF_OPEN, "open for " + Duration.ofNanos(openForNanos) + ": one trial connection");
        }
        return state != State.OPEN;
    }

    /** How long until {@link #allowAttempt} can say yes (zero unless open). */
    public synchronized Duration untilAttempt() {
        if (state != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(Math.max(0, openForNanos - (nanoTime.getAsLong() - openedAt)));
    }

    public synchronized void success() {
        failures = 0;
        if (state != State.CLOSED) {
            move(State.CLOSED, "provider handshake completed");
        }
    }

    public synchronized void failure(String reason) {
        failures++;
        if (state == State.HALF_OPEN || state == State.CLOSED && failures >= failureThreshold) {
            openedAt = nanoTime.getAsLong();
            move(State.OPEN, reason);
        }
    }

    public synchronized State state() {
        return state;
    }

    private void move(State to, String reason) {
        State from = state;
        state = to;
        listener.transition(from, to, failures, reason);
    }
}
