package dev.marketfn.reliability;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.launcher.CloudEvent;
import dev.marketfn.launcher.Functions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One scenario: its own database, broker topic, dead-letter topic and consumer groups on the shared Kafka and
 * PostgreSQL, and the five function jars as child processes wired to them: Kafka door on, as in the local stack, or
 * (with a {@link Knative} door) the Kafka door off and events arriving at the HTTP doors from a simulated Knative
 * broker data plane, as in the cluster.
 */
final class Pipeline implements AutoCloseable {
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m", "-Xshare:auto");

    final String name;
    final String database;
    /** The scenario's topics: {@code marketfn.<scenario>.<subscriber>} (KafkaTopics). */
    final String topicPrefix;
    /** The raw events' topic (normalize's): where the feed, the corpus and the poison pill go. */
    final String topic;
    final String dlq;
    private final KafkaBroker kafka;
    private final Postgres pg;
    private final Map<String, Path> jars;
    private final Path logDir;
    private final Map<String, String> extraProps;
    private final PrintStream log;
    final Functions functions = new Functions();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final AtomicInteger restarts = new AtomicInteger();
    /** Null: the local stack's Kafka doors. */
    private final Knative knative;

    /**
     * The Knative mode (knative/base/runtime-config.yaml: the Kafka door off): every event goes to one broker topic,
     * whose data plane POSTs it to the HTTP doors; {@code env} is set on the named functions (K_SINK of their
     * SinkBinding); {@code more} are functions besides the five (the dead-letter sink); {@code lag} is per Trigger.
     */
    record Knative(String brokerTopic, Map<String, Map<String, String>> env, List<String> more, Lag lag) {
    }

    interface Lag {
        Map<String, Long> get() throws Exception;
    }

    private Pipeline(String name, KafkaBroker kafka, Postgres pg, Map<String, Path> jars, Path logDir,
            Map<String, String> extraProps, PrintStream log, Knative knative) {
        this.name = name;
        this.database = "run_" + name.replace('-', '_');
        this.topicPrefix = "marketfn." + name;
        this.topic = KafkaTopics.of(topicPrefix, CloudEvent.RAW).get(0);
        this.dlq = "marketfn.dlq." + name;
        this.kafka = kafka;
        this.pg = pg;
        this.jars = jars;
        this.logDir = logDir.resolve(name);
        this.extraProps = extraProps;
        this.log = log;
        this.knative = knative;
    }

    /** A fresh database and topics, then the five functions (normalize first: it applies the migrations). */
    static Pipeline start(String name, KafkaBroker kafka, Postgres pg, Map<String, Path> jars, Path logDir,
            int partitions, Map<String, String> extraProps, PrintStream log) throws Exception {
        return start(new Pipeline(name, kafka, pg, jars, logDir, extraProps, log, null), partitions);
    }

    /** The Knative mode: the functions' HTTP doors behind a broker data plane that the caller runs. */
    static Pipeline startKnative(String name, KafkaBroker kafka, Postgres pg, Map<String, Path> jars, Path logDir,
            Knative knative, PrintStream log) throws Exception {
        return start(new Pipeline(name, kafka, pg, jars, logDir, Map.of(), log, knative), 0);
    }

    private static Pipeline start(Pipeline p, int partitions) throws Exception {
        try {
            return p.startAll(partitions);
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private Pipeline startAll(int partitions) throws Exception {
        Pipeline p = this;
        long t0 = System.nanoTime();
        pg.createDatabase(p.database);
        if (knative == null) {
            for (String t : KafkaTopics.all(p.topicPrefix)) {
                kafka.createTopic(t, partitions, Map.of("max.message.bytes", Integer.toString(4 << 20)));
            }
            kafka.createTopic(p.dlq, 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
        }
        p.startFunction("normalize");
        p.awaitReady("normalize");
        List<String> names = names();
        for (String f : names.subList(1, names.size())) {
            p.startFunction(f);
        }
        for (String f : names) {
            p.awaitReady(f);
        }
        log.printf("[%s] %d functions ready in %.1f s%n", name, names.size(),
                KafkaBroker.since(t0).toMillis() / 1000.0);
        return p;
    }

    /** The processes of the scenario: the five functions, and in the Knative mode the dead-letter sink. */
    List<String> names() {
        List<String> names = new ArrayList<>(Functions.NAMES);
        if (knative != null) {
            names.addAll(knative.more());
        }
        return names;
    }

    List<String> jvmOptions(String function) {
        List<String> opts = new ArrayList<>(JVM);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("marketfn.kafka.topic-prefix", topicPrefix);
        props.put("mp.messaging.incoming.marketfn-in.dead-letter-queue.topic", dlq);
        // the dead-letter topic under the name a per-record dead-letter channel would read (docs/reliability.md, B2)
        props.put("marketfn.kafka.dlq-topic", dlq);
        props.put("mp.messaging.incoming.marketfn-in.group.id", group(function));
        // a killed consumer is noticed after 6 s instead of 45 s (the broker's minimum); no effect on semantics
        props.put("mp.messaging.incoming.marketfn-in.session.timeout.ms", "6000");
        props.put("mp.messaging.incoming.marketfn-in.heartbeat.interval.ms", "1500");
        // the malformed corpus sends records > 1 MiB; the producer of a function must be able to forward what it reads
        props.put("mp.messaging.outgoing.marketfn-out.max.request.size", Integer.toString(4 << 20));
        props.putAll(extraProps);
        // experiments only (e.g. trying a proposed configuration fix): -Dreliability.function-props=k=v,k2=v2
        for (String kv : System.getProperty("reliability.function-props", "").split(",")) {
            if (kv.contains("=")) {
                props.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        props.forEach((k, v) -> opts.add("-D" + k + "=" + v));
        return opts;
    }

    String group(String function) {
        return "marketfn-" + function + "-" + name;
    }

    void startFunction(String f) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrap(), "PG_URL",
                pg.reactiveUrl(database), "PG_USER", Postgres.USER, "PG_PASSWORD", Postgres.PASSWORD));
        if (knative != null) {
            // as knative/base/runtime-config.yaml: the cluster uses only the HTTP door
            env.put("MARKETFN_KAFKA_DOOR_ENABLED", "false");
            env.putAll(knative.env().getOrDefault(f, Map.of()));
        }
        int n = restarts.incrementAndGet();
        functions.start(f, jars.get(f), env, jvmOptions(f), logDir.resolve(f + "-" + n));
    }

    void awaitReady(String f) throws InterruptedException {
        functions.awaitReady(functions.children().get(f), System.nanoTime() + TimeUnit.SECONDS.toNanos(180));
    }

    /** {@code kill -9} (Process.destroyForcibly is SIGKILL on Linux): no shutdown hook, no commit, no flush. */
    void kill(String f) throws InterruptedException {
        Process p = functions.children().get(f).process();
        p.destroyForcibly();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(f + " did not die");
        }
    }

    Functions.Child child(String f) {
        return functions.children().get(f);
    }

    /** Every function process still alive (a crash is a failure of every scenario). */
    void requireAlive() {
        for (Functions.Child c : functions.children().values()) {
            if (!c.process().isAlive()) {
                throw new AssertionError("function " + c.name() + " died (exit " + c.process().exitValue() + "); log "
                        + c.log() + Ports.tail(c.log(), 40));
            }
        }
    }

    int status(String f, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + child(f).port() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String metrics(String f) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + child(f).port() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    Connection connect() throws SQLException {
        return pg.connect(database);
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // survives a broker restart: sends wait and retry instead of failing (and Replay sends again what expired)
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the events in order, spread evenly over {@code over}; {@link Replay#sent()} tells the progress. */
    Replay replay(List<CloudEvent> events, Duration over) {
        return Replay.start(kafka.bootstrap(), name, events, over, this::topicsOf);
    }

    /** Where an event of {@code type} is published: its subscribers' topics locally, the broker topic in Knative. */
    List<String> topicsOf(String type) {
        return knative != null ? List.of(knative.brokerTopic()) : KafkaTopics.of(topicPrefix, type);
    }

    /** Sends records as they are (headers and bytes chosen by the caller) and waits for the acks. */
    void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrap())) {
            List<Future<?>> acks = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            for (Future<?> f : acks) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Drains, then fires what the PingSource fires in the cluster: an idle flush, which closes every window that has
     * ended (the run's data is hours old), then drains again. Without it, the last windows of a provider stay open
     * until the watermark passes them, and whether a late-starting partition holds it back first depends on timing.
     */
    void drainAndFlush(Duration max) throws Exception {
        awaitDrained(max);
        // to both subscribers' topics, keyed "ping" as the runs in docs/reliability.md were, so that the flush always
        // lands on one partition
        CloudEvent tick = CloudEvent.ping("reliability-idle-flush-" + name, "idle-flush");
        List<ProducerRecord<String, byte[]>> pings = new ArrayList<>();
        for (String t : topicsOf(CloudEvent.PING)) {
            ProducerRecord<String, byte[]> event = tick.toKafka(t);
            pings.add(new ProducerRecord<>(t, null, "ping", event.value(), event.headers()));
        }
        send(pings);
        awaitDrained(max);
    }

    /** Unconsumed records per consumer group on its function's topic (log end − committed, summed over partitions). */
    Map<String, Long> lag() throws Exception {
        if (knative != null) {
            return knative.lag().get();
        }
        try (Admin admin = kafka.admin(5000)) {
            Map<String, Long> lag = new LinkedHashMap<>();
            for (String f : Functions.NAMES) {
                String t = KafkaTopics.subscriber(topicPrefix, f);
                Set<TopicPartition> parts = admin.describeTopics(List.of(t)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(t).partitions().stream().map(p -> new TopicPartition(t, p.partition()))
                        .collect(Collectors.toSet());
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        parts.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all()
                        .get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group(f))
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long l = 0;
                for (TopicPartition tp : parts) {
                    OffsetAndMetadata c = committed.get(tp);
                    l += ends.get(tp).offset() - (c == null ? 0 : c.offset());
                }
                lag.put(f, l);
            }
            return lag;
        }
    }

    /** Records on the dead-letter topic. */
    long dlqCount() throws Exception {
        try (Admin admin = kafka.admin(5000)) {
            TopicPartition tp = new TopicPartition(dlq, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(10, TimeUnit.SECONDS).get(tp).offset();
        }
    }

    Map<String, Long> counts() throws SQLException {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String t : TableDigest.tables(c)) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    rs.next();
                    m.put(t, rs.getLong(1));
                }
            }
        }
        return m;
    }

    /**
     * Drained: every consumer group committed every record of its topic (each function's outputs are the next one's
     * input, so the whole chain is through), twice in a row with no table changing in between. Fails when a function died or the deadline passes.
     */
    void awaitDrained(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        Map<String, Long> lastCounts = null;
        Map<String, Long> lag = Map.of();
        int stable = 0;
        long lastPrint = 0;
        while (System.nanoTime() < deadline) {
            requireAlive();
            Map<String, Long> counts;
            try {
                lag = lag();
                counts = counts();
            } catch (Exception e) {
                // broker or database restarting
                stable = 0;
                Thread.sleep(1000);
                continue;
            }
            boolean zero = lag.values().stream().allMatch(l -> l == 0);
            stable = zero && counts.equals(lastCounts) ? stable + 1 : 0;
            lastCounts = counts;
            if (stable >= 2) {
                return;
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                lastPrint = System.nanoTime();
                log.printf("[%s] lag %s | rows %s%n", name, lag, compact(counts));
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("[" + name + "] not drained after " + max + ": lag " + lag + ", rows " + lastCounts);
    }

    static String compact(Map<String, Long> counts) {
        Map<String, Long> m = new HashMap<>(counts);
        m.values().removeIf(v -> v == 0);
        return new java.util.TreeMap<>(m).toString();
    }

    @Override
    public void close() {
        functions.close();
    }

    /** A paced producer on its own thread. */
    static final class Replay {
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger resent = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        final int total;

        private Replay(int total) {
            this.total = total;
        }

        static Replay start(String bootstrap, String name, List<CloudEvent> events, Duration over,
                java.util.function.Function<String, List<String>> topicsOf) {
            Replay r = new Replay(events.size());
            Thread.ofPlatform().daemon().name("replay-" + name).start(() -> {
                try {
                    List<ProducerRecord<String, byte[]>> failed;
                    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                        long t0 = System.nanoTime();
                        long step = events.isEmpty() ? 0 : over.toNanos() / events.size();
                        List<Map.Entry<ProducerRecord<String, byte[]>, Future<?>>> acks = new ArrayList<>();
                        for (int i = 0; i < events.size(); i++) {
                            long wait = t0 + i * step - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            for (String topic : topicsOf.apply(events.get(i).type())) {
                                ProducerRecord<String, byte[]> record = events.get(i).toKafka(topic);
                                acks.add(Map.entry(record, producer.send(record)));
                            }
                            r.sent.incrementAndGet();
                        }
                        producer.flush();
                        failed = expired(acks);
                    }
                    // An idempotent producer can stay out of step with a broker that was killed (its sequence for a
                    // partition lost with the unflushed producer state), so a partition's sends expire. A feed
                    // handler sends them again, in order, with a new producer: the pipeline keeps each event id once.
                    for (int attempt = 1; !failed.isEmpty(); attempt++) {
                        if (attempt > 3) {
                            throw new IllegalStateException(failed.size() + " records not delivered after 3 resends");
                        }
                        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                            List<Map.Entry<ProducerRecord<String, byte[]>, Future<?>>> acks = new ArrayList<>();
                            for (ProducerRecord<String, byte[]> record : failed) {
                                acks.add(Map.entry(record, producer.send(record)));
                            }
                            producer.flush();
                            r.resent.addAndGet(failed.size());
                            failed = expired(acks);
                        }
                    }
                    r.done.complete(null);
                } catch (Throwable e) {
                    r.done.completeExceptionally(e);
                }
            });
            return r;
        }

        /** The records whose delivery timed out, in the order they were sent. */
        private static List<ProducerRecord<String, byte[]>> expired(
                List<Map.Entry<ProducerRecord<String, byte[]>, Future<?>>> acks) throws Exception {
            List<ProducerRecord<String, byte[]>> failed = new ArrayList<>();
            for (var e : acks) {
                try {
                    e.getValue().get(300, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException x) {
                    if (!(x.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)) {
                        throw x;
                    }
                    failed.add(e.getKey());
                }
            }
            return failed;
        }

        int sent() {
            return sent.get();
        }

        /** Records sent again after their delivery timed out (a broker restart). */
        int resent() {
            return resent.get();
        }

        /** Blocks until {@code share} of the events were handed to the producer. */
        void awaitShare(double share) throws InterruptedException {
            while (sent.get() < Math.ceil(share * total) && !done.isDone()) {
                Thread.sleep(50);
            }
        }

        void await() throws Exception {
            done.get(600, TimeUnit.SECONDS);
        }
    }
}
