package dev.marketfn.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.launcher.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Knative Kafka broker's data plane, as far as the functions can tell (test code, not Knative): the broker topic,
 * the ingress that K_SINK points at (an HTTP CloudEvent in, the record produced in Kafka binary mode, 202 after the
 * ack), and per Trigger a consumer group on the topic that filters, POSTs each event in HTTP binary mode with
 * {@code Prefer: reply}, produces a 2xx reply back to the topic, retries per the Trigger's {@code delivery}, sends an
 * exhausted event to the dead-letter sink with the {@code knativeerror*} extensions, and commits an offset only after
 * its event was delivered or dead-lettered — or failed to be dead-lettered, which the real dispatcher commits too.
 *
 * <p>Ordered Triggers have one event in flight per partition; unordered ones dispatch a poll's records concurrently.
 * One difference: a poll's batch is committed when all of it is done (the dispatcher commits record by record), so an
 * unordered Trigger waits for its slowest event of a batch before it polls again; what is committed is the same
 * kind of thing — only finished records.
 */
final class KnativeDataPlane implements AutoCloseable {
    /** What the dispatcher retries (knative/specs data-plane.md, and the dispatcher's isRetryableStatusCode). */
    static boolean retryable(int status) {
        return status >= 500 || status == 404 || status == 408 || status == 409 || status == 429;
    }

    /** {@code knativeerrordata} carries at most this much of the failed response's body. */
    static final int ERROR_DATA_LIMIT = 1024;

    final String topic;
    final KnativeManifests manifests;
    private final String bootstrap;
    private final String scenario;
    private final PrintStream log;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpServer ingress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
    private volatile boolean running = true;
    private ToIntFunction<String> ports;

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong attemptsFailed = new AtomicLong();
    final AtomicLong replies = new AtomicLong();
    final AtomicLong ingressEvents = new AtomicLong();
    /** Events between a failed attempt and their outcome (delivered or dead-lettered) right now. */
    final java.util.concurrent.atomic.AtomicInteger retrying = new java.util.concurrent.atomic.AtomicInteger();
    /** {@code trigger id} of events sent to the dead-letter sink (accepted by it). */
    final Queue<String> deadLettered = new ConcurrentLinkedQueue<>();
    /** {@code trigger id} of events whose dead-letter delivery failed too: committed all the same, i.e. gone. */
    final Queue<String> lost = new ConcurrentLinkedQueue<>();

    private KnativeDataPlane(String bootstrap, String topic, KnativeManifests manifests, String scenario,
            PrintStream log) throws IOException {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.manifests = manifests;
        this.scenario = scenario;
        this.log = log;
        this.producer = Pipeline.producer(bootstrap);
        this.ingress = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()), 64);
        ingress.setExecutor(work);
        ingress.createContext("/", this::receive);
        ingress.start();
    }

    /** The broker topic (partitions from the overlay's broker config) and the ingress; no Trigger yet. */
    static KnativeDataPlane start(KafkaBroker kafka, KnativeManifests manifests, String scenario, PrintStream log)
            throws Exception {
        String topic = "knative-broker-marketfn-" + scenario;
        kafka.createTopic(topic, manifests.partitions(), Map.of("max.message.bytes", Integer.toString(4 << 20)));
        return new KnativeDataPlane(kafka.bootstrap(), topic, manifests, scenario, log);
    }

    /** What a SinkBinding injects as K_SINK: the broker's ingress. */
    String ingressUrl() {
        return "http://localhost:" + ingress.getAddress().getPort() + "/";
    }

    String group(KnativeManifests.Trigger t) {
        return "knative-trigger-marketfn-" + t.name() + "-" + scenario;
    }

    /**
     * Creates every Trigger: its consumer group starts at the topic's latest offsets (what Knative commits when a
     * Trigger is created — an event published before is never delivered to it), then its dispatcher runs.
     *
     * @param ports the current HTTP port of a Knative Service by name (a restarted function gets a new one; in the
     *              cluster the Service's address stays the same)
     */
    void createTriggers(ToIntFunction<String> ports) throws Exception {
        this.ports = ports;
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> latest = new LinkedHashMap<>();
            ends(admin).forEach((tp, end) -> latest.put(tp, new OffsetAndMetadata(end)));
            for (KnativeManifests.Trigger t : manifests.triggers()) {
                admin.alterConsumerGroupOffsets(group(t), latest).all().get(30, TimeUnit.SECONDS);
            }
        }
        for (KnativeManifests.Trigger t : manifests.triggers()) {
            KafkaConsumer<String, byte[]> c = consumer(group(t), t.ordered());
            consumers.add(c);
            threads.add(Thread.ofPlatform().daemon().name("trigger-" + t.name()).start(() -> run(t, c)));
        }
    }

    private KafkaConsumer<String, byte[]> consumer(String group, boolean ordered) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // the unordered dispatcher's in-flight bound; ordered takes one at a time per partition anyway
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ordered ? 100 : 50);
        // an event may be held for its whole retry window, twice (subscriber, then dead-letter sink)
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 900_000);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void run(KnativeManifests.Trigger t, KafkaConsumer<String, byte[]> c) {
        try {
            c.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(Duration.ofMillis(200));
                } catch (WakeupException stop) {
                    return;
                } catch (KafkaException brokerTrouble) {
                    pause(1000);
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                List<Future<?>> inFlight = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    List<ConsumerRecord<String, byte[]>> part = records.records(tp);
                    next.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
                    if (t.ordered()) {
                        inFlight.add(work.submit(() -> part.forEach(r -> dispatch(t, r))));
                    } else {
                        part.forEach(r -> inFlight.add(work.submit(() -> dispatch(t, r))));
                    }
                }
                for (Future<?> f : inFlight) {
                    f.get();
                }
                commit(t, c, next);
            }
        } catch (WakeupException stop) {
            // closing
        } catch (Exception e) {
            if (running) {
                log.printf("[knative] trigger %s stopped: %s%n", t.name(), e);
            }
        } finally {
            c.close(Duration.ofSeconds(5));
        }
    }

    /** Retries while the broker is away; a rebalance in between means the records are delivered again (at least once). */
    private void commit(KnativeManifests.Trigger t, KafkaConsumer<String, byte[]> c,
            Map<TopicPartition, OffsetAndMetadata> offsets) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (running && System.nanoTime() < deadline) {
            try {
                c.commitSync(offsets, Duration.ofSeconds(15));
                return;
            } catch (CommitFailedException rebalanced) {
                log.printf("[knative] trigger %s: commit after a rebalance refused, records will be redelivered%n",
                        t.name());
                return;
            } catch (WakeupException stop) {
                throw stop;
            } catch (KafkaException retriable) {
                pause(1000);
            }
        }
    }

    /** One record, as RecordDispatcherImpl handles it: filter, subscriber, else dead-letter sink. */
    private void dispatch(KnativeManifests.Trigger t, ConsumerRecord<String, byte[]> r) {
        Decoded d = CloudEventCodec.fromKafka(r.headers(), r.value());
        if (!d.isCloudEvent() || d.problem() != null || !t.matches(d.attributes())) {
            return; // not a CloudEvent the dispatcher can read, or filtered out: discarded, offset committed
        }
        CloudEvent event = CloudEvent.of(d);
        Attempt a = deliver(event, () -> service(t.subscriber()), t.delivery());
        if (a.delivered()) {
            delivered.incrementAndGet();
            produceReply(a);
            return;
        }
        deadLetter(t, event, a);
    }

    /** A Knative Service's address: its function's current port (looked up per attempt: a restart changes it). */
    private URI service(String name) {
        return URI.create("http://localhost:" + ports.applyAsInt(name) + "/");
    }

    record Attempt(boolean delivered, int status, byte[] body, HttpResponse<byte[]> response, Exception error) {
    }

    interface Target {
        URI get();
    }

    /** The first attempt and up to {@code retry} more, each bounded by {@code timeout}, backoff in between. */
    private Attempt deliver(CloudEvent event, Target target, KnativeDelivery delivery) {
        Attempt last = attempt(event, target, delivery);
        if (last.delivered() || delivery.retry() == 0) {
            return last;
        }
        retrying.incrementAndGet();
        try {
            for (int n = 1; n <= delivery.retry() && running; n++) {
                attemptsFailed.incrementAndGet();
                pause(delivery.backoff(n).toMillis());
                last = attempt(event, target, delivery);
                if (last.delivered()) {
                    return last;
                }
            }
            return last;
        } finally {
            retrying.decrementAndGet();
        }
    }

    private Attempt attempt(CloudEvent event, Target target, KnativeDelivery delivery) {
        if (!running) {
            return new Attempt(false, -1, null, null, new IllegalStateException("data plane closed"));
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(target.get()).timeout(delivery.timeout())
                .header("Prefer", "reply");
        req.POST(event.toHttp(req, false));
        try {
            HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            // a 2xx, or a non-retryable status that the dispatcher logs and treats as done
            return new Attempt(!retryable(resp.statusCode()), resp.statusCode(), resp.body(), resp, null);
        } catch (IOException refusedOrTimedOut) {
            return new Attempt(false, -1, null, null, refusedOrTimedOut);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, -1, null, null, e);
        }
    }

    /** A 2xx reply that is a CloudEvent goes back to the broker topic (binary mode, keyed by its partition key). */
    private void produceReply(Attempt a) {
        if (a.status() / 100 != 2 || a.body() == null) {
            return;
        }
        Decoded reply = CloudEventCodec.fromHttp(a.response().headers(), a.body());
        if (!reply.isCloudEvent()) {
            return;
        }
        send(CloudEvent.of(reply), topic);
        replies.incrementAndGet();
    }

    private void send(CloudEvent event, String to) {
        try {
            producer.send(event.toKafka(to)).get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce " + event.id() + " to " + to, e);
        }
    }

    private void deadLetter(KnativeManifests.Trigger t, CloudEvent event, Attempt failed) {
        KnativeDelivery.DeadLetterSink dls = t.delivery().deadLetterSink();
        String key = t.name() + " " + event.id();
        if (dls == null) {
            lost.add(key);
            return;
        }
        Map<String, String> error = new LinkedHashMap<>();
        error.put("knativeerrordest", "http://" + t.subscriber() + ".marketfn.svc.cluster.local");
        if (failed.status() > 0) {
            error.put("knativeerrorcode", Integer.toString(failed.status()));
        }
        if (failed.body() != null && failed.body().length > 0) {
            error.put("knativeerrordata", Base64.getEncoder().encodeToString(
                    Arrays.copyOf(failed.body(), Math.min(ERROR_DATA_LIMIT, failed.body().length))));
        }
        CloudEvent dead = event.with(error);
        boolean accepted;
        if (dls.isKafkaSink()) {
            try {
                send(dead, dls.topic());
                accepted = true;
            } catch (IllegalStateException e) {
                accepted = false;
            }
        } else {
            // the dead-letter sink is sent with the same delivery (retries, backoff, timeout) as the subscriber
            accepted = deliver(dead, () -> service(dls.name()), t.delivery()).delivered();
        }
        (accepted ? deadLettered : lost).add(key);
        log.printf("[knative] trigger %s: %s after %d retries (last %s) -> dead-letter sink %s: %s%n", t.name(),
                event.id(), t.delivery().retry(), failed.status() > 0 ? failed.status() : failed.error(), dls,
                accepted ? "accepted" : "FAILED, offset committed anyway: event lost");
    }

    /** The broker ingress: what K_SINK receives (side events of the functions). */
    private void receive(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Decoded d = CloudEventCodec.fromHttp(each -> ex.getRequestHeaders().forEach((name, values) -> values
                    .forEach(v -> each.accept(name, v))), body);
            int status;
            if (!ex.getRequestMethod().equals("POST") || !d.isCloudEvent() || d.problem() != null) {
                status = 400;
            } else {
                try {
                    send(CloudEvent.of(d), topic);
                    ingressEvents.incrementAndGet();
                    status = 202;
                } catch (IllegalStateException e) {
                    status = 500;
                }
            }
            ex.sendResponseHeaders(status, -1);
        }
    }

    /** Per Trigger: records on the broker topic its group has not committed (in flight or not yet polled). */
    Map<String, Long> lag() throws Exception {
        try (Admin admin = admin()) {
            // committed offsets first, then the ends: a commit in between can only over-state the lag
            Map<String, Map<TopicPartition, OffsetAndMetadata>> groups = new LinkedHashMap<>();
            for (KnativeManifests.Trigger t : manifests.triggers()) {
                groups.put(t.name(), admin.listConsumerGroupOffsets(group(t)).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS));
            }
            Map<TopicPartition, Long> ends = ends(admin);
            Map<String, Long> lag = new LinkedHashMap<>();
            for (KnativeManifests.Trigger t : manifests.triggers()) {
                Map<TopicPartition, OffsetAndMetadata> committed = groups.get(t.name());
                long l = 0;
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    l += e.getValue() - (c == null ? 0 : c.offset());
                }
                lag.put(t.name(), l);
            }
            return lag;
        }
    }

    private Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        IntFunction<TopicPartition> tp = p -> new TopicPartition(topic, p);
        Map<TopicPartition, OffsetSpec> specs = new LinkedHashMap<>();
        for (int p = 0; p < manifests.partitions(); p++) {
            specs.put(tp.apply(p), OffsetSpec.latest());
        }
        return admin.listOffsets(specs).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("request.timeout.ms", 5000);
        p.put("default.api.timeout.ms", 10000);
        return Admin.create(p);
    }

    String summary() {
        return String.format("%d deliveries, %d failed attempts retried, %d replies and %d side events produced, "
                + "%d dead-lettered, %d lost", delivered.get(), attemptsFailed.get(), replies.get(),
                ingressEvents.get(), deadLettered.size(), lost.size());
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        // interrupts the events waiting out a backoff, so that every trigger thread gets back to its consumer
        work.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ingress.stop(0);
        producer.close(Duration.ofSeconds(10));
    }
}
