package dev.marketfn.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * bench/archive/run.sh: archive throughput (raw events/s from embedded PostgreSQL into S3Mock and into a directory),
 * bytes per raw event as Parquet vs as raw JSON, and replay-read throughput (events/s out of the archive in event-time
 * order). Synthetic Alpaca trade messages, one trade each, over 50 symbols, all received on one closed day.
 * Arguments: events, batch size, output file.
 */
public final class ArchiveBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        Path outFile = args.length > 2 ? Path.of(args[2]) : null;
        Path dir = Files.createTempDirectory("archive-bench-");
        StringBuilder report = new StringBuilder();
        try (ArchiveDatabase db = new ArchiveDatabase(); S3MockServer s3 = new S3MockServer(dir.resolve("s3"))) {
            long rawBytes = load(db, n);
            line(report, "machine: %d cores, %s; %d raw events (synthetic Alpaca trades, 50 symbols), batch size %d",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), n, batch);
            line(report, "raw JSON payloads: %d bytes, %.1f bytes/event", rawBytes, rawBytes / (double) n);
            for (String target : new String[] {"s3mock", "directory"}) {
                String uri = target.equals("s3mock") ? s3.uri("bench") : dir.resolve("dir").toString();
                try (ObjectStore store = ObjectStores.open(uri, Map.of())) {
                    db.execute("DELETE FROM archived_days");
                    long t0 = System.nanoTime();
                    Archiver.DayResult r;
                    try (Connection c = db.connect()) {
                        r = new Archiver(store, new ArchiveRepository(c), batch, dir.resolve("tmp"), new ArchiverStats())
                                .archiveDay("alpaca", java.time.LocalDate.parse("2026-01-05"));
                    }
                    double archiveS = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    ArchiveReader.Result read = new ArchiveReader(store, dir.resolve("tmp")).read("alpaca", Set.of(), null, null);
                    double readS = (System.nanoTime() - t1) / 1e9;
                    if (read.events().size() != n || r.events() != n) {
                        throw new IllegalStateException("archived " + r.events() + ", read " + read.events().size() + " of " + n);
                    }
                    line(report, "%-9s archive: %d events in %.2f s = %.0f events/s; %d objects, %d bytes = %.1f bytes/event "
                                    + "(%.1f%% of raw JSON)", target, r.events(), archiveS, n / archiveS, r.objects(), r.bytes(),
                            r.bytes() / (double) n, 100.0 * r.bytes() / rawBytes);
                    line(report, "%-9s replay read (event-time order, all in memory): %.2f s = %.0f events/s",
                            target, readS, n / readS);
                }
            }
        }
        System.out.print(report);
        if (outFile != null) {
            Files.createDirectories(outFile.toAbsolutePath().getParent());
            Files.writeString(outFile, report.toString());
        }
    }

    private static long load(ArchiveDatabase db, int n) throws Exception {
        long bytes = 0;
        Instant base = Instant.parse("2026-01-05T14:30:00Z");
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("INSERT INTO raw_events (event_id,"
                + " provider, ce_type, ce_source, subject, content_type, payload, received_at)"
                + " VALUES (?, 'alpaca', 'dev.marketfn.raw.v1', '/providers/alpaca', ?, 'application/json', ?, ?)")) {
            c.setAutoCommit(false);
            java.util.Random rnd = new java.util.Random(42);
            for (int i = 0; i < n; i++) {
                String sym = "SYM" + (i % 50);
                Instant t = base.plusNanos(i * 97_000_000L + rnd.nextInt(1000));
                byte[] p = String.format(Locale.ROOT, "[{\"T\":\"t\",\"S\":\"%s\",\"i\":%d,\"x\":\"V\",\"p\":%.2f,\"s\":%d,"
                        + "\"t\":\"%s\",\"c\":[\"@\"],\"z\":\"C\"}]", sym, 1_000_000 + i, 100 + rnd.nextGaussian(),
                        100 * (1 + rnd.nextInt(5)), t).getBytes(StandardCharsets.UTF_8);
                bytes += p.length;
                s.setString(1, "bench-" + i);
                s.setString(2, sym);
                s.setBytes(3, p);
                s.setTimestamp(4, Timestamp.from(t.plusMillis(5)));
                s.addBatch();
                if (i % 5_000 == 4_999) {
                    s.executeBatch();
                }
            }
            s.executeBatch();
            c.commit();
        }
        return bytes;
    }

    private static void line(StringBuilder b, String format, Object... args) {
        b.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
