package dev.marketfn.launcher;

import java.time.Duration;

/** Spaces sends at a fixed rate (events per second) against a fixed schedule, so slow sends do not lower the rate. */
public final class Pacer {
    private final long gapNanos;
    private final long start = System.nanoTime();
    private long n;

    /** {@code rate} events per second; 0 = as fast as possible. */
    public Pacer(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be >= 0, not " + rate);
        }
        this.gapNanos = rate > 0 ? Math.max(1, (long) (1e9 / rate)) : 0;
    }

    /** Waits until the next event is due. */
    public void await() throws InterruptedException {
        if (gapNanos == 0) {
            return;
        }
        long wait = start + n++ * gapNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
