package dev.marketfn.archive;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code marketfn archive --follow}: runs archive passes forever (or {@code maxPasses}), one every {@code interval}.
 * A pass that fails (object store or database unreachable) is logged, counted in {@link ArchiverStats} and tried
 * again after a backoff doubling from 1 s up to the interval. Nothing is lost meanwhile: raw events stay in
 * raw_events, and the next pass starts again from the archiver's cursor (the days without an archived_days row).
 */
public final class ArchiveLoop {
    /** One archive pass (opens its own connections, so a pass after an outage starts clean). */
    @FunctionalInterface
    public interface Pass {
        void run() throws Exception;
    }

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private final ArchiverStats stats;
    private final Consumer<String> log;
    private final LongSupplier epochSeconds;
    private final Sleeper sleeper;

    /** How the loop waits (a test waits less). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public ArchiveLoop(ArchiverStats stats, Consumer<String> log, LongSupplier epochSeconds, Sleeper sleeper) {
        this.stats = stats;
        this.log = log;
        this.epochSeconds = epochSeconds;
        this.sleeper = sleeper;
    }

    /** Runs passes until interrupted or {@code maxPasses} (0 = no limit) have run; returns the failed ones. */
    public long run(Pass pass, Duration interval, int maxPasses, Runnable afterPass) throws InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        long failed = 0;
        for (int n = 1; maxPasses == 0 || n <= maxPasses; n++) {
            Duration wait;
            try {
                pass.run();
                stats.passSucceeded(epochSeconds.getAsLong());
                backoff = FIRST_BACKOFF;
                wait = interval;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed++;
                stats.passFailed(e.getMessage());
                wait = backoff;
                log.accept("archive pass failed (" + stats.failures() + " so far), retrying in " + wait.toSeconds()
                        + " s from the last archived day: " + e.getMessage());
                backoff = backoff.multipliedBy(2).compareTo(interval) > 0 ? interval : backoff.multipliedBy(2);
            }
            afterPass.run();
            if (maxPasses == 0 || n < maxPasses) {
                sleeper.sleep(wait);
            }
        }
        return failed;
    }

    /** The UTC midnight before {@code now - grace}: days before it are closed (no transaction still adds to them). */
    public static Instant closedBefore(Instant now, Duration grace) {
        return now.minus(grace).atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
