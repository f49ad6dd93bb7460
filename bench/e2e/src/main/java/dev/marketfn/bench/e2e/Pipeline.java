package dev.marketfn.bench.e2e;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.launcher.CloudEvent;
import dev.marketfn.launcher.Functions;
import dev.marketfn.launcher.Infra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The five functions on their Kafka doors, fed by the benchmark: warm-up, saturation, paced; then the checks. */
public final class Pipeline {
    /** The feed's topic: raw events are normalize's input. */
    static final String RAW_TOPIC = KafkaTopics.of(KafkaTopics.DEFAULT_PREFIX, CloudEvent.RAW).get(0);
    public static final long WARMUP_BASE = 1_000_000_000L;
    public static final long SATURATION_BASE = 2_000_000_000L;
    public static final long PACED_BASE = 3_000_000_000L;

    private final Options o;
    private final Infra infra;
    private final Report report;
    private final Functions fns = new Functions();
    private Observer observer;
    private Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Everything the run sent: messages and trades (for the database checks). */
    long sentMessages;
    long sentTrades;
    final Map<String, Object> results = new LinkedHashMap<>();

    public record Options(Path functionsDir, Path stateDir, List<String> jvmOpts, Set<String> jfr, long n,
            int symbols, double feedRate, long warmup, double pacedRate, int pacedSeconds, long seed, String runId,
            int maxWaitSeconds, Map<String, String> functionEnv) {
    }

    public Pipeline(Options o, Infra infra, Report report) {
        this.o = o;
        this.infra = infra;
        this.report = report;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** A raw CloudEvent in Kafka binary mode, stamped now: the traceparent carries the send time (see {@link Trace}). */
    static ProducerRecord<String, byte[]> record(String topic, Feed.Msg m, String runId, long seqBase) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
        long seq = seqBase + m.seq();
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("traceparent", Trace.traceparent(micros, seq));
        return CloudEvent.raw("bench-" + runId + "-" + seq, m.provider(), m.symbol(), m.data()).with(extensions)
                .toKafka(topic);
    }

    /** Starts the five functions (the first applies the migrations), the observer and the lag reader. */
    public void start() throws Exception {
        Map<String, Path> jars = Functions.jars(o.functionsDir());
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap, "PG_URL",
                infra.pgUrl, "PG_USER", infra.pgUser, "PG_PASSWORD", infra.pgPassword));
        env.putAll(o.functionEnv());
        Path logs = o.stateDir().resolve("logs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String first = Functions.NAMES.get(0);
        fns.awaitReady(fns.start(first, jars.get(first), env, o.jvmOpts(), logs), deadline);
        for (String f : Functions.NAMES.subList(1, Functions.NAMES.size())) {
            fns.start(f, jars.get(f), env, o.jvmOpts(), logs);
        }
        for (Functions.Child c : fns.children().values()) {
            fns.awaitReady(c, deadline);
        }
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrap);
        admin = Admin.create(p);
        // every topic a function writes to (the raw topic holds the feed itself, which the observer does not count)
        observer = new Observer(infra.bootstrap, KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX).stream()
                .filter(t -> !t.equals(RAW_TOPIC)).toList());
        observer.start();
        // every Kafka door has joined its group before anything is sent (the first poll assigns the partitions)
        long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String f : Functions.NAMES) {
            while (admin.describeConsumerGroups(List.of("marketfn-" + f)).all().get().get("marketfn-" + f).members()
                    .isEmpty()) {
                if (System.nanoTime() > joinDeadline) {
                    throw new IllegalStateException(f + " never joined its consumer group");
                }
                Thread.sleep(200);
            }
        }
    }

    public Options options() {
        return o;
    }

    public Infra infra() {
        return infra;
    }

    public Functions functions() {
        return fns;
    }

    public Observer observer() {
        return observer;
    }

    /** Sum of consumer lag per function group on its topic (committed offsets vs log end). */
    Map<String, Long> lag() throws Exception {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String f : Functions.NAMES) {
            String topic = KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, f);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var pi : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                latest.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("marketfn-" + f)
                    .partitionsToOffsetAndMetadata().get();
            long l = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                l += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            lag.put(f, l);
        }
        return lag;
    }

    /** Pre-generates the messages of a synthetic-clock phase. */
    static List<Feed.Msg> generate(Feed feed, long trades, List<Feed.Trade> tradesOut) {
        List<Feed.Msg> msgs = new ArrayList<>();
        long n = 0;
        while (n < trades) {
            Feed.Msg m = feed.next(null, tradesOut);
            msgs.add(m);
            n += m.trades();
        }
        return msgs;
    }

    static long trades(List<Feed.Msg> msgs) {
        return msgs.stream().mapToLong(Feed.Msg::trades).sum();
    }

    /** Sends pre-generated messages as fast as the producer takes them; returns the first send time (epoch ms). */
    long blast(String phase, List<Feed.Msg> msgs, long seqBase) throws Exception {
        // message numbers continue across phases of one feed: the phase is the range these messages carry
        observer.phase(new Observer.Phase(phase, seqBase + msgs.get(0).seq(), seqBase + msgs.get(msgs.size() - 1).seq() + 1));
        long firstMs = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = producer(infra.bootstrap, 5)) {
            List<Future<?>> acks = new ArrayList<>(msgs.size());
            for (Feed.Msg m : msgs) {
                acks.add(producer.send(record(RAW_TOPIC, m, o.runId(), seqBase)));
            }
            producer.flush();
            for (Future<?> f : acks) {
                f.get();
            }
        }
        sentMessages += msgs.size();
        sentTrades += trades(msgs);
        return firstMs;
    }

    /** Waits until every trade of the phase went through corporate-action and every group has caught up. */
    boolean awaitDone(String phase, long trades, int maxSeconds, List<String> timeline) throws Exception {
        long start = System.nanoTime();
        long lastPrint = 0;
        long lastTotal = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(maxSeconds)) {
            observer.check();
            for (Functions.Child c : fns.children().values()) {
                if (!c.process().isAlive()) {
                    throw new IllegalStateException("function " + c.name() + " died; see " + c.log());
                }
            }
            Map<String, Observer.Stage> st = observer.stages(phase);
            long adjusted = records(st, "dev.marketfn.tick.adjusted.v1");
            long total = observer.totalEvents();
            if (total != lastTotal) {
                lastTotal = total;
                quietSince = System.nanoTime();
            }
            boolean sample = System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(5);
            Map<String, Long> lag = null;
            if (sample || adjusted >= trades || System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(10)) {
                lag = lag();
            }
            if (sample) {
                lastPrint = System.nanoTime();
                String line = String.format(java.util.Locale.ROOT,
                        "%6.1fs normalized %,d  checked %,d  adjusted %,d  bars->indicators %,d  signals %,d | lag %s",
                        (System.nanoTime() - start) / 1e9, records(st, Observer.STAGES.get(0)),
                        records(st, Observer.STAGES.get(1)), adjusted, records(st, Observer.STAGES.get(3)),
                        records(st, Observer.STAGES.get(4)), lag);
                report.progress("%s", line);
                if (timeline != null) {
                    timeline.add(line);
                }
            }
            if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(90)) {
                // nothing moved for 90 s although work is queued: say who holds it and what its health says
                Map<String, Long> l = lag();
                if (l.values().stream().anyMatch(x -> x > 0)) {
                    StringBuilder sb = new StringBuilder("STALLED: no event for 90 s; lag " + l + "; health:");
                    for (Functions.Child c : fns.children().values()) {
                        sb.append(' ').append(c.name()).append('=').append(health(c));
                    }
                    report.line("%s", sb);
                    stalls.add(sb.toString());
                    return false;
                }
            }
            if (lag != null && lag.values().stream().allMatch(l -> l == 0)
                    && System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(1500)
                    && (adjusted >= trades || System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(10))) {
                return adjusted >= trades;
            }
            Thread.sleep(250);
        }
        return false;
    }

    final List<String> stalls = new ArrayList<>();

    String health(Functions.Child c) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + c.port() + "/q/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? "UP" : "DOWN(" + r.body().replaceAll("\\s+", " ").replaceAll(".*?\"name\": \"([^\"]*)\", \"status\": \"DOWN\".*", "$1") + ")";
        } catch (IOException | InterruptedException e) {
            return "unreachable";
        }
    }

    static long records(Map<String, Observer.Stage> st, String type) {
        Observer.Stage s = st.get(type);
        return s == null ? 0 : s.records.get();
    }

    /** CPU seconds of the five functions, PostgreSQL and this JVM (Kafka broker, load generator, observer), and the machine. */
    Map<String, Double> cpu() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Functions.Child c : fns.children().values()) {
            m.put(c.name(), Procs.cpuSeconds(c.process().pid(), false));
        }
        long pg = postmasterPid();
        m.put("postgresql", pg > 0 ? Procs.treeCpuSeconds(pg) : 0);
        m.put("harness+kafka", Procs.cpuSeconds(ProcessHandle.current().pid(), false));
        double[] machine = Procs.machineCpu();
        m.put("machine busy", machine[0]);
        m.put("machine total", machine[1]);
        return m;
    }

    private long postmasterPid = -1;

    long postmasterPid() {
        if (postmasterPid < 0) {
            try (Connection c = infra.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                postmasterPid = Procs.ppid(rs.getLong(1));
            } catch (SQLException e) {
                postmasterPid = 0;
            }
        }
        return postmasterPid;
    }

    static Map<String, Double> diff(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        return d;
    }

    /** store_write_duration_seconds count and sum per table, from each function's /q/metrics. */
    Map<String, double[]> storeMetrics() {
        Map<String, double[]> m = new TreeMap<>();
        for (Functions.Child c : fns.children().values()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + c.port() + "/q/metrics")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                for (String line : r.body().split("\n")) {
                    boolean count = line.startsWith("store_write_duration_seconds_count{");
                    boolean sum = line.startsWith("store_write_duration_seconds_sum{");
                    if (!count && !sum) {
                        continue;
                    }
                    String table = line.replaceAll(".*table=\"([^\"]*)\".*", "$1");
                    double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    m.computeIfAbsent(c.name() + " " + table, k -> new double[2])[count ? 0 : 1] = v;
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // a function without metrics: skip
            }
        }
        return m;
    }

    /** PostgreSQL transactions committed so far (all databases' worth is just ours on the embedded server). */
    long commits() {
        try (Connection c = infra.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Clears pg_stat_statements (creating the extension when missing); false when the server has not preloaded it. */
    boolean resetStatements() {
        try (Connection c = infra.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset()");
            st.execute("SELECT pg_stat_reset_shared('wal')");
            st.execute("SELECT pg_stat_reset_shared('checkpointer')");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The statements that took the most execution time since {@link #resetStatements}: total ms, calls, mean ms, rows
     * per call, shared blocks dirtied and WAL bytes, and the statement's first words.
     */
    List<String> topStatements(int limit) {
        List<String> out = new ArrayList<>();
        try (Connection c = infra.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT total_exec_time, calls, rows, shared_blks_dirtied, wal_bytes,
                            regexp_replace(query, '\\s+', ' ', 'g')
                        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                        ORDER BY total_exec_time DESC""" + " LIMIT " + limit)) {
            while (rs.next()) {
                long calls = rs.getLong(2);
                String q = rs.getString(6);
                out.add(String.format(java.util.Locale.ROOT, "%9.0f ms %9d calls %8.2f ms %8.1f rows/call %9d dirtied %8.1f MB WAL  %s",
                        rs.getDouble(1), calls, rs.getDouble(1) / Math.max(1, calls), (double) rs.getLong(3) / Math.max(1, calls),
                        rs.getLong(4), rs.getDouble(5) / 1e6, q.length() > 110 ? q.substring(0, 110) + "…" : q));
            }
        } catch (SQLException e) {
            out.add("pg_stat_statements not available: " + e.getMessage());
        }
        return out;
    }

    /** WAL written and checkpoints since {@link #resetStatements} (PostgreSQL 17 views). */
    String walAndCheckpoints() {
        try (Connection c = infra.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT w.wal_bytes, w.wal_fpi, w.wal_records, k.num_timed, k.num_requested, k.buffers_written
                        FROM pg_stat_wal w, pg_stat_checkpointer k""")) {
            rs.next();
            return String.format(java.util.Locale.ROOT,
                    "WAL %.0f MB in %,d records (%,d full-page images); checkpoints %d timed + %d requested, %,d buffers written",
                    rs.getDouble(1) / 1e6, rs.getLong(3), rs.getLong(2), rs.getLong(4), rs.getLong(5), rs.getLong(6));
        } catch (SQLException e) {
            return "WAL statistics not available: " + e.getMessage();
        }
    }

    /** Per table: rows inserted, updated, of those updated HOT (heap-only), deleted; cumulative counters. */
    Map<String, long[]> tableWrites() {
        Map<String, long[]> out = new java.util.TreeMap<>();
        try (Connection c = infra.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        } catch (SQLException e) {
            // statistics are a report extra: an empty map prints nothing
        }
        return out;
    }

    static List<String> diffTableWrites(Map<String, long[]> now, Map<String, long[]> before) {
        List<String> out = new ArrayList<>();
        now.forEach((table, n) -> {
            long[] b = before.getOrDefault(table, new long[4]);
            long ins = n[0] - b[0], upd = n[1] - b[1], hot = n[2] - b[2], del = n[3] - b[3];
            if (ins + upd + del > 0) {
                out.add(String.format(java.util.Locale.ROOT, "%-20s %,12d inserted %,12d updated (%3.0f %% HOT) %,10d deleted",
                        table, ins, upd, upd == 0 ? 0.0 : 100.0 * hot / upd, del));
            }
        });
        return out;
    }

    /** JFR for the chosen functions, from now until {@link #stopJfr}. */
    void startJfr() {
        for (Functions.Child c : fns.children().values()) {
            if (o.jfr().contains(c.name()) || o.jfr().contains("all")) {
                jcmd(c.process().pid(), "JFR.start", "name=bench", "settings=profile");
            }
        }
    }

    Map<String, Path> stopJfr() throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Path dir = o.stateDir().resolve("jfr");
        Files.createDirectories(dir);
        for (Functions.Child c : fns.children().values()) {
            if (o.jfr().contains(c.name()) || o.jfr().contains("all")) {
                Path f = dir.resolve(c.name() + ".jfr").toAbsolutePath();
                jcmd(c.process().pid(), "JFR.stop", "name=bench", "filename=" + f);
                if (Files.isRegularFile(f)) {
                    files.put(c.name(), f);
                }
            }
        }
        return files;
    }

    static String jcmd(long pid, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    /**
     * Paced: {@code rate} trades per second for {@code seconds}, generated live (event time = send time), one
     * producer with linger 0; returns the number of trades sent.
     */
    long paced(String phase, Feed feed, double rate, int seconds, long seqBase) throws Exception {
        observer.phase(new Observer.Phase(phase, seqBase, seqBase + 100_000_000L));
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        double due = t0;
        long trades = 0;
        long msgs = 0;
        try (KafkaProducer<String, byte[]> producer = producer(infra.bootstrap, 0)) {
            while (System.nanoTime() < end && due < end) {
                long wait = (long) due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Instant now = Instant.now();
                Feed.Msg m = feed.nextAt(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
                producer.send(record(RAW_TOPIC, m, o.runId(), seqBase));
                trades += m.trades();
                msgs++;
                due += m.trades() * 1e9 / rate;
            }
            producer.flush();
        }
        sentMessages += msgs;
        sentTrades += trades;
        return trades;
    }

    /** A PingSource tick: the indicator closes every window that ended (idle flush), quality-check sweeps stale series. */
    void ping() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(infra.bootstrap, 0)) {
            CloudEvent tick = new CloudEvent("bench-" + o.runId() + "-ping-" + System.nanoTime(),
                    CloudEvent.PING, "/apis/v1/namespaces/marketfn/pingsources/flush", null, Map.of(),
                    "{}".getBytes(StandardCharsets.UTF_8));
            for (String topic : KafkaTopics.of(KafkaTopics.DEFAULT_PREFIX, CloudEvent.PING)) {
                producer.send(tick.toKafka(topic)).get();
            }
        }
    }

    /** The start-up measurement's chain uses provider synthetic; the benchmark feed never does. */
    static final String BENCH = " AND provider <> 'synthetic'";

    /** Row counts in the store (rows of the benchmark feed). */
    Map<String, Long> counts() throws SQLException {
        String[][] q = {
                {"raw_events", "SELECT count(*) FROM raw_events WHERE event_id LIKE 'bench-" + o.runId() + "-%'"},
                {"ticks", "SELECT count(*) FROM ticks t JOIN raw_events r ON r.event_id = t.raw_event_id "
                        + "WHERE r.event_id LIKE 'bench-" + o.runId() + "-%'"},
                {"ticks without quality", "SELECT count(*) FROM ticks WHERE quality IS NULL AND provider <> 'synthetic'"},
                {"rejected_events", "SELECT count(*) FROM rejected_events"},
                {"bar_trades 1s", "SELECT count(*) FROM bar_trades WHERE \"interval\" = '1s'" + BENCH},
                {"bar_trades 1m", "SELECT count(*) FROM bar_trades WHERE \"interval\" = '1m'" + BENCH},
                {"trades in 1s bars", "SELECT coalesce(sum(trade_count), 0) FROM bars_ohlcv WHERE \"interval\" = '1s' AND origin = 'ticks'" + BENCH},
                {"bars", "SELECT count(*) FROM bars_ohlcv WHERE true" + BENCH},
                {"late_trades", "SELECT count(*) FROM late_trades"},
                {"indicator_values", "SELECT count(*) FROM indicator_values WHERE true" + BENCH},
                {"signals", "SELECT count(*) FROM signals WHERE true" + BENCH},
                {"quality_alerts", "SELECT count(*) FROM quality_alerts"}};
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = infra.connect(); Statement st = c.createStatement()) {
            for (String[] x : q) {
                try (ResultSet rs = st.executeQuery(x[1])) {
                    rs.next();
                    m.put(x[0], rs.getLong(1));
                }
            }
        }
        return m;
    }

    Map<String, Long> grouped(String sql) throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = infra.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }

    private boolean closed;

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (observer != null) {
                observer.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        fns.close();
    }
}
