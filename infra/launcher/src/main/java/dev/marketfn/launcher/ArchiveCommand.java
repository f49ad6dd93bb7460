package dev.marketfn.launcher;

import dev.marketfn.archive.ArchiveLoop;
import dev.marketfn.archive.ArchiveRepository;
import dev.marketfn.archive.Archiver;
import dev.marketfn.archive.ArchiverStats;
import dev.marketfn.archive.JobRuns;
import dev.marketfn.archive.ObjectStore;
import dev.marketfn.archive.ObjectStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code marketfn archive}: copies closed days of raw_events into the raw archive (docs/archive.md), once or
 * forever. Each pass is a job_runs row (kind archive).
 */
@Command(name = "archive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Archive raw events: every closed UTC day (of received_at) of raw_events not yet in archived_days "
                + "is written as Hive-partitioned Parquet (provider=/date=/symbol=, date and symbol of the events) with "
                + "a manifest per partition, to a directory or an S3-compatible store, then recorded in archived_days.",
                "Re-archiving a day writes nothing new. --follow retries a failed pass with backoff from the last "
                        + "archived day, so an unreachable store never loses events (they stay in raw_events)."},
        footer = {"%nExamples:",
                "  marketfn archive --once --archive ./archive --pg-url postgresql://localhost:5432/marketfn",
                "  AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… marketfn archive --follow \\",
                "      --archive 's3://marketfn-raw/v1?endpoint=http://localhost:9000' --metrics-file /var/lib/node_exporter/archive.prom"})
final class ArchiveCommand extends Main.Base {
    @Option(names = "--archive", required = true, paramLabel = "URI",
            description = "a directory, file:///dir or s3://bucket/prefix[?endpoint=URL&region=R] (credentials "
                    + "$AWS_ACCESS_KEY_ID/$AWS_SECRET_ACCESS_KEY, endpoint default $AWS_ENDPOINT_URL)")
    String archive;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--once", description = "one pass, then exit (default)")
        boolean once;
        @Option(names = "--follow", description = "a pass every --interval until Ctrl-C; failed passes retried")
        boolean follow;
    }

    @Option(names = "--batch-size", defaultValue = "50000", paramLabel = "N",
            description = "raw events read per batch; each batch gives one object per partition (default: ${DEFAULT-VALUE}). "
                    + "Keep it fixed for an archive: a day re-archived with another size gives other objects")
    int batchSize;
    @Option(names = "--grace", defaultValue = "15", paramLabel = "MINUTES",
            description = "a day is closed this long after its UTC midnight (default: ${DEFAULT-VALUE})")
    long graceMinutes;
    @Option(names = "--interval", defaultValue = "300", paramLabel = "SECONDS",
            description = "--follow: seconds between passes, and the longest retry backoff (default: ${DEFAULT-VALUE})")
    long intervalSeconds;
    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "write the archiver's counters (Prometheus text format) after every pass")
    Path metricsFile;
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || graceMinutes < 0 || intervalSeconds < 1) {
            throw usage("--batch-size and --interval must be >= 1, --grace >= 0");
        }
        db.url(env, "archive");
        ArchiverStats stats = new ArchiverStats();
        try (ScratchDir temp = new ScratchDir("marketfn-archive-"); ObjectStore store = ObjectStores.open(archive, env)) {
            ArchiveLoop.Pass pass = () -> {
                try (Connection c = db.connect(env, "archive")) {
                    pass(new JobRuns(c), new Archiver(store, new ArchiveRepository(c), batchSize, temp.path, stats),
                            store);
                }
            };
            if (!mode.follow) {
                try {
                    pass.run();
                } catch (ObjectStore.UnreachableStoreException | SQLException e) {
                    throw new LauncherException(e.getMessage());
                } finally {
                    writeMetrics(stats);
                }
                return Main.EXIT_OK;
            }
            out.println("archiving to " + store.describe() + " every " + intervalSeconds + " s (Ctrl-C stops)");
            new ArchiveLoop(stats, err::println, () -> Instant.now().getEpochSecond(), d -> Thread.sleep(d.toMillis()))
                    .run(pass, Duration.ofSeconds(intervalSeconds), 0, () -> writeMetrics(stats));
            return Main.EXIT_OK;
        }
    }

    private void pass(JobRuns jobs, Archiver archiver, ObjectStore store) throws Exception {
        Instant closedBefore = ArchiveLoop.closedBefore(Instant.now(), Duration.ofMinutes(graceMinutes));
        UUID job = jobs.start("archive", CloudEvent.JSON.writeValueAsString(java.util.Map.of("archive", store.describe(),
                "batch_size", batchSize, "closed_before", closedBefore.toString())));
        long[] events = {0};
        long[] written = {0};
        try {
            List<Archiver.DayResult> days = archiver.archiveClosedDays(closedBefore, d -> {
                events[0] += d.events();
                written[0] += d.written();
                out.printf("archived %s %s: %d raw events in %d objects (%d new, %d bytes)%n", d.provider(), d.day(),
                        d.events(), d.objects(), d.written(), d.bytes());
            });
            jobs.finish(job, true, events[0], written[0], null);
            if (days.isEmpty()) {
                out.println("nothing to archive: every closed day before " + closedBefore + " is in archived_days");
            }
        } catch (Exception e) {
            try {
                jobs.finish(job, false, events[0], written[0], e.getMessage());
            } catch (SQLException lost) {
                e.addSuppressed(lost);
            }
            throw e;
        }
    }

    private void writeMetrics(ArchiverStats stats) {
        if (metricsFile == null) {
            return;
        }
        try {
            Path tmp = metricsFile.resolveSibling(metricsFile.getFileName() + ".tmp");
            Files.writeString(tmp, stats.prometheus());
            Files.move(tmp, metricsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            err.println("marketfn: cannot write " + metricsFile + ": " + e.getMessage());
        }
    }
}
