package dev.marketfn.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test client for the broker topic: produce CloudEvents in Kafka binary mode and wait for replies. */
public final class KafkaEvents {
    private KafkaEvents() {
    }

    /** A received CloudEvent record: {@code ce_} headers without prefix, key, data. */
    public record Received(String key, Map<String, String> headers, String data) {
        public String ce(String name) {
            return headers.get("ce_" + name);
        }
    }

    public static void produce(String key, Map<String, String> ceAttributes, String data) {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", MarketfnInfra.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            // to the topic of its type's subscriber, as a feed would (KafkaTopics)
            String topic = KafkaTopics.of(KafkaTopics.DEFAULT_PREFIX, ceAttributes.get("type")).get(0);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data.getBytes(StandardCharsets.UTF_8));
            ceAttributes.forEach((k, v) -> record.headers().add("ce_" + k, v.getBytes(StandardCharsets.UTF_8)));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("cannot produce to Kafka", e);
        }
    }

    /** Reads the topic from the beginning until {@code count} records match or the timeout passes. */
    public static List<Received> await(Predicate<Received> match, int count, Duration timeout) {
        List<Received> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", MarketfnInfra.bootstrapServers(),
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(MarketfnInfra.TOPICS);
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                    }
                    for (Received rec : parts(new Received(r.key(), headers, new String(r.value(), StandardCharsets.UTF_8)))) {
                        if (match.test(rec)) {
                            found.add(rec);
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * The events a carrier holds (docs/contract/events.md, Carried runs), each with its own id, trace and records, as
     * the next function's door splits them; any other record as it is. How many events a poll coalesces depends on
     * timing, so tests look at the events. Written from the contract on purpose rather than calling the door's own
     * {@code RunCoalescer.expand}: a test that split carriers with the code under test could not catch its bugs.
     */
    static List<Received> parts(Received record) {
        if (record.data() == null || !record.data().startsWith("{\"parts\":")) {
            return List.of(record);
        }
        JsonNode carried = Json.tree(record.data().getBytes(StandardCharsets.UTF_8), "data");
        List<Received> events = new ArrayList<>();
        int next = 0;
        for (JsonNode part : carried.path("parts")) {
            Map<String, String> headers = new HashMap<>(record.headers());
            headers.put("ce_id", part.path("id").asText());
            headers.remove("ce_traceparent");
            if (part.hasNonNull("traceparent")) {
                headers.put("ce_traceparent", part.path("traceparent").asText());
            }
            ArrayNode records = Json.MAPPER.createArrayNode();
            for (int k = 0; k < part.path("records").asInt(); k++) {
                records.add(carried.path("records").path(next++));
            }
            events.add(new Received(record.key(), headers, new String(Json.bytes(
                    Json.MAPPER.createObjectNode().set("records", records)), StandardCharsets.UTF_8)));
        }
        return events;
    }

    public static Predicate<Received> type(String type) {
        return r -> type.equals(r.ce("type"));
    }
}
