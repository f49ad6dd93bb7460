package dev.marketfn.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A provider's request quota as its free tier states it: at most {@code perMinute} requests in any 60 s and
 * {@code perDay} in all (0 = no limit). {@link #acquire} waits for a slot in the minute window; the day budget, once
 * spent, fails the run instead of waiting for tomorrow. Not thread-safe: one poller owns it.
 */
public final class RequestBudget {
    /** The day's requests are spent. */
    public static final class Exhausted extends Exception {
        Exhausted(String message) {
            super(message);
        }
    }

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final int perMinute;
    private final int perDay;
    private final Clock clock;
    private final ArrayDeque<Instant> lastMinute = new ArrayDeque<>();
    private int used;

    public RequestBudget(int perMinute, int perDay, Clock clock) {
        if (perMinute < 0 || perDay < 0) {
            throw new IllegalArgumentException("request limits must be >= 0");
        }
        this.perMinute = perMinute;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** Takes one request, waiting while the last minute already holds {@code perMinute}. */
    public void acquire() throws Exhausted, InterruptedException {
        if (perDay > 0 && used >= perDay) {
            throw new Exhausted("the day's budget of " + perDay + " requests is spent (--per-day)");
        }
        if (perMinute > 0) {
            while (true) {
                Instant now = clock.instant();
                while (!lastMinute.isEmpty() && !lastMinute.peekFirst().plus(MINUTE).isAfter(now)) {
                    lastMinute.pollFirst();
                }
                if (lastMinute.size() < perMinute) {
                    break;
                }
                Thread.sleep(Math.max(1, Duration.between(now, lastMinute.peekFirst().plus(MINUTE)).toMillis()));
            }
            lastMinute.addLast(clock.instant());
        }
        used++;
    }

    /** Requests taken so far. */
    public int used() {
        return used;
    }
}
