package dev.marketfn.archive;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The archiver's counters, written in Prometheus text format ({@code marketfn archive --metrics-file}, for
 * node_exporter's textfile collector), so a failing archive is seen without reading logs.
 */
public final class ArchiverStats {
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastSuccessEpochSeconds;
    private volatile String lastError;

    void archived(long events, int objects, long bytes) {
        this.events.addAndGet(events);
        this.objects.addAndGet(objects);
        this.bytes.addAndGet(bytes);
    }

    public void passSucceeded(long epochSeconds) {
        lastSuccessEpochSeconds = epochSeconds;
        lastError = null;
    }

    public void passFailed(String error) {
        failures.incrementAndGet();
        lastError = error;
    }

    public long failures() {
        return failures.get();
    }

    public long events() {
        return events.get();
    }

    public String lastError() {
        return lastError;
    }

    public String prometheus() {
        return String.format(Locale.ROOT, """
                # HELP marketfn_archive_events_total Raw events archived.
                # TYPE marketfn_archive_events_total counter
                marketfn_archive_events_total %d
                # HELP marketfn_archive_objects_written_total Parquet objects written.
                # TYPE marketfn_archive_objects_written_total counter
                marketfn_archive_objects_written_total %d
                # HELP marketfn_archive_bytes_written_total Bytes of Parquet objects written.
                # TYPE marketfn_archive_bytes_written_total counter
                marketfn_archive_bytes_written_total %d
                # HELP marketfn_archive_failures_total Archive passes that failed (store or database unreachable).
                # TYPE marketfn_archive_failures_total counter
                marketfn_archive_failures_total %d
                # HELP marketfn_archive_last_success_timestamp_seconds End of the last pass that succeeded.
                # TYPE marketfn_archive_last_success_timestamp_seconds gauge
                marketfn_archive_last_success_timestamp_seconds %d
                """, events.get(), objects.get(), bytes.get(), failures.get(), lastSuccessEpochSeconds);
    }
}
