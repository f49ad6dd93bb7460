package dev.marketfn.reliability;

import dev.marketfn.codec.CloudEventCodec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.launcher.CloudEvent;
import dev.marketfn.launcher.Demo;
import dev.marketfn.launcher.Functions;
import dev.marketfn.launcher.Sample;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Fault tests against the real function jars (docs/reliability.md). A clean run of the bundled trading day is the
 * reference; each faulted run replays the same events into its own database and topic while a fault is injected, and
 * must end with every table equal to the clean run's (row counts and content digests). The malformed corpus and the
 * poison pill run against the clean run's stack afterwards.
 *
 * <p>Size: {@code -Dreliability.fraction} (share of the day, CI 0.34), {@code -Dreliability.corpus} (entries per
 * door), {@code -Dreliability.full=true} for one kill run per function and longer outages (reliability/run-full.sh).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {
    static final boolean FULL = Boolean.getBoolean("reliability.full");
    static final double FRACTION = Double.parseDouble(System.getProperty("reliability.fraction", "0.34"));
    static final int CORPUS = Integer.getInteger("reliability.corpus", 520);
    static final Duration PACE = Duration.ofSeconds(Integer.getInteger("reliability.replay-seconds", FULL ? 45 : 15));
    static final Duration DRAIN = Duration.ofSeconds(FULL ? 600 : 240);
    static final int PARTITIONS = 4;
    /** {@code marketfn.kafka-door.max-retries} of the clean run's stack (8 is the default). */
    static final int BASELINE_RETRIES = FULL ? 8 : 3;

    final Path dir = Path.of("target/reliability");
    final Results results = new Results();
    KafkaBroker kafka;
    Postgres pg;
    Map<String, Path> jars;
    LocalDate day;
    List<CloudEvent> events;
    Pipeline baseline;
    /** The faulted run in progress (closed by the shutdown hook when the build is cancelled). */
    volatile Pipeline current;
    TableDigest clean;
    TableDigest cleanSelf;
    long started = System.nanoTime();

    @BeforeAll
    void cleanRun() throws Exception {
        Path functionsDir = Path.of(System.getProperty("marketfn.functions.dir", "../functions"));
        Functions.jars(functionsDir); // fails naming the missing jars
        long t0 = System.nanoTime();
        deleteRecursively(dir.resolve("kafka"));
        deleteRecursively(dir.resolve("pg"));
        jars = Functions.jars(snapshot(functionsDir, dir.resolve("apps")));
        results.note("Function apps under test: " + buildInfo(functionsDir));
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly, "reliability-cleanup"));
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        pg = new Postgres(dir.resolve("pg")).start();
        log("Kafka %s and PostgreSQL :%d up in %.1f s", kafka.bootstrap(), pg.port(), secs(t0));
        day = Sample.targetDay(Instant.now());
        events = Demo.events(day, FRACTION);
        log("input: the sample day %s, fraction %.2f: %d CloudEvents paced over %s", day, FRACTION, events.size(), PACE);
        long t1 = System.nanoTime();
        // The clean run's stack also takes the corpus and the poison pill; in CI its Kafka door gives up after 3
        // retries (~1.5 s of backoff) instead of 8 (~33 s), the full run keeps the default.
        baseline = Pipeline.start("clean", kafka, pg, jars, dir.resolve("logs"), PARTITIONS,
                FULL ? Map.of() : Map.of("marketfn.kafka-door.max-retries", Integer.toString(BASELINE_RETRIES)),
                System.out);
        baseline.replay(events, PACE).await();
        baseline.drainAndFlush(DRAIN);
        baseline.requireAlive();
        try (Connection c = baseline.connect()) {
            clean = TableDigest.of(c, true);
            cleanSelf = TableDigest.of(c, false);
        }
        assertThat(clean.tables.get("raw_events").count()).as("raw events of the clean run").isEqualTo(
                events.stream().filter(e -> e.type().equals(CloudEvent.RAW)).count());
        assertThat(clean.tables.get("signals").count()).as("the clean run reaches alpha-call").isPositive();
        assertThat(clean.tables.get("rejected_events").count()).as("the sample has no bad input").isZero();
        results.note(String.format("Clean run: %d CloudEvents (sample day, fraction %.2f), %d rows in %d tables: %s "
                + "(%.0f s incl. start of the five functions)", events.size(), FRACTION, clean.total(),
                clean.tables.size(), Pipeline.compact(counts(clean)), secs(t1)));
    }

    /**
     * Copies the five function apps, so that the run uses one build throughout (a rebuild of a function while the
     * tests run, e.g. in a concurrent build, would otherwise swap jars under a restarted process).
     */
    static Path snapshot(Path functionsDir, Path to) throws Exception {
        return snapshot(functionsDir, to, Functions.NAMES);
    }

    static Path snapshot(Path functionsDir, Path to, List<String> names) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteRecursively(to);
                for (String f : names) {
                    Path src = functionsDir.resolve(f).resolve("target/quarkus-app");
                    Path dst = to.resolve(f).resolve("target/quarkus-app");
                    try (var walk = Files.walk(src)) {
                        for (Path p : (Iterable<Path>) walk::iterator) {
                            Path target = dst.resolve(src.relativize(p).toString());
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(target);
                            } else {
                                Files.copy(p, target);
                            }
                        }
                    }
                }
                return to;
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                if (attempt >= 12) {
                    throw e;
                }
                log("function apps changing under the copy (%s), retrying in 10 s", e);
                Thread.sleep(10_000);
            }
        }
    }

    /** The git commit of the working tree and when each function app was built (results are only as new as these). */
    static String buildInfo(Path functionsDir) {
        StringBuilder sb = new StringBuilder();
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(functionsDir.toFile())
                    .redirectErrorStream(true).start();
            String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (git.waitFor() == 0) {
                sb.append("commit ").append(head).append(" (plus uncommitted changes, if any); ");
            }
        } catch (Exception noGit) {
            // not a git checkout
        }
        sb.append("built");
        for (String f : Functions.NAMES) {
            try {
                sb.append(' ').append(f).append(' ').append(Files.getLastModifiedTime(functionsDir.resolve(f)
                        .resolve("target/quarkus-app/lib/main")).toInstant().truncatedTo(ChronoUnit.MINUTES));
            } catch (java.io.IOException e) {
                sb.append(' ').append(f).append(" ?");
            }
        }
        return sb.toString();
    }

    /** On JVM exit (a cancelled build): no function, broker or database process may outlive the tests. */
    void closeQuietly() {
        for (AutoCloseable c : new AutoCloseable[] {baseline, current, pg, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort at exit
            }
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            if (baseline != null) {
                baseline.close();
            }
        } finally {
            try {
                pg.close();
            } finally {
                kafka.close();
                results.note(String.format("Whole class: %.0f s (fraction %.2f, corpus %d per door, full=%s)",
                        secs(started), FRACTION, CORPUS, FULL));
                results.write(dir.resolve("results.md"), "Results of FaultToleranceTest, " + Instant.now()
                        .truncatedTo(ChronoUnit.SECONDS));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ on the clean stack

    @Test
    @Order(1)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sameDayReplayedTwiceChangesNothing() throws Exception {
        long t0 = System.nanoTime();
        baseline.replay(events, Duration.ZERO).await();
        baseline.drainAndFlush(DRAIN);
        baseline.requireAlive();
        TableDigest.Comparison cmp;
        try (Connection c = baseline.connect()) {
            cmp = TableDigest.of(c, false).compareTo(cleanSelf);
        }
        writeDiff("replay-twice", cmp);
        List<String> duplicated = cmp.countDifferences();
        results.add("Same day replayed twice", "all " + events.size() + " CloudEvents sent again, same ids, unpaced, "
                        + "into the drained clean run", cmp.equal(),
                (duplicated.isEmpty() ? "0 duplicate rows (every row count unchanged, " + cleanSelf.total() + " rows)"
                        : "row counts changed in " + duplicated) + (cmp.equal() ? "; every row identical"
                        : "; but rows changed by the second replay:\n" + cmp.report()), secs(t0));
        assertThat(duplicated).as("tables whose row count changed when the day was replayed again:%n%s", cmp.report())
                .isEmpty();
        assertThat(cmp.equal()).as("replaying the day again changed stored rows (exactly-once effect):%n%s",
                cmp.report()).isTrue();
    }

    @Test
    @Order(3)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void malformedCorpusOverHttp() throws Exception {
        long t0 = System.nanoTime();
        List<Corpus.Entry> corpus = Corpus.build("http", CORPUS);
        long cloudEvents = corpus.stream().filter(e -> e.httpOk() && e.mode() != Corpus.Mode.PLAIN).count();
        assertThat(cloudEvents).as("malformed CloudEvents over HTTP").isGreaterThanOrEqualTo(500);
        CorpusRun run = new CorpusRun();
        run.viaHttp(baseline, corpus);
        run.writeReport(dir.resolve("corpus-http.txt"));
        String health = afterCorpusHealth(baseline);
        boolean pass = run.failures.isEmpty() && health.isEmpty();
        results.add("Malformed corpus, HTTP door", corpus.stream().filter(Corpus.Entry::httpOk).count()
                        + " requests (" + cloudEvents + " malformed CloudEvents + not-CloudEvents) posted to normalize: "
                        + CorpusRun.categories(corpus), pass,
                run.summary() + (pass ? "" : "\n" + run.failureReport(4) + health), secs(t0));
        assertThat(health).as("functions after the corpus").isEmpty();
        assertThat(run.failures).as("entries not answered as docs/contract/errors.md requires:%n%s", run.failureReport(50)).isEmpty();
    }

    @Test
    @Order(6)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void malformedCorpusOverKafka() throws Exception {
        long t0 = System.nanoTime();
        List<Corpus.Entry> corpus = Corpus.build("kafka", CORPUS).stream().filter(Corpus.Entry::kafkaOk).toList();
        double transientBefore = transientErrors(baseline);
        long dlqBefore = baseline.dlqCount();
        CorpusRun run = new CorpusRun();
        // two rounds: bad data first, then bad CloudEvent attributes, so that a failure of the attribute handling
        // cannot hide how the data-level entries were handled
        List<String> drained = new ArrayList<>();
        for (boolean attributes : new boolean[] {false, true}) {
            List<Corpus.Entry> round = corpus.stream().filter(e -> e.category().equals("attributes") == attributes)
                    .toList();
            baseline.send(round.stream().map(e -> CorpusRun.toKafka(baseline.topic, e)).toList());
            try {
                baseline.awaitDrained(Duration.ofSeconds(FULL ? 300 : 60));
                drained.add("drained");
            } catch (AssertionError notDrained) {
                drained.add(notDrained.getMessage().replaceAll(", rows .*", "") + " " + health(baseline));
            }
            run.judgeKafka(baseline, round);
        }
        run.writeReport(dir.resolve("corpus-kafka.txt"));
        double retries = transientErrors(baseline) - transientBefore;
        long dlq = baseline.dlqCount() - dlqBefore;
        String health = afterCorpusHealth(baseline);
        boolean flowed = drained.stream().allMatch("drained"::equals);
        boolean pass = run.failures.isEmpty() && retries == 0 && dlq == 0 && health.isEmpty() && flowed;
        results.add("Malformed corpus, Kafka door", corpus.size() + " records (ce_ headers, binary mode) on normalize's "
                        + "topic, bad data first, then bad attributes", pass,
                run.summary() + String.format("%n  transient failures (retries) %.0f, dead-lettered %d, topic %s",
                        retries, dlq, drained) + (pass ? "" : "\n" + run.failureReport(4) + health), secs(t0));
        assertThat(drained).as("every consumer group got through the corpus").allMatch("drained"::equals);
        assertThat(health).as("functions after the corpus").isEmpty();
        assertThat(retries).as("retries caused by malformed input (errors_total with a non-reject reason)").isZero();
        assertThat(dlq).as("malformed input dead-lettered instead of rejected").isZero();
        assertThat(run.failures).as("entries not stored as rejected:%n%s", run.failureReport(50)).isEmpty();
    }

    /** Readiness of every function, as {@code name=status}. */
    static String health(Pipeline p) {
        StringBuilder sb = new StringBuilder("(readiness");
        for (String f : Functions.NAMES) {
            sb.append(' ').append(f).append('=').append(p.child(f).process().isAlive() ? p.status(f, "/q/health/ready")
                    : "dead");
        }
        return sb.append(')').toString();
    }

    /** Transient failures counted by the dispatcher of every function (one per failed attempt, so per retry). */
    static double transientErrors(Pipeline p) throws Exception {
        double n = 0;
        for (String f : Functions.NAMES) {
            for (String line : p.metrics(f).split("\n")) {
                if (line.startsWith("errors_total{")) {
                    String reason = line.replaceAll(".*reason=\"([^\"]*)\".*", "$1");
                    if (!CorpusRun.REASONS.contains(reason)) {
                        n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            }
        }
        return n;
    }

    /** Empty when every function is alive and ready and normalize still turns a valid event into a tick. */
    String afterCorpusHealth(Pipeline p) throws Exception {
        StringBuilder problems = new StringBuilder();
        for (String f : Functions.NAMES) {
            if (!p.child(f).process().isAlive()) {
                problems.append(f).append(" died; ");
            } else if (p.status(f, "/q/health/ready") != 200) {
                problems.append(f).append(" not ready (").append(p.status(f, "/q/health/ready")).append("); ");
            }
        }
        CloudEvent ok = CloudEvent.raw("after-corpus-" + p.name + "-" + System.nanoTime(), "alpaca", "AAPL",
                ("[{\"T\":\"t\",\"S\":\"AAPL\",\"i\":" + System.nanoTime() % 1_000_000_000L + ",\"x\":\"V\",\"p\":190.5,"
                        + "\"s\":100,\"t\":\"" + Instant.now().minusSeconds(5) + "\",\"c\":[\"@\"],\"z\":\"C\"}]")
                        .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + p.child("normalize").port() + "/"))
                .timeout(Duration.ofSeconds(30));
        req.POST(ok.toHttp(req, false));
        HttpResponse<String> r = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !"dev.marketfn.tick.normalized.v1".equals(CloudEvent.replyType(r))) {
            problems.append("a valid event afterwards got ").append(r.statusCode()).append(' ').append(r.body());
        }
        return problems.toString();
    }

    @Test
    @Order(4)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void poisonPillIsDeadLetteredAndThePartitionKeepsFlowing() throws Exception {
        long t0 = System.nanoTime();
        Pipeline p = baseline;
        // The pill: an event the database refuses every time (a trigger raising for its id) - a transient failure
        // by every classification the code makes, so it is retried and then must be dead-lettered alone.
        try (Connection c = p.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE poison_attempts");
            st.execute("""
                    CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF NEW.event_id LIKE 'poison-%' THEN
                        PERFORM nextval('poison_attempts');
                        RAISE EXCEPTION 'poison pill %', NEW.event_id;
                      END IF;
                      RETURN NEW;
                    END $$""");
            st.execute("CREATE TRIGGER poison BEFORE INSERT ON raw_events FOR EACH ROW EXECUTE FUNCTION poison()");
        }
        long dlqBefore = p.dlqCount();
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        List<String> good = new ArrayList<>();
        Instant ts = Instant.now().minus(30, ChronoUnit.MINUTES);
        String pill = "poison-" + run;
        for (int i = 0; i < 40; i++) {
            String id = i == 20 ? pill : "pill-good-" + run + "-" + i;
            if (i != 20) {
                good.add(id);
            }
            records.add(CloudEvent.raw(id, "alpaca", "PILL", ("[{\"T\":\"t\",\"S\":\"PILL\",\"i\":" + (5000 + i)
                    + ",\"x\":\"V\",\"p\":" + (50 + i % 7) + ".25,\"s\":100,\"t\":\"" + ts.plusSeconds(i)
                    + "\",\"c\":[\"@\"],\"z\":\"C\"}]").getBytes(StandardCharsets.UTF_8)).toKafka(p.topic));
        }
        p.send(records); // one key: one partition, the pill in the middle of one poll batch
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long attempts = 0;
        while (System.nanoTime() < deadline && p.dlqCount() == dlqBefore) {
            Thread.sleep(500);
        }
        // the partition must flow on: a later event on it is stored
        String after = "pill-after-" + run;
        p.send(List.of(CloudEvent.raw(after, "alpaca", "PILL", ("[{\"T\":\"t\",\"S\":\"PILL\",\"i\":6000,\"x\":\"V\","
                + "\"p\":51.5,\"s\":100,\"t\":\"" + ts.plusSeconds(100) + "\",\"c\":[\"@\"],\"z\":\"C\"}]")
                .getBytes(StandardCharsets.UTF_8)).toKafka(p.topic)));
        p.awaitDrained(DRAIN);
        Thread.sleep(3000);
        long stored;
        long ticks;
        try (Connection c = p.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT last_value FROM poison_attempts")) {
                rs.next();
                attempts = rs.getLong(1);
            }
            stored = count(c, "SELECT count(*) FROM raw_events WHERE event_id = ANY(?)", good);
            ticks = count(c, "SELECT count(*) FROM ticks WHERE raw_event_id = ANY(?)", good);
            boolean afterStored = count(c, "SELECT count(*) FROM raw_events WHERE event_id = ANY(?)", List.of(after)) == 1;
            Thread.sleep(5000);
            long attemptsLater;
            try (ResultSet rs = st.executeQuery("SELECT last_value FROM poison_attempts")) {
                rs.next();
                attemptsLater = rs.getLong(1);
            }
            st.execute("DROP TRIGGER poison ON raw_events");
            Map<String, Integer> dead = deadLetters(p, dlqBefore);
            long goodDead = good.stream().filter(dead::containsKey).count();
            boolean pillDead = dead.containsKey(pill);
            int maxRetries = BASELINE_RETRIES;
            boolean bounded = attempts >= 2 && attempts <= maxRetries + 1 && attemptsLater == attempts;
            boolean pass = pillDead && bounded && stored == good.size() && ticks == good.size() && goodDead == 0
                    && afterStored;
            String evidence = String.format("pill attempts %d (retries bounded by max-retries %d: %s), pill on %s: %s; "
                            + "%d/%d good events of the same partition stored (%d ticks), %d good events dead-lettered, "
                            + "dead-letter topic got %d records %s; a later event on the partition stored: %s",
                    attempts, maxRetries, bounded, p.dlq, pillDead, stored, good.size(), ticks, goodDead,
                    dead.size(), summarizeTypes(dead), afterStored);
            results.add("Poison pill on Kafka", "40 raw events on one partition; the 21st is refused by the database "
                    + "on every attempt (trigger raising for its id)", pass, evidence, secs(t0));
            p.requireAlive();
            assertThat(pillDead).as(evidence).isTrue();
            assertThat(bounded).as(evidence).isTrue();
            assertThat(afterStored).as(evidence).isTrue();
            assertThat(goodDead).as(evidence).isZero();
            assertThat(stored).as(evidence).isEqualTo(good.size());
            assertThat(ticks).as(evidence).isEqualTo(good.size());
        }
    }

    private final Map<String, String> deadTypes = new LinkedHashMap<>();

    /** ce_id → count of the records on the dead-letter topic from {@code fromOffset}. */
    Map<String, Integer> deadLetters(Pipeline p, long fromOffset) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> ids = new LinkedHashMap<>();
        deadTypes.clear();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(p.dlq, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, fromOffset);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 20_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String id = CloudEventCodec.kafkaAttribute(r.headers(), "id");
                    ids.merge(String.valueOf(id), 1, Integer::sum);
                    deadTypes.put(String.valueOf(id), String.valueOf(CloudEventCodec.kafkaType(r.headers())));
                }
            }
        }
        return ids;
    }

    String summarizeTypes(Map<String, Integer> dead) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        dead.keySet().forEach(id -> byType.merge(deadTypes.get(id).replace("dev.marketfn.", ""), 1, Integer::sum));
        return byType.toString();
    }

    static long count(Connection c, String sql, List<String> ids) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ faulted runs

    /**
     * Control (full size only): a second clean run must equal the first, or the comparisons of the faulted runs
     * cannot tell a fault's effect from run-to-run variation. At CI size this was established once (docs).
     */
    @Test
    @Order(9)
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void controlSecondCleanRunEqualsTheFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(FULL || Boolean.getBoolean("reliability.control"),
                "control run only at full size (-Dreliability.full=true) or with -Dreliability.control=true");
        closeBaseline();
        faultedRun("clean-2", "none: a second clean run of the same input (control)", (p, r) -> { });
    }

    @Test
    @Order(10)
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void killMinus9OfEachFunctionMidReplay() throws Exception {
        closeBaseline();
        if (FULL) {
            List<AssertionError> failed = new ArrayList<>();
            for (String f : Functions.NAMES) {
                try {
                    faultedRun("kill-" + f, "kill -9 of " + f + " at 30 % and 65 % of the replay, restarted at once",
                            (p, r) -> {
                                for (double share : new double[] {0.30, 0.65}) {
                                    r.awaitShare(share);
                                    killAndRestart(p, f);
                                }
                                p.awaitReady(f);
                            });
                } catch (AssertionError e) {
                    failed.add(e); // every function gets its run; all failures are reported together
                }
            }
            if (!failed.isEmpty()) {
                AssertionError all = new AssertionError(failed.size() + " of " + Functions.NAMES.size()
                        + " kill runs differ from the clean run:\n" + failed.stream().map(Throwable::getMessage)
                        .reduce((a, b) -> a + "\n\n" + b).orElse(""));
                failed.forEach(all::addSuppressed);
                throw all;
            }
        } else {
            faultedRun("kill-each", "kill -9 of each function in turn (normalize at 15 % of the replay, quality-check at "
                    + "30 %, corporate-action 45 %, indicator 60 %, alpha-call 75 %), each restarted at once", (p, r) -> {
                        int i = 1;
                        for (String f : Functions.NAMES) {
                            r.awaitShare(0.15 * i++);
                            killAndRestart(p, f);
                        }
                        for (String f : Functions.NAMES) {
                            p.awaitReady(f);
                        }
                    });
        }
    }

    private final List<String> faultLog = new ArrayList<>();

    void killAndRestart(Pipeline p, String f) throws Exception {
        Map<String, Long> lag = p.lag();
        p.kill(f);
        faultLog.add(String.format("killed %s with %d records unacknowledged", f, lag.get(f)));
        p.startFunction(f);
    }

    @Test
    @Order(11)
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void postgresStoppedAndRestartedMidStream() throws Exception {
        closeBaseline();
        int outage = FULL ? 20 : 6;
        String probe = "pg-probe-" + System.currentTimeMillis();
        int[] probeStatus = new int[2];
        faultedRun("pg-restart", "PostgreSQL stopped (pg_ctl stop -m fast) at 35 % of the replay, started again on the "
                + "same port and data directory after " + outage + " s; an HTTP event posted to normalize during and "
                + "after the outage", (p, r) -> {
                    r.awaitShare(0.35);
                    pg.stop();
                    long down = System.nanoTime();
                    faultLog.add("PostgreSQL stopped with lag " + p.lag());
                    probeStatus[0] = postRaw(p, probe);
                    Thread.sleep(Math.max(0, outage * 1000L - (System.nanoTime() - down) / 1_000_000));
                    pg.start();
                    faultLog.add(String.format("PostgreSQL back after %.1f s", secs(down)));
                    probeStatus[1] = postRaw(p, probe);
                });
    }

    /** Posts one raw event over HTTP (status, or -1 without an answer). */
    int postRaw(Pipeline p, String id) throws Exception {
        CloudEvent e = CloudEvent.raw(id, "alpaca", "PRB", ("[{\"T\":\"t\",\"S\":\"PRB\",\"i\":1,\"x\":\"V\",\"p\":10.5,"
                + "\"s\":100,\"t\":\"" + Instant.now().minusSeconds(60) + "\",\"c\":[\"@\"],\"z\":\"C\"}]")
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://localhost:" + p.child("normalize").port() + "/"))
                .timeout(Duration.ofSeconds(40));
        req.POST(e.toHttp(req, false));
        try {
            int status = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            faultLog.add("HTTP probe " + id + " answered " + status);
            return status;
        } catch (java.io.IOException ex) {
            faultLog.add("HTTP probe " + id + " got no answer: " + ex);
            return -1;
        }
    }

    @Test
    @Order(12)
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void kafkaBrokerRestartedMidStream() throws Exception {
        closeBaseline();
        int outage = FULL ? 15 : 3;
        faultedRun("kafka-restart", "the Kafka broker killed (kill -9) at 35 % of the replay and started again on the "
                + "same ports and log directory after " + outage + " s", (p, r) -> {
                    r.awaitShare(0.35);
                    Map<String, Long> lag = p.lag();
                    kafka.kill();
                    long down = System.nanoTime();
                    faultLog.add("broker killed with lag " + lag);
                    Thread.sleep(outage * 1000L);
                    kafka.startProcess();
                    faultLog.add(String.format("broker back after %.1f s", secs(down)));
                });
    }

    interface Fault {
        void inject(Pipeline p, Pipeline.Replay r) throws Exception;
    }

    /** A fresh stack, the paced replay with the fault injected, drained, then compared with the clean run. */
    void faultedRun(String name, String injection, Fault fault) throws Exception {
        long t0 = System.nanoTime();
        faultLog.clear();
        try (Pipeline p = Pipeline.start(name, kafka, pg, jars, dir.resolve("logs"), PARTITIONS, Map.of(), System.out)) {
            current = p;
            Pipeline.Replay r = p.replay(events, PACE);
            fault.inject(p, r);
            r.await();
            if (r.resent() > 0) {
                faultLog.add(r.resent() + " records sent again by the feed after their delivery timed out");
            }
            p.drainAndFlush(DRAIN);
            p.requireAlive();
            long dlq = p.dlqCount();
            String probeNote = "";
            if (name.equals("pg-restart")) {
                probeNote = probeCheck(p);
            }
            TableDigest.Comparison cmp;
            try (Connection c = p.connect()) {
                cmp = TableDigest.of(c, true).compareTo(clean);
            }
            writeDiff(name, cmp);
            String diagnosis = diagnose(cmp) + (cmp.equal() ? "" : logExcerpt(name, "late bar ", 12));
            boolean pass = cmp.equal() && dlq == 0 && (probeNote.isEmpty() || probeNote.startsWith("ok"));
            String evidence = (cmp.equal() ? "all " + clean.tables.size() + " tables equal to the clean run (" + clean.total()
                    + " rows: 0 lost, 0 duplicated, 0 changed)" : "tables differ from the clean run" + diagnosis + ":\n"
                    + cmp.report())
                    + "; dead-lettered " + dlq + (probeNote.isEmpty() ? "" : "; " + probeNote) + "; " + String.join("; ",
                    faultLog);
            results.add(title(name), injection, pass, evidence, secs(t0));
            assertThat(dlq).as("records dead-lettered during %s", name).isZero();
            assertThat(cmp.equal()).as("tables after %s%s:%n%s", name, diagnosis, cmp.report()).isTrue();
            if (!probeNote.isEmpty()) {
                assertThat(probeNote).startsWith("ok");
            }
        }
    }

    /** Lines of the run's function logs matching {@code regex} (what a differing run needs to be explained). */
    String logExcerpt(String run, String regex, int max) throws java.io.IOException {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        List<String> lines = new ArrayList<>();
        Path logs = dir.resolve("logs").resolve(run);
        if (!Files.isDirectory(logs)) {
            return "";
        }
        try (var walk = Files.walk(logs)) {
            for (Path log : walk.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")) {
                    if (pattern.matcher(line).find() && lines.size() < max) {
                        lines.add(log.getFileName() + ": " + line);
                    }
                }
            }
        }
        return lines.isEmpty() ? "" : "; log lines matching /" + regex + "/:\n  " + String.join("\n  ", lines);
    }

    void writeDiff(String name, TableDigest.Comparison cmp) throws java.io.IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("diff-" + name + ".txt"), cmp.fullDiff().getBytes(StandardCharsets.UTF_8));
    }

    /** What a difference points at, where the pattern is known (docs/reliability.md, findings). */
    static String diagnose(TableDigest.Comparison cmp) {
        List<String> hints = new ArrayList<>();
        long[] late = cmp.counts().get("late_trades");
        if (late != null && late[1] > late[0]) {
            hints.add((late[1] - late[0]) + " trade(s) became late: after the fault one partition's backlog advanced the "
                    + "provider watermark past another partition's trades (bars stay exact but are emitted without them, "
                    + "so indicator values and signals of the series differ)");
        }
        long[] signals = cmp.counts().get("signals");
        if (signals != null && signals[1] < signals[0] && !cmp.differences().containsKey("indicator_values")) {
            hints.add((signals[0] - signals[1]) + " signal(s) missing although every indicator value is stored: bars "
                    + "committed as emitted whose indicator.computed event was never published (a redelivery does not "
                    + "emit a bar twice)");
        }
        if (cmp.differences().containsKey("signals") && !cmp.differences().containsKey("indicator_values")) {
            hints.add("signals changed while their indicator inputs did not: alpha-call evaluated a bar after a newer "
                    + "one of its series (a redelivery, or bars of one series on different partitions) and stored that "
                    + "evaluation (NO_ACTION without rationale) or overwrote the first one with it");
        }
        if (cmp.differences().containsKey("ticks") && !cmp.differences().containsKey("raw_events")) {
            hints.add("ticks changed while raw events did not: look at quality of redelivered records");
        }
        return hints.isEmpty() ? "" : " (" + String.join("; ", hints) + ")";
    }

    /** The HTTP probe of the PostgreSQL run: 5xx while down, its raw event stored once after; then removed before the comparison. */
    String probeCheck(Pipeline p) throws Exception {
        String during = faultLog.stream().filter(l -> l.startsWith("HTTP probe")).findFirst().orElse("");
        String afterwards = faultLog.stream().filter(l -> l.startsWith("HTTP probe")).skip(1).findFirst().orElse("");
        try (Connection c = p.connect(); Statement st = c.createStatement()) {
            String id;
            try (ResultSet rs = st.executeQuery("SELECT event_id FROM raw_events WHERE event_id LIKE 'pg-probe-%'")) {
                id = rs.next() ? rs.getString(1) : null;
            }
            // the probe's reply goes nowhere over HTTP, so its tick (stored by quality-check) never comes: the raw
            // event stored once is what normalize owes
            st.execute("DELETE FROM raw_events WHERE event_id LIKE 'pg-probe-%'");
            boolean duringOk = during.matches(".* answered 5\\d\\d") || during.contains("no answer");
            boolean afterOk = afterwards.endsWith("answered 200") && id != null;
            return (duringOk && afterOk ? "ok: " : "NOT as required: ") + "HTTP probe during the outage: "
                    + during.replaceAll("HTTP probe \\S+ ", "") + ", after: " + afterwards.replaceAll("HTTP probe \\S+ ", "")
                    + ", stored " + (id == null ? 0 : 1) + " raw event";
        }
    }

    static String title(String name) {
        return switch (name) {
            case "pg-restart" -> "PostgreSQL stopped and restarted mid-stream";
            case "kafka-restart" -> "Kafka broker restarted mid-stream";
            case "clean-2" -> "Control: a second clean run";
            default -> name.startsWith("kill-each") ? "kill -9 of each function mid-replay"
                    : "kill -9 of " + name.substring(5) + " mid-replay";
        };
    }

    void closeBaseline() {
        if (baseline != null) {
            baseline.close();
            baseline = null;
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static Map<String, Long> counts(TableDigest d) {
        Map<String, Long> m = new LinkedHashMap<>();
        d.tables.forEach((k, v) -> m.put(k, v.count()));
        return m;
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static void log(String fmt, Object... args) {
        System.out.printf("[reliability] " + fmt + "%n", args);
    }

    static void deleteRecursively(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
