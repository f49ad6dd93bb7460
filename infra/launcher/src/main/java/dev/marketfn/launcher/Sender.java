package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where the CLI's events go ({@code replay}, {@code synth}, {@code actions load}): the broker topic on Kafka (binary
 * content mode, the layout the Knative Kafka broker stores) or one HTTP endpoint (binary or structured mode). Sends
 * are counted; every event that was not accepted is kept as a {@link Failure} (Kafka: a failed produce; HTTP: no
 * connection, a non-2xx reply, or a {@code dev.marketfn.rejected.v1} reply).
 */
public abstract class Sender implements AutoCloseable {
    /** The reply type a function answers invalid input with (HTTP 200, docs/contract/errors.md). */
    public static final String REJECTED = "dev.marketfn.rejected.v1";

    /** One event that was not accepted, and why. */
    public record Failure(CloudEvent event, String message) {
    }

    private final AtomicLong sent = new AtomicLong();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

    /** Kafka after checking a broker answers (fails with {@code Kafka not reachable at …} within about 10 s). */
    public static Sender kafka(String bootstrap, String topicPrefix) {
        Infra.requireKafka(bootstrap);
        return new KafkaSender(bootstrap, topicPrefix);
    }

    /** HTTP POSTs to {@code url}; a malformed URL fails here, an unreachable one at the first send. */
    public static Sender http(String url, boolean structured) {
        return new HttpSender(url, structured);
    }

    /** Sends (Kafka: hands to the producer) one event; blocks for the reply on HTTP. */
    public abstract void send(CloudEvent e) throws InterruptedException;

    /** Waits until every event sent so far is acknowledged or failed. */
    public abstract void flush() throws InterruptedException;

    /** e.g. {@code Kafka localhost:9092 topics marketfn.*}. */
    public abstract String describe();

    /** Events handed to {@link #send} so far. */
    public long sent() {
        return sent.get();
    }

    /** Events not accepted so far (complete for Kafka after {@link #flush}). */
    public List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    public int failed() {
        return failures.size();
    }

    protected void countSent() {
        sent.incrementAndGet();
    }

    protected void fail(CloudEvent e, String message) {
        failures.add(new Failure(e, message));
    }

    @Override
    public abstract void close();

    /** Exit code for a run that sent {@code sender.sent()} events: 0 all accepted, 3 some refused, 1 none accepted. */
    public int exitCode() {
        if (failed() == 0) {
            return Main.EXIT_OK;
        }
        return failed() < sent() ? Main.EXIT_PARTIAL : Main.EXIT_FAILED;
    }

    static final class KafkaSender extends Sender {
        private final String bootstrap;
        private final String topicPrefix;
        private final KafkaProducer<String, byte[]> producer;

        KafkaSender(String bootstrap, String topicPrefix) {
            this.bootstrap = bootstrap;
            this.topicPrefix = topicPrefix;
            this.producer = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(), new ByteArraySerializer());
        }

        static Properties producerConfig(String bootstrap) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15000);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000);
            return p;
        }

        @Override
        public void send(CloudEvent e) {
            countSent();
            try {
                // to each subscriber's topic (a PingSource tick has two); a failure counts the event once
                boolean[] failed = {false};
                for (String topic : KafkaTopics.of(topicPrefix, e.type())) {
                    producer.send(e.toKafka(topic), (md, ex) -> {
                        if (ex != null && !failed[0]) {
                            failed[0] = true;
                            fail(e, ex.getClass().getSimpleName() + ": " + ex.getMessage());
                        }
                    });
                }
            } catch (RuntimeException ex) {
                fail(e, ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public String describe() {
            return "Kafka " + bootstrap + " topics " + topicPrefix + ".*";
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(30));
        }
    }

    static final class HttpSender extends Sender {
        private final String url;
        private final URI uri;
        private final boolean structured;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpSender(String url, boolean structured) {
            this.url = url;
            this.uri = uri(url);
            this.structured = structured;
        }

        @Override
        public void send(CloudEvent e) throws InterruptedException {
            countSent();
            HttpResponse<String> r;
            try {
                r = post(http, uri, e, structured);
            } catch (java.io.IOException x) {
                if (sent() == 1) {
                    // nothing got through: the endpoint is down or wrong, not this event
                    throw unreachable(url, x);
                }
                fail(e, "cannot reach " + url + " (" + x.getClass().getSimpleName() + ")");
                return;
            }
            String type = String.valueOf(CloudEvent.replyType(r));
            if (r.statusCode() / 100 != 2) {
                fail(e, "HTTP " + r.statusCode() + " " + oneLine(r.body()));
            } else if (type.equals(REJECTED)) {
                fail(e, "rejected: " + oneLine(r.body()));
            }
        }

        @Override
        public void flush() {
            // every send waited for its reply
        }

        @Override
        public String describe() {
            return url + (structured ? " (structured mode)" : "");
        }

        @Override
        public void close() {
            http.close();
        }
    }

    static String oneLine(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " ");
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** An absolute http(s) URL, or a {@link LauncherException} naming it. */
    static URI uri(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException x) {
            throw new LauncherException("bad --url " + url + ": " + x.getMessage());
        }
    }

    static LauncherException unreachable(String url, Exception x) {
        String why = x instanceof java.net.ConnectException ? "connection refused"
                : x instanceof java.net.http.HttpConnectTimeoutException ? "connect timed out"
                : x instanceof java.net.http.HttpTimeoutException ? "no reply within 30 s"
                : x.getClass().getSimpleName() + (x.getMessage() == null ? "" : ": " + x.getMessage());
        return new LauncherException("cannot reach " + url + " (" + why + ")");
    }

    /** One POST: binary mode ({@code ce-*} headers, data as body) or structured ({@code application/cloudevents+json}). */
    static HttpResponse<String> post(HttpClient http, URI uri, CloudEvent e, boolean structured)
            throws java.io.IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        b.POST(e.toHttp(b, structured));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
