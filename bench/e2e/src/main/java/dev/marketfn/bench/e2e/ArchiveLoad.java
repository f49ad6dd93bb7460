package dev.marketfn.bench.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw archiver ({@code marketfn archive --once}, its own JVM as the cluster's CronJob is its own pod) archiving a
 * closed day while the pipeline runs. Its backlog is a copy of the first saturation phase's raw events moved to the
 * day before (so as many raw events as the phase sends, in the same providers' formats): archiving them is the work
 * the archiver does once for every raw event the pipeline ingests, here concentrated into one phase. The copies are
 * deleted afterwards, so the run's count checks hold.
 */
final class ArchiveLoad implements SideLoad {
    private static final Pattern ARCHIVED = Pattern.compile("^archived \\S+ \\S+: (\\d+) raw events in (\\d+) objects \\(\\d+ new, (\\d+) bytes\\)");
    private static final String BACKLOG_SUFFIX = "/backlog";
    private final SideLoadContext context;
    private final Path archiveDir;
    private long backlog;
    private Process process;
    private long startedNanos;
    private volatile double lastCpuSeconds;
    private final AtomicLong archived = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final List<String> output = new ArrayList<>();
    private Thread reader;
    private Thread cpuSampler;

    ArchiveLoad(SideLoadContext context) {
        this.context = context;
        this.archiveDir = context.stateDir().resolve("archive");
    }

    @Override
    public String phase() {
        return "with-archive";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "marketfn archive --once into %s (a directory; S3 adds the network), batch "
                + "50,000, over a backlog of %,d raw events (the first saturation phase's, copied to the day before)",
                archiveDir, backlog);
    }

    @Override
    public void start() throws Exception {
        try (Connection c = context.infra().connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO raw_events (event_id, provider, ce_type, "
                    + "ce_source, subject, content_type, payload, received_at) SELECT event_id || ?, provider, ce_type, "
                    + "ce_source, subject, content_type, payload, received_at - interval '1 day' FROM raw_events "
                    + "WHERE event_id LIKE ?")) {
                ps.setString(1, BACKLOG_SUFFIX);
                ps.setString(2, "bench-" + context.runId() + "-" + (Pipeline.SATURATION_BASE / 1_000_000_000L) + "%");
                backlog = ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                // the copy's own writes are set-up, not the phase's: flush them before the phase starts
                st.execute("CHECKPOINT");
            }
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), "dev.marketfn.launcher.Main", "archive", "--once",
                "--grace", "0", "--archive", archiveDir.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PG_URL", context.infra().pgUrl);
        pb.environment().put("PG_USER", context.infra().pgUser);
        pb.environment().put("PG_PASSWORD", context.infra().pgPassword);
        startedNanos = System.nanoTime();
        process = pb.start();
        long pid = process.pid();
        reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = ARCHIVED.matcher(line);
                    if (m.find()) {
                        archived.addAndGet(Long.parseLong(m.group(1)));
                        objects.addAndGet(Long.parseLong(m.group(2)));
                        bytes.addAndGet(Long.parseLong(m.group(3)));
                    } else {
                        synchronized (output) {
                            output.add(line);
                        }
                    }
                }
            } catch (java.io.IOException closed) {
                // the process ended
            }
        });
        // /proc/<pid> goes with the process: keep the last reading
        cpuSampler = Thread.ofVirtual().start(() -> {
            while (process.isAlive()) {
                double s = Procs.cpuSeconds(pid, false);
                if (s > 0) {
                    lastCpuSeconds = s;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Override
    public Outcome finish(double phaseSeconds) throws Exception {
        boolean exited = process.waitFor(30, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        reader.join(5000);
        cpuSampler.join(1000);
        List<String> lines = new ArrayList<>();
        if (!exited) {
            process.destroyForcibly();
            lines.add("archiver did not finish within 30 min: killed");
        } else if (process.exitValue() != 0) {
            lines.add("archiver FAILED with exit code " + process.exitValue() + ": " + String.join(" | ", output));
        }
        lines.add(String.format(Locale.ROOT, "archiver: %,d of %,d backlog raw events archived in %,d objects (%.1f MB "
                + "of Parquet) in %.1f s = %,.0f events/s, %.1f CPU-s; %s", archived.get(), backlog, objects.get(),
                bytes.get() / 1e6, wall, archived.get() / Math.max(0.001, wall), lastCpuSeconds,
                wall <= phaseSeconds ? String.format(Locale.ROOT, "done within the phase (%.1f s)", phaseSeconds)
                        : String.format(Locale.ROOT, "still running %.1f s after the phase ended: its cost spilled "
                        + "out of the phase", wall - phaseSeconds)));
        try (Connection c = context.infra().connect(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM raw_events WHERE event_id LIKE ?")) {
            ps.setString(1, "bench-" + context.runId() + "-%" + BACKLOG_SUFFIX);
            ps.executeUpdate();
        }
        boolean ok = exited && process.exitValue() == 0 && archived.get() == backlog;
        lines.add(String.format(Locale.ROOT, "  %-4s the archiver archived the whole backlog", ok ? "ok" : "FAIL"));
        return new Outcome(lines, ok);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
