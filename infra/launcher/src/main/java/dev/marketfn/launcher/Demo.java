package dev.marketfn.launcher;

import dev.marketfn.archive.JobRuns;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.embedded.LocalPrometheus;
import dev.marketfn.embedded.Monitoring;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** {@code marketfn demo}: infra, the five functions, the bundled sample, a live view of alpha calls, a summary. */
public final class Demo {
    /**
     * What to run. {@code fraction} keeps that share of the streaming messages (every series still spans the day).
     * {@code monitoring}: terraform's monitoring module, for a Prometheus scraping the functions with its rules
     * ({@code --observability}); null for none. {@code functionEnv}: more environment of every function process.
     */
    public record Options(Path functionsDir, Path stateDir, double fraction, int quietSeconds, int maxWaitSeconds,
            int readySeconds, List<String> jvmOpts, Map<String, String> env, Inspector inspect, Console console,
            Path monitoring, int prometheusPort, Map<String, String> functionEnv) {
        /** Without the console and Prometheus: the demo ends after its summary. */
        public Options(Path functionsDir, Path stateDir, double fraction, int quietSeconds, int maxWaitSeconds,
                int readySeconds, List<String> jvmOpts, Map<String, String> env, Inspector inspect) {
            this(functionsDir, stateDir, fraction, quietSeconds, maxWaitSeconds, readySeconds, jvmOpts, env, inspect,
                    Console.OFF, null, 0, Map.of());
        }
    }

    /**
     * The live console: not started, stopped with the demo (a run that is not in a terminal, where nobody can press
     * Ctrl-C and a script waits for the end), or serving after the summary until Ctrl-C.
     */
    public enum Console { OFF, WITH_DEMO, UNTIL_INTERRUPTED }

    /** Called after the summary while everything still runs (tests query the database and the functions here). */
    @FunctionalInterface
    public interface Inspector {
        void inspect(Infra infra, Functions functions, Result result) throws Exception;
    }

    /**
     * Row counts after the run, plus what was sent, and the Prometheus scraping the functions (null without
     * {@code --observability} or when it could not start; running until the demo ends).
     */
    public record Result(int eventsSent, Map<String, Long> counts, Map<String, Long> signalsByAction,
            Map<String, Long> barsByInterval, Map<String, Long> alertsByType, Map<String, Long> rejectedByReason,
            long alphaCallsSeen, Duration pipelineTime, String psql, List<CloudEvent> sent, LocalPrometheus prometheus) {
    }

    private final Options o;
    private final PrintStream out;

    public Demo(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /** The raw CloudEvents the demo sends, in order (fraction applied; announcements and single messages always kept). */
    public static List<CloudEvent> events(LocalDate day, double fraction) {
        int every = Math.max(1, (int) Math.round(1 / Math.max(0.01, Math.min(1, fraction))));
        List<CloudEvent> events = new ArrayList<>();
        for (Sample.Entry e : Sample.bundled(day)) {
            for (Sample.Message m : e.messages()) {
                if (e.messages().size() > 2 && m.index() % every != 0) {
                    continue;
                }
                String id = "sample-" + day + "-" + m.file().replaceAll("\\.[a-z]+$", "") + "-" + m.index();
                byte[] data = Sample.data(m);
                if (e.kind().equals("announce")) {
                    JsonNode n = CloudEvent.tree(data);
                    events.add(CloudEvent.announced(id, n.path("symbol").asText(), data));
                } else {
                    events.add(CloudEvent.raw(id, m.provider(), Sample.symbolOf(m), data));
                }
            }
        }
        return events;
    }

    public Result run() throws Exception {
        long t0 = System.nanoTime();
        out.println("marketfn demo");
        Map<String, Path> jars = Functions.jars(o.functionsDir());
        out.println("[1/5] infrastructure");
        try (Infra infra = Infra.start(o.env(), 0, null, out); Functions fns = new Functions()) {
            Thread hook = new Thread(() -> {
                closePrometheus();
                fns.close();
                infra.close();
            }, "marketfn-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return runWith(infra, fns, jars, t0);
            } finally {
                closePrometheus();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
    }

    private Result runWith(Infra infra, Functions fns, Map<String, Path> jars, long t0) throws Exception {
        out.printf("      Kafka %s, PostgreSQL %s (%.1f s)%n", infra.bootstrap, infra.pgUrl, (System.nanoTime() - t0) / 1e9);
        out.println("[2/5] functions");
        Map<String, String> env = new java.util.HashMap<>(o.functionEnv());
        env.putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap, "PG_URL", infra.pgUrl, "PG_USER",
                infra.pgUser, "PG_PASSWORD", infra.pgPassword));
        Path logs = o.stateDir().resolve("logs");
        long deadline = System.nanoTime() + o.readySeconds() * 1_000_000_000L;
        // The first one applies the migrations; the others start once the schema exists.
        String first = Functions.NAMES.get(0);
        fns.awaitReady(fns.start(first, jars.get(first), env, o.jvmOpts(), logs), deadline);
        for (String f : Functions.NAMES.subList(1, Functions.NAMES.size())) {
            fns.start(f, jars.get(f), env, o.jvmOpts(), logs);
        }
        for (Functions.Child c : fns.children().values()) {
            fns.awaitReady(c, deadline);
        }
        Functions.printPorts(fns.children(), out);
        out.printf("      all ready (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        String consoleUrl = o.console() != Console.OFF ? ConsoleApp.start(fns, o.functionsDir(), env, o.jvmOpts(), logs,
                System.nanoTime() + o.readySeconds() * 1_000_000_000L, out) : null;
        if (consoleUrl != null) {
            out.println("      console: " + consoleUrl);
        }
        if (o.monitoring() != null) {
            startPrometheus(fns);
        }

        LocalDate day = Sample.targetDay(Instant.now());
        // The run is a job_runs row (kind demo), written once the functions have applied the migrations.
        Result result;
        try (Connection c = infra.connect()) {
            String args = CloudEvent.JSON.writeValueAsString(Map.of("day", day.toString(), "fraction", o.fraction()));
            result = asJob(new JobRuns(c), args, logs, counts -> runSample(infra, fns, day, t0, counts));
        }
        if (o.inspect() != null) {
            o.inspect().inspect(infra, fns, result);
        }
        if (consoleUrl != null && o.console() == Console.WITH_DEMO) {
            out.println("      console stopped with the demo (not a terminal; in one it serves until Ctrl-C)");
        } else if (consoleUrl != null) {
            // the stack and the console keep serving the page until Ctrl-C (the shutdown hook stops them)
            out.println("      console still serving at " + consoleUrl + (prometheus == null ? "" : ", Prometheus at "
                    + prometheus.url()) + " — Ctrl-C stops it (`--no-console` skips it)");
            fns.children().get(ConsoleApp.NAME).process().waitFor();
        }
        return result;
    }

    /** The sample run of {@link #asJob}; it reports the events sent so far to {@code counts[0]}. */
    @FunctionalInterface
    interface SampleRun {
        Result run(long[] counts) throws Exception;
    }

    /**
     * The sample run as the demo's job_runs row. A run that produced no signal is a failed demo (exit code 1): it
     * throws inside the job, so the row says failed with the same message the command ends with.
     */
    static Result asJob(JobRuns jobs, String args, Path logs, SampleRun sample) throws Exception {
        Result[] result = new Result[1];
        JobAudit.run(jobs, "demo", args, counts -> {
            result[0] = sample.run(counts);
            counts[0] = result[0].eventsSent();
            counts[1] = result[0].counts().get("raw_events");
            if (result[0].counts().get("signals") == 0) {
                throw new LauncherException("no signals were produced (see " + logs + ")");
            }
            return new JobAudit.Outcome(Main.EXIT_OK, counts[0], counts[1]);
        }, new long[2]);
        return result[0];
    }

    private volatile LocalPrometheus prometheus;

    /**
     * Prometheus scraping every function every 2 s with terraform's rules, its files in {@code <state-dir>/prometheus}
     * (a fresh TSDB: the demo's stack is new each time). When it cannot start, the demo goes on without it.
     */
    private void startPrometheus(Functions fns) {
        Path dir = o.stateDir().resolve("prometheus");
        try {
            deleteTree(dir.resolve("data"));
            List<LocalPrometheus.Target> targets = fns.children().values().stream()
                    .filter(c -> Functions.NAMES.contains(c.name()))
                    .map(c -> LocalPrometheus.Target.loopback(c.name(), c.port())).toList();
            prometheus = LocalPrometheus.start(dir, o.prometheusPort(), Duration.ofSeconds(2),
                    Monitoring.at(o.monitoring()), targets, o.env());
            out.println("      prometheus: " + prometheus.url() + " (the functions every 2 s, the alert and recording "
                    + "rules of " + o.monitoring() + "; try " + prometheus.url() + "/alerts)");
        } catch (LocalPrometheus.Unavailable | IllegalArgumentException | java.io.UncheckedIOException e) {
            out.println("      observability off: " + e.getMessage());
        } catch (java.io.IOException e) {
            out.println("      observability off: cannot clear " + dir.resolve("data") + ": " + e.getMessage());
        }
    }

    private void closePrometheus() {
        LocalPrometheus p = prometheus;
        if (p != null) {
            p.close();
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var files = java.nio.file.Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    private Result runSample(Infra infra, Functions fns, LocalDate day, long t0, long[] counts) throws Exception {
        List<CloudEvent> events = events(day, o.fraction());
        counts[0] = events.size();
        AlphaWatcher watcher = new AlphaWatcher(infra.bootstrap, out);
        Thread watch = Thread.ofPlatform().daemon().name("marketfn-alpha-view").start(watcher);
        watcher.awaitAssigned();

        out.printf("[3/5] loading the sample trading day %s: %d raw CloudEvents%n", day, events.size());
        long loadStart = System.nanoTime();
        produce(infra.bootstrap, events);
        out.printf("      sent in %.1f s%n", (System.nanoTime() - loadStart) / 1e9);

        out.println("[4/5] pipeline running (live alpha calls below)");
        awaitQuiet(infra, fns, events.size());
        Duration pipeline = Duration.ofNanos(System.nanoTime() - loadStart).minusSeconds(o.quietSeconds());
        // The sample's last windows stay open until event time passes them, and no more events come: in the cluster a
        // PingSource's idle flush closes them within a minute; here one tick does, once the sample is through.
        out.println("      sample through; idle flush (one PingSource tick) closes the last windows");
        produce(infra.bootstrap, List.of(CloudEvent.ping("sample-" + day + "-idle-flush", "idle-flush")));
        Instant quietAt = awaitQuiet(infra, fns, events.size());
        watcher.stop();
        watch.join(5000);
        for (Functions.Child c : fns.children().values()) {
            if (!c.process().isAlive()) {
                throw new LauncherException("function " + c.name() + " died during the run; see " + c.log()
                        + Functions.tail(c.log()));
            }
        }
        Result r = summarize(infra, events, watcher.seen.get(), pipeline);
        printSummary(r, quietAt, t0);
        return r;
    }

    /** Sends events to the broker topic and waits for every ack (the same producer as `replay`/`synth`). */
    static void produce(String bootstrap, List<CloudEvent> events) throws Exception {
        try (Sender s = new Sender.KafkaSender(bootstrap, KafkaTopics.DEFAULT_PREFIX)) {
            for (CloudEvent e : events) {
                s.send(e);
            }
            s.flush();
            if (s.failed() > 0) {
                throw new LauncherException(s.failed() + " of " + events.size() + " events not acknowledged by Kafka "
                        + bootstrap + ": " + s.failures().get(0).message());
            }
        }
    }

    private static final String[][] STAGES = {
            {"raw_events", "SELECT count(*) FROM raw_events"},
            {"ticks", "SELECT count(*) FROM ticks"},
            {"bars", "SELECT count(*) FROM bars_ohlcv"},
            {"bar_trades", "SELECT count(*) FROM bar_trades"},
            {"indicator_values", "SELECT count(*) FROM indicator_values"},
            {"signals", "SELECT count(*) FROM signals"},
            {"quality_alerts", "SELECT count(*) FROM quality_alerts"},
            {"rejected_events", "SELECT count(*) FROM rejected_events"},
            {"corporate_actions", "SELECT count(*) FROM corporate_actions"},
            {"late_trades", "SELECT count(*) FROM late_trades"}};

    static Map<String, Long> counts(Connection c) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            for (String[] s : STAGES) {
                try (ResultSet rs = st.executeQuery(s[1])) {
                    rs.next();
                    m.put(s[0], rs.getLong(1));
                }
            }
        }
        return m;
    }

    private Instant awaitQuiet(Infra infra, Functions fns, int sent) throws Exception {
        long start = System.nanoTime();
        long limit = start + o.maxWaitSeconds() * 1_000_000_000L;
        Map<String, Long> last = null;
        long lastChange = System.nanoTime();
        long lastPrint = 0;
        try (Connection c = infra.connect()) {
            while (System.nanoTime() < limit) {
                for (Functions.Child ch : fns.children().values()) {
                    if (!ch.process().isAlive()) {
                        throw new LauncherException("function " + ch.name() + " died during the run; see " + ch.log()
                                + Functions.tail(ch.log()));
                    }
                }
                Map<String, Long> now = counts(c);
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT coalesce(sum(trade_count),0) FROM bars_ohlcv")) {
                    rs.next();
                    now.put("bar_trade_sum", rs.getLong(1));
                }
                if (!now.equals(last)) {
                    last = now;
                    lastChange = System.nanoTime();
                }
                if (System.nanoTime() - lastPrint > 3_000_000_000L) {
                    lastPrint = System.nanoTime();
                    out.printf("      … raw %d/%d | ticks %d | bars %d | indicators %d | signals %d | alerts %d | rejected %d%n",
                            now.get("raw_events"), sent, now.get("ticks"), now.get("bars"),
                            now.get("indicator_values"), now.get("signals"), now.get("quality_alerts"),
                            now.get("rejected_events"));
                }
                boolean allIn = now.get("raw_events") + now.get("corporate_actions") >= sent
                        || now.get("raw_events") > 0 && System.nanoTime() - lastChange > 2L * o.quietSeconds() * 1_000_000_000L;
                if (allIn && System.nanoTime() - lastChange >= o.quietSeconds() * 1_000_000_000L) {
                    return Instant.now();
                }
                Thread.sleep(500);
            }
        }
        out.printf("      (still busy after %d s: summarizing what is there)%n", o.maxWaitSeconds());
        return Instant.now();
    }

    static Map<String, Long> grouped(Connection c, String sql) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }

    private Result summarize(Infra infra, List<CloudEvent> events, long alphaSeen, Duration pipeline) throws SQLException {
        try (Connection c = infra.connect()) {
            return new Result(events.size(), counts(c),
                    grouped(c, "SELECT action, count(*) FROM signals GROUP BY action ORDER BY 2 DESC"),
                    grouped(c, "SELECT \"interval\" || ' (' || origin || ')', count(*) FROM bars_ohlcv GROUP BY 1 ORDER BY 1"),
                    grouped(c, "SELECT alert_type || ' ' || severity, count(*) FROM quality_alerts GROUP BY 1 ORDER BY 2 DESC"),
                    grouped(c, "SELECT function || ' ' || reason, count(*) FROM rejected_events GROUP BY 1 ORDER BY 2 DESC"),
                    alphaSeen, pipeline, infra.psql(), events, prometheus);
        }
    }

    private void printSummary(Result r, Instant quietAt, long t0) {
        Map<String, Long> n = r.counts();
        double secs = Math.max(0.001, r.pipelineTime().toMillis() / 1000.0);
        out.println("[5/5] summary");
        long announced = r.sent().stream().filter(e -> e.type().equals(CloudEvent.ANNOUNCED)).count();
        out.printf("      events in            %,d CloudEvents (%d raw provider messages + %d corporate action)%n",
                r.eventsSent(), r.eventsSent() - announced, announced);
        out.printf("      raw_events           %,d%n", n.get("raw_events"));
        out.printf("      ticks (checked)      %,d%n", n.get("ticks"));
        out.printf("      bars                 %,d  %s%n", n.get("bars"), r.barsByInterval());
        out.printf("      indicator_values     %,d%n", n.get("indicator_values"));
        out.printf("      signals              %,d  %s%n", n.get("signals"), r.signalsByAction());
        out.printf("      quality alerts       %,d  %s%n", n.get("quality_alerts"), r.alertsByType());
        out.printf("      rejected             %,d  %s%n", n.get("rejected_events"), r.rejectedByReason());
        out.printf("      corporate actions    %,d%n", n.get("corporate_actions"));
        out.printf("      throughput           %.0f raw events/s, %.0f ticks/s over %.1f s (quiet since %s)%n",
                n.get("raw_events") / secs, n.get("ticks") / secs, secs, quietAt);
        out.printf("      total time           %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.println("      query it:            " + r.psql() + " -c 'SELECT symbol, action, confidence FROM signals ORDER BY ts DESC LIMIT 20'");
        if (r.prometheus() != null) {
            out.println("      metrics:             " + r.prometheus().url() + "/graph (the dashboards' queries; "
                    + "stops with the demo)");
        }
        if (infraIsEmbedded()) {
            out.println("      (the embedded stack stops with the demo; `marketfn stack up` keeps one running)");
        }
    }

    private boolean infraIsEmbedded() {
        return o.env().get("PG_URL") == null;
    }

    /** Follows the broker topic from its current end and prints alpha calls, at most ~4 lines a second. */
    static final class AlphaWatcher implements Runnable {
        private final String bootstrap;
        private final PrintStream out;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        final AtomicLong seen = new AtomicLong();

        AlphaWatcher(String bootstrap, PrintStream out) {
            this.bootstrap = bootstrap;
            this.out = out;
        }

        void awaitAssigned() throws InterruptedException {
            assigned.await(20, java.util.concurrent.TimeUnit.SECONDS);
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
                List<TopicPartition> parts = consumer.partitionsFor(KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "signals")).stream()
                        .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position);
                assigned.countDown();
                long lastPrint = 0;
                long suppressed = 0;
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(300))) {
                        if (!CloudEvent.ALPHA_CALL.equals(CloudEvent.type(rec))) {
                            continue;
                        }
                        JsonNode data = CloudEvent.tree(rec.value());
                        JsonNode records = data == null ? null : data.path("records");
                        int k = records != null && records.isArray() ? records.size() : 1;
                        seen.addAndGet(k);
                        if (System.nanoTime() - lastPrint < 250_000_000L || records == null || !records.isArray()) {
                            suppressed += k;
                            continue;
                        }
                        lastPrint = System.nanoTime();
                        JsonNode s = records.get(records.size() - 1);
                        for (JsonNode x : records) {
                            if (!"NO_ACTION".equals(x.path("action").asText())) {
                                s = x;
                            }
                        }
                        out.printf("      ▶ %-9s %-8s %-9s conf %.2f score %+.2f  %s %s%s%n", s.path("symbol").asText(),
                                s.path("interval").asText(), s.path("action").asText(), s.path("confidence").asDouble(),
                                s.path("score").asDouble(), s.path("provider").asText(), s.path("ts").asText(),
                                suppressed > 0 ? "  (+" + suppressed + " more)" : "");
                        suppressed = 0;
                    }
                }
            } catch (RuntimeException e) {
                out.println("      (alpha view stopped: " + e.getMessage() + ")");
                assigned.countDown();
            }
        }
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
