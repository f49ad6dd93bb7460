package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code marketfn backfill --provider alphavantage} end to end: a loopback Alpha Vantage (a 429 with Retry-After and
 * a rate-limit Note before the data) into embedded Kafka, with the job_runs row in embedded PostgreSQL with the
 * store's migrations. Every bar of the range arrives once by record id, normalize reads every raw event as it is, a
 * second run of the same range sends the same raw ids (nothing new), and each run is a job_runs row with its counts.
 */
class BackfillCliTest {
    static final String KEY = "AVSECRETKEY42";
    static EmbeddedPostgresServer pg;
    static EmbeddedKafka kafka;
    static HttpServer av;
    static final List<String> queries = new CopyOnWriteArrayList<>();
    static final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String name : Files.readAllLines(ArchiveCliTest.MIGRATIONS.resolve("index.txt"))) {
                if (!name.isBlank()) {
                    s.execute(Files.readString(ArchiveCliTest.MIGRATIONS.resolve(name.trim())));
                }
            }
        }
        kafka = EmbeddedKafka.start();
        EmbeddedKafka.createTopics(kafka.bootstrapServers(), KafkaTopics.PARTITIONS,
                KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "normalize"));
        av = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        av.createContext("/query", x -> {
            String q = x.getRequestURI().getRawQuery();
            queries.add(q);
            int n = requests.incrementAndGet();
            int status = 200;
            String body;
            if (n == 1) {
                status = 429;
                x.getResponseHeaders().add("Retry-After", "1");
                body = "{}";
            } else if (n == 2) {
                body = "{\n    \"Note\": \"Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute.\"\n}";
            } else {
                body = month(param(q, "symbol"), param(q, "month"));
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        av.start();
    }

    @AfterAll
    static void stop() {
        if (av != null) {
            av.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    static Connection connect() throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    static String param(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing in " + query);
    }

    /** A 1min month in Alpha Vantage's shape: three bars on the month's 2nd, at 09:30..09:32 New York time. */
    static String month(String symbol, String month) {
        StringBuilder s = new StringBuilder("{\"Meta Data\": {\"1. Information\": \"Intraday (1min) open, high, low, close prices "
                + "and volume\", \"2. Symbol\": \"" + symbol + "\", \"3. Last Refreshed\": \"" + month + "-02 09:32:00\", "
                + "\"4. Interval\": \"1min\", \"5. Output Size\": \"Full size\", \"6. Time Zone\": \"US/Eastern\"}, "
                + "\"Time Series (1min)\": {");
        for (int m = 32; m >= 30; m--) {
            s.append("\"").append(month).append("-02 09:").append(m).append(":00\": {\"1. open\": \"10").append(m % 10)
                    .append(".00\", \"2. high\": \"110.00\", \"3. low\": \"99.00\", \"4. close\": \"105.00\", \"5. volume\": \"")
                    .append(1000 + m).append("\"}").append(m > 30 ? ", " : "");
        }
        return s.append("}}").toString();
    }

    static List<Decoded> readAll(int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "normalize");
        List<Decoded> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(end, settle)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    events.add(CloudEventCodec.fromKafka(r.headers(), r.value()));
                }
                if (settle == Long.MAX_VALUE && events.size() >= atLeast) {
                    settle = System.nanoTime() + Duration.ofMillis(700).toNanos(); // a late duplicate is caught
                }
            }
        }
        return events;
    }

    @Test
    void backfillsEveryBarOnceAndARerunSendsTheSameIds() throws Exception {
        Map<String, String> env = Map.of("ALPHAVANTAGE_API_KEY", KEY, "PG_URL", pg.jdbcUrl(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        String[] args = {"backfill", "--provider", "alphavantage", "--symbols", "IBM,AAPL", "--from", "2026-01-10",
                "--until", "2026-03-01", "--interval", "1m", "--endpoint", "http://127.0.0.1:" + av.getAddress().getPort()
                + "/query", "--per-minute", "0", "--rate-limit-wait", "0"};
        long t0 = System.nanoTime();
        Run first = CliTest.run(env, args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1)); // Retry-After
        assertThat(first.out()).contains("4 requests", "backfill done: 4 of 4 requests fetched, 4 events sent (0 malformed), "
                + "1 rate-limit waits, 2 retries");
        assertThat(first.err()).contains("backfill [1/4] IBM 2026-01: event ", "backfill [4/4] AAPL 2026-02: event ");
        assertThat(first.out() + first.err()).doesNotContain(KEY);
        assertThat(queries).allSatisfy(q -> assertThat(q).contains("function=TIME_SERIES_INTRADAY", "interval=1min",
                "outputsize=full", "apikey=" + KEY));
        assertThat(queries).extracting(q -> param(q, "symbol") + " " + param(q, "month"))
                .containsExactly("IBM 2026-01", "IBM 2026-01", "IBM 2026-01", "IBM 2026-02", "AAPL 2026-01", "AAPL 2026-02");

        List<Decoded> once = readAll(4);
        Set<String> rawIds = new HashSet<>();
        List<String> barIds = new ArrayList<>();
        for (Decoded d : once) {
            var e = d.event("");
            rawIds.add(e.id());
            for (CanonicalRecord r : Providers.standard().normalize(new RawMessage(e.extension("provider"), e.id(),
                    Json.tree(e.data()), e.subject(), Instant.parse("2030-01-01T00:00:00Z")))) {
                barIds.add(r.eventId());
                assertThat(r.interval()).isEqualTo("1m");
            }
        }
        assertThat(once).hasSize(4);
        assertThat(rawIds).hasSize(4);
        assertThat(barIds).hasSize(12).doesNotHaveDuplicates();

        Run second = CliTest.run(env, args);
        assertThat(second.code()).as(second.err()).isZero();
        List<Decoded> twice = readAll(8);
        assertThat(twice).hasSize(8);
        assertThat(twice.stream().map(d -> d.event("").id()).distinct()).containsExactlyInAnyOrderElementsOf(rawIds);

        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(
                "SELECT kind, status, items_in, items_out, error, args->>'provider', args->>'interval' FROM job_runs"
                        + " ORDER BY started_at")) {
            List<String> jobs = new ArrayList<>();
            while (r.next()) {
                jobs.add(r.getString(1) + " " + r.getString(2) + " " + r.getLong(3) + " " + r.getLong(4) + " "
                        + r.getString(5) + " " + r.getString(6) + " " + r.getString(7));
            }
            assertThat(jobs).containsExactly("backfill succeeded 4 4 null alphavantage 1m",
                    "backfill succeeded 4 4 null alphavantage 1m");
        }
    }

    @Test
    void theKeyAndTheDatabaseAreRequired() {
        Run noKey = CliTest.run(Map.of(), "backfill", "--provider", "alphavantage", "--symbols", "IBM", "--from",
                "2026-01-01", "--until", "2026-02-01");
        assertThat(noKey.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(noKey.err()).contains("alphavantage needs its key in ALPHAVANTAGE_API_KEY");
        Run polygon = CliTest.run(Map.of(), "backfill", "--provider", "polygon", "--symbols", "IBM", "--from",
                "2026-01-01", "--until", "2026-02-01");
        assertThat(polygon.code()).isEqualTo(Main.EXIT_USAGE);
        Run backwards = CliTest.run(Map.of(), "backfill", "--provider", "alphavantage", "--symbols", "IBM", "--from",
                "2026-02-01", "--until", "2026-01-01");
        assertThat(backwards.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(backwards.err()).contains("is not before --until");
    }
}
