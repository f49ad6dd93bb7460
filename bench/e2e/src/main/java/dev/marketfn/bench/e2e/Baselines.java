package dev.marketfn.bench.e2e;

import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.launcher.Infra;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The two ceilings, on the same machine and data as the pipeline run. */
public final class Baselines {
    public static final String PASSTHROUGH_TOPIC = "bench.passthrough";

    /** Elapsed seconds and what moved. */
    public record Result(double seconds, long messages, long rows, long bytes) {
        public double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private Baselines() {
    }

    /**
     * (a) The same messages, same headers and keys, produced to a 4-partition topic (like the broker topic) and
     * consumed by one consumer, no processing: first send → last record consumed.
     */
    public static Result kafkaPassThrough(String bootstrap, List<Feed.Msg> msgs, long trades, String runId)
            throws Exception {
        EmbeddedKafka.createTopics(bootstrap, 4, PASSTHROUGH_TOPIC);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        AtomicLong consumed = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread consumerThread = Thread.ofPlatform().name("bench-passthrough-consumer").start(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> parts = c.partitionsFor(PASSTHROUGH_TOPIC).stream()
                        .map(pi -> new TopicPartition(pi.topic(), pi.partition())).toList();
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                ready.countDown();
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
                while (consumed.get() < msgs.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                        r.headers().lastHeader("ce_id"); // touch what a consumer would read
                        consumed.incrementAndGet();
                    }
                }
                lastAt.set(System.nanoTime());
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                ready.countDown();
                done.countDown();
            }
        });
        ready.await(30, TimeUnit.SECONDS);
        long bytes = 0;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = Pipeline.producer(bootstrap, 5)) {
            for (Feed.Msg m : msgs) {
                ProducerRecord<String, byte[]> r = Pipeline.record(PASSTHROUGH_TOPIC, m, runId, 0);
                bytes += m.data().length;
                producer.send(r);
            }
            producer.flush();
        }
        done.await(30, TimeUnit.MINUTES);
        consumerThread.join(5000);
        if (consumed.get() < msgs.size()) {
            throw new IllegalStateException("pass-through consumed " + consumed.get() + " of " + msgs.size(),
                    failure.get());
        }
        return new Result((lastAt.get() - t0) / 1e9, msgs.size(), trades, bytes);
    }

    /**
     * (c) What one small transaction costs on this database: {@code count} single-row INSERTs, each committed on its
     * own (fsync on, synchronous_commit on, as the functions write). Microseconds per commit.
     */
    public static long[] commitLatency(Infra infra, int count) throws Exception {
        long[] micros = new long[count];
        try (Connection c = infra.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_commit");
            st.execute("CREATE TABLE bench_commit (id int PRIMARY KEY, payload text)");
            try (var ps = c.prepareStatement("INSERT INTO bench_commit VALUES (?, 'x')")) {
                for (int i = 0; i < count; i++) {
                    long t = System.nanoTime();
                    ps.setInt(1, i);
                    ps.executeUpdate();
                    micros[i] = (System.nanoTime() - t) / 1000;
                }
            }
            st.execute("DROP TABLE bench_commit");
        }
        return micros;
    }

    /**
     * (b) The same trades as rows shaped like {@code ticks} (event id, provider, symbol, ts, seq, price, size,
     * conditions, lineage), COPY'd into a plain logged table without keys or indexes; the rows are built before the
     * clock starts.
     */
    public static Result copy(Infra infra, List<Feed.Trade> trades) throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 20);
        StringBuilder sb = new StringBuilder(256);
        long bytes = 0;
        for (Feed.Trade t : trades) {
            sb.setLength(0);
            String ts = Feed.iso(t.tsMicros());
            sb.append(t.provider()).append('|').append(t.symbol()).append('|').append(ts).append('|').append(t.seq())
                    .append(",trade,").append(t.provider()).append(',').append(t.symbol()).append(',').append(ts)
                    .append(',').append(t.seq()).append(',').append(t.price().toPlainString()).append(',')
                    .append(t.size().toPlainString()).append(',').append(t.oddLot() ? "\"{@,I}\"" : "\"{@}\"")
                    .append(",bench,normalize@bench,1\n");
            byte[] line = sb.toString().getBytes(StandardCharsets.UTF_8);
            buf.write(line);
            bytes += line.length;
            if (buf.size() > (1 << 20)) {
                chunks.add(buf.toByteArray());
                buf.reset();
            }
        }
        chunks.add(buf.toByteArray());
        try (Connection c = infra.connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_copy_ticks");
            st.execute("CREATE TABLE bench_copy_ticks (event_id text, kind text, provider text, symbol text, "
                    + "ts timestamptz, seq bigint, price numeric, size numeric, conditions text[], raw_event_id text, "
                    + "produced_by text, schema_version int)");
            long t0 = System.nanoTime();
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY bench_copy_ticks FROM STDIN (FORMAT csv)");
            for (byte[] chunk : chunks) {
                in.writeToCopy(chunk, 0, chunk.length);
            }
            long rows = in.endCopy();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (rows != trades.size()) {
                throw new IllegalStateException("COPY stored " + rows + " of " + trades.size() + " rows");
            }
            st.execute("DROP TABLE bench_copy_ticks");
            return new Result(secs, 0, rows, bytes);
        }
    }
}
