package dev.marketfn.bench.e2e;

import dev.marketfn.codec.CloudEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the functions' output topics from their end (like a signal sink would) and, for every event the functions produce, finds
 * the raw message it descends from through {@code traceparent} ({@link Trace}). Per phase (a range of message numbers)
 * and event type it keeps: events, records, and for each event the latency from the raw message's send time to the
 * event's Kafka timestamp (CreateTime, stamped by the function's producer after its handler, and so its database
 * transaction, completed). Only headers are decoded; records are counted by scanning the data for the key every record
 * of that type has exactly once.
 */
public final class Observer implements Runnable, AutoCloseable {
    /** Event types and the JSON key whose occurrences count the records in their data. */
    static final Map<String, String> RECORD_KEY = Map.of(
            "dev.marketfn.tick.normalized.v1", "\"event_id\"",
            "dev.marketfn.tick.checked.v1", "\"event_id\"",
            "dev.marketfn.tick.adjusted.v1", "\"event_id\"",
            "dev.marketfn.indicator.computed.v1", "\"indicators\"",
            "dev.marketfn.alpha.call.v1", "\"signal_id\"");
    public static final List<String> STAGES = List.of("dev.marketfn.tick.normalized.v1", "dev.marketfn.tick.checked.v1",
            "dev.marketfn.tick.adjusted.v1", "dev.marketfn.indicator.computed.v1", "dev.marketfn.alpha.call.v1");

    /** What was seen of one event type within one phase. */
    public static final class Stage {
        public final AtomicLong events = new AtomicLong();
        public final AtomicLong records = new AtomicLong();
        public volatile long firstCreateMs = Long.MAX_VALUE;
        public volatile long lastCreateMs;
        final LongList latencyMicros = new LongList();

        synchronized void add(long latency, long createMs, long recordCount) {
            events.incrementAndGet();
            records.addAndGet(recordCount);
            if (latency >= 0) {
                latencyMicros.add(latency);
            }
            firstCreateMs = Math.min(firstCreateMs, createMs);
            lastCreateMs = Math.max(lastCreateMs, createMs);
        }

        public synchronized long[] latencies() {
            return latencyMicros.toArray();
        }
    }

    /** A phase: the message numbers [from, to) it sent. */
    public record Phase(String name, long from, long to) {
    }

    private static final java.util.regex.Pattern SIGNAL_ID = java.util.regex.Pattern.compile("\"signal_id\":\"([^\"]+)\"");
    /** Distinct signal ids seen in alpha.call events, and how many records repeated one (at-least-once redelivery). */
    public final Set<String> signalIds = ConcurrentHashMap.newKeySet();
    public final AtomicLong duplicateSignals = new AtomicLong();
    /** While a console side load runs: when each signal id's alpha.call record was appended (Kafka CreateTime, ms). */
    private volatile Map<String, Long> signalAppendedMs;
    private final String bootstrap;
    private final List<String> topics;
    private final List<Phase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Stage>> seen = new ConcurrentHashMap<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private final AtomicLong total = new AtomicLong();
    private Thread thread;
    private volatile Throwable failure;

    public Observer(String bootstrap, List<String> topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    public void start() throws InterruptedException {
        thread = Thread.ofPlatform().daemon().name("bench-observer").start(this);
        if (!assigned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("observer did not get its partitions");
        }
    }

    public void phase(Phase p) {
        phases.add(p);
    }

    /** The stage (type) seen for a phase; "other" holds events not descending from a benchmark message. */
    public Stage stage(String phase, String type) {
        return seen.computeIfAbsent(phase, k -> new ConcurrentHashMap<>()).computeIfAbsent(type, k -> new Stage());
    }

    public Map<String, Stage> stages(String phase) {
        return seen.getOrDefault(phase, Map.of());
    }

    public long totalEvents() {
        return total.get();
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            assigned.countDown();
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    total.incrementAndGet();
                    handle(r);
                }
            }
        } catch (Throwable t) {
            failure = t;
            assigned.countDown();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        // three headers, not a whole decode: the observer reads every record of the topic
        String type = CloudEventCodec.kafkaType(r.headers());
        String traceparent = CloudEventCodec.kafkaAttribute(r.headers(), "traceparent");
        String source = CloudEventCodec.kafkaAttribute(r.headers(), "source");
        if (type == null || source == null || !source.startsWith("/marketfn/")) {
            return; // raw input and anything else not produced by a function
        }
        long send = Trace.sendMicros(traceparent);
        String phase = "other";
        if (send >= 0) {
            long seq = Trace.msgSeq(traceparent);
            for (Phase ph : phases) {
                if (seq >= ph.from() && seq < ph.to()) {
                    phase = ph.name();
                    break;
                }
            }
        }
        String body = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        // The start-up measurement's chain (provider synthetic; the feed has none) is left out, as in the store counts
        // (Pipeline.BENCH): its functions with the Kafka door on can put chain events on the broker topic.
        if (body != null && body.contains("\"provider\":\"synthetic\"")) {
            return;
        }
        if (type.equals("dev.marketfn.alpha.call.v1") && body != null) {
            java.util.regex.Matcher m = SIGNAL_ID.matcher(body);
            Map<String, Long> appended = signalAppendedMs;
            while (m.find()) {
                if (!signalIds.add(m.group(1))) {
                    duplicateSignals.incrementAndGet();
                } else if (appended != null) {
                    appended.put(m.group(1), r.timestamp());
                }
            }
        }
        String key = RECORD_KEY.get(type);
        long records = key == null ? 1 : occurrences(r.value(), key);
        long latency = send < 0 ? -1 : r.timestamp() * 1000 - send;
        stage(phase, type).add(latency, r.timestamp(), records);
    }

    static long occurrences(byte[] data, String key) {
        if (data == null) {
            return 0;
        }
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        long n = 0;
        outer:
        for (int i = 0; i <= data.length - k.length; i++) {
            for (int j = 0; j < k.length; j++) {
                if (data[i + j] != k[j]) {
                    continue outer;
                }
            }
            n++;
            i += k.length - 1;
        }
        return n;
    }

    /** Starts (or, with false, stops) keeping the append time of each new signal id, for push latencies. */
    public void keepSignalTimes(boolean keep) {
        signalAppendedMs = keep ? new ConcurrentHashMap<>() : null;
    }

    /** The append time (epoch ms) of a signal id seen while {@link #keepSignalTimes} was on, or null. */
    public Long signalAppendedMs(String signalId) {
        Map<String, Long> appended = signalAppendedMs;
        return appended == null ? null : appended.get(signalId);
    }

    public void check() {
        if (failure != null) {
            throw new IllegalStateException("observer failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5000);
        }
    }

    /** A growable long array. */
    static final class LongList {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
