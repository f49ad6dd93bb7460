package dev.marketfn.runtime;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.InvalidInputException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The local door: consumes its function's topic in batches (CloudEvents in Kafka binary or structured mode, the
 * layout the Knative Kafka broker stores; a topic per subscriber, {@link KafkaTopics}), splits carried runs back into
 * their events ({@link RunCoalescer}), handles the partitions of a batch concurrently and each in order, produces
 * replies and side events to their subscribers' topics keyed by symbol, carried per partition, and only then lets
 * the batch be acknowledged. Transient failures are retried with backoff; a record still failing after that is
 * nacked to the dead-letter topic so the partition keeps flowing.
 */
@ApplicationScoped
public class KafkaDoor {
    private final Dispatcher dispatcher;
    private final MutinyEmitter<byte[]> out;
    private final MutinyEmitter<byte[]> deadLetters;
    static final int SEND_WINDOW = 100;
    private final int maxRetries;
    /**
     * Off for a function whose events on one partition produce output for series of another (the indicator: a
     * provider's watermark closes every series of the provider): handled concurrently, two partitions could emit
     * bars of one series out of order.
     */
    private final boolean concurrentPartitions;
    /** The topic prefix: every event goes to the topics of its type's subscribers ({@link KafkaTopics}). */
    private final String topicPrefix;
    private final AtomicLong lagMs = new AtomicLong();
    /** How long records wait for an unreachable database before they count retries again (below the commit age limit). */
    private final Duration storeOutageBudget;
    /** When the current database outage began (epoch ms), 0 while the database answers. */
    private final AtomicLong outageSince = new AtomicLong();
    /**
     * Set for a sink (the dead-letter function): every record is stored as it is, not routed by type, and a database
     * outage is waited out however long it lasts ({@link #waitForStore}).
     */
    private final RecordSink sink;

    public KafkaDoor(Dispatcher dispatcher, @Channel("marketfn-out") MutinyEmitter<byte[]> out,
            @Channel("marketfn-dlq") MutinyEmitter<byte[]> deadLetters, MeterRegistry registry,
            @ConfigProperty(name = "marketfn.kafka-door.max-retries", defaultValue = "8") int maxRetries,
            @ConfigProperty(name = "marketfn.kafka-door.concurrent-partitions", defaultValue = "true")
            boolean concurrentPartitions,
            @ConfigProperty(name = "marketfn.kafka-door.store-outage-budget", defaultValue = "PT4M") Duration storeOutageBudget,
            @ConfigProperty(name = "marketfn.kafka.topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX) String topicPrefix,
            @ConfigProperty(name = "marketfn.kafka.input-topic") String inputTopic) {
        this.dispatcher = dispatcher;
        this.storeOutageBudget = storeOutageBudget;
        this.out = out;
        this.deadLetters = deadLetters;
        this.maxRetries = maxRetries;
        this.concurrentPartitions = concurrentPartitions;
        this.topicPrefix = topicPrefix;
        this.sink = dispatcher.recordSink();
        if (sink == null) {
            requireTopicOfHandledTypes(inputTopic); // a sink takes whatever its topic holds
        }
        Gauge.builder("stream_consumer_lag_ms", lagMs, AtomicLong::get).tag("topic", inputTopic)
                .tag("group", "marketfn-" + dispatcher.functionName()).tag("consumer", dispatcher.functionName())
                .register(registry);
    }

    /** A door reading another topic than the one its types are written to would miss events or take another's. */
    private void requireTopicOfHandledTypes(String inputTopic) {
        for (String type : dispatcher.acceptedTypes()) {
            if (!KafkaTopics.of(topicPrefix, type).contains(inputTopic)) {
                throw new IllegalStateException("marketfn.kafka.input-topic of " + dispatcher.functionName() + " is "
                        + inputTopic + ", but " + type + " is written to " + KafkaTopics.of(topicPrefix, type));
            }
        }
    }

    @Incoming("marketfn-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        if (sink != null) {
            return drain(records);
        }
        Map<TopicPartition, List<Received>> byPartition = new LinkedHashMap<>();
        long newest = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            newest = Math.max(newest, record.timestamp());
            List<Received> partition = byPartition.computeIfAbsent(
                    new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>());
            // a carrier of the stage before is split back into the events it carries (RunCoalescer)
            for (InEvent event : RunCoalescer.expand(admitted(record))) {
                partition.add(new Received(record, event));
            }
        }
        if (newest > 0) {
            lagMs.set(Math.max(0, System.currentTimeMillis() - newest));
        }
        if (byPartition.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Partitions are handled concurrently and each in order (per-series state is keyed so that a series stays in
        // one partition; shared state is updated atomically in the store). The replies of the whole batch are sent
        // together at the end: sends keep their order per partition, and the offsets are committed only after every
        // send is acknowledged.
        Uni<List<List<Reply>>> handled;
        if (concurrentPartitions) {
            List<Uni<List<Reply>>> partitions = new ArrayList<>();
            for (List<Received> in : byPartition.values()) {
                partitions.add(handlePartition(in));
            }
            handled = Uni.join().all(partitions).andFailFast();
        } else {
            handled = Multi.createFrom().iterable(byPartition.values())
                    .onItem().transformToUniAndConcatenate(this::handlePartition).collect().asList();
        }
        // each partition's events go out as carriers of its run, on the partition they came from
        return handled.onItem().transformToUni(replies -> send(replies.stream()
                .flatMap(partition -> RunCoalescer.coalesce(dispatcher.functionName(), outEvents(partition)).stream())
                .toList()));
    }

    /**
     * Sink mode: each record, CloudEvent or not, goes to the sink as it is (no type check, no carriers split, no
     * replies), the partitions concurrently and each in order, each record with the retries and the store-outage wait
     * of {@link #withRetry}; the batch is acknowledged (its offsets committed) only when every record is stored.
     */
    private Uni<Void> drain(ConsumerRecords<String, byte[]> records) {
        long newest = 0;
        List<Uni<List<Reply>>> partitions = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> in = records.records(partition);
            List<Uni<Reply>> stores = new ArrayList<>(in.size());
            for (ConsumerRecord<String, byte[]> r : in) {
                newest = Math.max(newest, r.timestamp());
                // read and counted once; only the store is retried
                Decoded decoded = CloudEventCodec.fromKafka(r.headers(), r.value());
                InEvent event = decoded.event(Integer.toString(r.partition()));
                dispatcher.ingestedBySink(event, r.topic());
                stores.add(EventMdc.around(event, 1, () -> withRetry(r,
                        () -> sink.store(r, decoded).replaceWith(Reply.none()), maxRetries)));
            }
            partitions.add(Multi.createFrom().iterable(stores).onItem().transformToUniAndConcatenate(u -> u)
                    .collect().asList());
        }
        if (newest > 0) {
            lagMs.set(Math.max(0, System.currentTimeMillis() - newest));
        }
        if (partitions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(partitions).andFailFast().replaceWithVoid();
    }

    /**
     * The record as an event for this function. Its topic carries only the types it handles, so every record is its
     * own: one of another type, or no CloudEvent at all, is stored as rejected by the function whose topic it was
     * written to, once (docs/contract/errors.md).
     */
    private static InEvent admitted(ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.fromKafka(record.headers(), record.value()).event(Integer.toString(record.partition()));
    }

    /**
     * The partition's events in one pass (handlers that take batches store them together). After a transient failure
     * they are handled again one at a time, each with its own retries, so only a record that keeps failing is
     * dead-lettered. Handling twice is safe: every handler is idempotent per event.
     */
    private Uni<List<Reply>> handlePartition(List<Received> in) {
        // the failed pass counts as every event's first attempt, so a record is tried at most maxRetries + 1 times
        String topic = in.isEmpty() ? "" : in.getFirst().record().topic(); // one partition: one topic
        return dispatcher.dispatchAll(in.stream().map(Received::event).toList(), "kafka", topic)
                .invoke(replies -> outageSince.set(0)) // the database answers: a later outage gets its own budget
                .onFailure().recoverWithUni(e -> Multi.createFrom().iterable(in)
                        .onItem().transformToUniAndConcatenate(r -> handleWithRetry(r, maxRetries - 1))
                        .collect().asList())
                .map(replies -> keyedLikeInputs(in, replies));
    }

    /**
     * A rejection of a record that carried no partition key (no CloudEvent at all) is keyed with the record's own key,
     * so it lands on its input's partition as every other reply does.
     */
    private static List<Reply> keyedLikeInputs(List<Received> in, List<Reply> replies) {
        List<Reply> keyed = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            Reply reply = replies.get(i);
            OutEvent out = reply.reply();
            String key = in.get(i).record().key();
            if (out != null && out.partitionKey() == null && key != null) {
                Map<String, String> extensions = new LinkedHashMap<>(out.extensions());
                extensions.put("partitionkey", key);
                reply = new Reply(new OutEvent(out.id(), out.type(), out.source(), out.subject(), Map.copyOf(extensions),
                        out.data()), reply.sideEvents());
            }
            keyed.add(reply);
        }
        return keyed;
    }

    static List<OutEvent> outEvents(List<Reply> replies) {
        List<OutEvent> events = new ArrayList<>();
        for (Reply reply : replies) {
            if (reply.reply() != null) {
                events.add(reply.reply());
            }
            events.addAll(reply.sideEvents());
        }
        return events;
    }

    /** A record of this function's types and the event read from it. */
    private record Received(ConsumerRecord<String, byte[]> record, InEvent event) {
    }

    /**
     * Retries a transient failure with backoff; a record still failing after that is dead-lettered alone and the batch
     * goes on. (Failing the batch instead nacks every record of the poll: the dead-letter strategy then sends all of
     * them to the dead-letter topic, and those after the failing one are never handled.) While the database cannot be
     * reached at all the record is not what fails, so it waits for the database instead of spending its retries: a
     * restart or fail-over of 20 s outlasts the retries, and would dead-letter whatever was in flight. The wait ends
     * when the outage has lasted {@code store-outage-budget}; after that records count their retries again.
     */
    private Uni<Reply> handleWithRetry(Received in, int retries) {
        return withRetry(in.record(), () -> dispatcher.dispatch(in.event(), "kafka", in.record().topic()), retries);
    }

    /** {@link #handleWithRetry} for any handling of one record. */
    private Uni<Reply> withRetry(ConsumerRecord<String, byte[]> record, Supplier<Uni<Reply>> handle, int retries) {
        Uni<Reply> attempt = Uni.createFrom().<Reply>deferred(handle::get)
                .invoke(reply -> outageSince.set(0))
                .onFailure(this::waitForStore).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5))
                .indefinitely();
        if (retries > 0) {
            attempt = attempt.onFailure(e -> !(e instanceof InvalidInputException))
                    .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(retries);
        }
        return attempt
                .onFailure(e -> !(e instanceof InvalidInputException))
                .recoverWithUni(e -> deadLetter(record, e).replaceWith(Reply.none()));
    }

    /**
     * Whether to wait for the database: it cannot be reached, and the outage is younger than the budget. A sink waits
     * as long as the outage lasts: its records are dead letters already, and the one place after it, the dlq topic,
     * is drained by nobody -- the record is safer uncommitted in its own topic (its app turns the commit age limit
     * off for that, docs/dead-letter.md).
     */
    private boolean waitForStore(Throwable failure) {
        if (!StoreOutage.isOutage(failure)) {
            return false;
        }
        if (sink != null) {
            return true;
        }
        long now = System.currentTimeMillis();
        outageSince.compareAndSet(0, now);
        return now - outageSince.get() < storeOutageBudget.toMillis();
    }

    /** The record as received (key, headers, bytes) plus where it came from and why it failed. */
    Uni<Void> deadLetter(ConsumerRecord<String, byte[]> r, Throwable failure) {
        dispatcher.errors("DEAD_LETTER");
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        headers.add("dead-letter-reason", String.valueOf(failure).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", r.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(r.key()).withHeaders(headers).build();
        return deadLetters.sendMessage(Message.of(r.value() == null ? new byte[0] : r.value(), Metadata.of(metadata)));
    }

    /**
     * Sends the events in order, completing when Kafka acknowledged them all. At most {@link #SEND_WINDOW} are in
     * flight at once: the emitter buffers 128 unrequested messages and fails beyond that.
     */
    public Uni<Void> send(List<OutEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<OutEvent> window = events.subList(0, Math.min(SEND_WINDOW, events.size()));
        List<OutEvent> rest = events.subList(window.size(), events.size());
        List<Uni<Void>> sends = new ArrayList<>(window.size());
        for (OutEvent e : window) {
            for (String topic : KafkaTopics.of(topicPrefix, e.type())) {
                sends.add(out.sendMessage(toMessage(e, topic)));
            }
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid()
                .onItem().transformToUni(done -> send(rest));
    }

    /** Kafka binary mode through the codec, keyed by the event's partition key. */
    static Message<byte[]> toMessage(OutEvent e, String topic) {
        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafka(e, topic);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic()).withKey(record.key()).withHeaders(record.headers()).build();
        return Message.of(record.value(), Metadata.of(metadata));
    }
}
