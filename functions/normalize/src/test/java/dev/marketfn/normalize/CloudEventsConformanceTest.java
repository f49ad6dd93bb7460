package dev.marketfn.normalize;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents 1.0 conformance, driven by a client the project did not write: the CloudEvents SDK for Java writes every
 * well-formed request (HTTP binary and structured, Kafka binary and structured) and reads every reply. What the SDK
 * refuses to write (bad attributes, a missing specversion, a record that is no CloudEvent) is written by hand, as an
 * outside client would send it; the contract is docs/contract/events.md and docs/contract/errors.md.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class CloudEventsConformanceTest {
    static final String TRADE = """
            [{"T":"t","S":"MSFT","i":%d,"x":"D","p":410.25000000,"s":100,"t":"2024-03-01T14:30:00.123456789Z","c":["@"],"z":"C"}]""";
    static final String RAW_TOPIC = KafkaTopics.of(KafkaTopics.DEFAULT_PREFIX, "dev.marketfn.raw.v1").get(0);
    static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Inject
    Pool pool;

    static CloudEvent raw(String id, int tradeId) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/providers/alpaca"))
                .withType("dev.marketfn.raw.v1").withSubject("MSFT").withExtension("provider", "alpaca")
                .withExtension("traceparent", TRACE).withDataContentType("application/json")
                .withData(TRADE.formatted(tradeId).getBytes(StandardCharsets.UTF_8)).build();
    }

    static RequestSpecification request() {
        return given().config(RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
    }

    /** The SDK's HTTP binary-mode writer fills the request. */
    static Response postBinary(CloudEvent event) {
        RequestSpecification spec = request();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(spec::header, b -> body[0] = b).writeBinary(event);
        return spec.body(body[0]).post("/");
    }

    static Response postStructured(String contentType, byte[] body) {
        return request().header("Content-Type", contentType).body(body).post("/");
    }

    /** The SDK reads the reply, in whichever mode it came. */
    static CloudEvent read(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(h -> headers.put(h.getName(), h.getValue()));
        return HttpMessageFactory.createReader(headers, response.asByteArray()).toEvent();
    }

    static String json(CloudEvent event) {
        return new String(event.getData().toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void httpBinaryModeFromTheSdk() {
        CloudEvent reply = read(postBinary(raw("conf-bin-1", 1)));
        assertThat(reply.getType()).isEqualTo("dev.marketfn.tick.normalized.v1");
        assertThat(reply.getSource()).hasToString("/marketfn/normalize");
        assertThat(reply.getSubject()).isEqualTo("MSFT");
        assertThat(reply.getExtension("partitionkey")).isEqualTo("MSFT");
        assertThat(json(reply)).contains("\"price\":410.25");
    }

    @Test
    void httpStructuredModeFromTheSdkInAnyCase() {
        byte[] body = new JsonFormat().serialize(raw("conf-struct-1", 2));
        CloudEvent reply = read(postStructured("application/cloudevents+json", body));
        assertThat(reply.getType()).isEqualTo("dev.marketfn.tick.normalized.v1");
        // media types are case-insensitive (RFC 2045)
        CloudEvent upper = read(postStructured("APPLICATION/CLOUDEVENTS+JSON; charset=UTF-8",
                new JsonFormat().serialize(raw("conf-struct-2", 3))));
        assertThat(upper.getType()).isEqualTo("dev.marketfn.tick.normalized.v1");
        CloudEvent binaryUpper = read(request().header("ce-specversion", "1.0").header("ce-id", "conf-bin-upper")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-provider", "alpaca").header("Content-Type", "Application/JSON")
                .body(TRADE.formatted(4)).post("/"));
        assertThat(binaryUpper.getType()).isEqualTo("dev.marketfn.tick.normalized.v1");
    }

    @Test
    void dataBase64HoldingJsonIsDecoded() {
        byte[] body = new JsonFormat().withForceJsonDataToBase64().serialize(raw("conf-b64-1", 5));
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("data_base64");
        CloudEvent reply = read(postStructured("application/cloudevents+json", body));
        assertThat(reply.getType()).isEqualTo("dev.marketfn.tick.normalized.v1");
        assertThat(json(reply)).contains("\"price\":410.25");
        // stored verbatim: the decoded bytes
        assertThat(payload("SELECT payload FROM raw_events WHERE event_id = $1", "conf-b64-1"))
                .isEqualTo(TRADE.formatted(5));
    }

    @Test
    void structuredWithoutSpecversionIsAStoredRejectionNot500() {
        String body = """
                {"id":"conf-nospec","type":"dev.marketfn.raw.v1","source":"/providers/alpaca","provider":"alpaca",
                 "datacontenttype":"application/json","data":%s}""".formatted(TRADE.formatted(6));
        assertRejected(read(postStructured("application/cloudevents+json", body.getBytes(StandardCharsets.UTF_8))),
                "MISSING_ATTRIBUTE", "specversion");
        assertThat(count("SELECT count(*) FROM rejected_events WHERE input_id = $1 AND field = 'specversion'",
                "conf-nospec")).isEqualTo(1);
    }

    @Test
    void invalidAttributesAreRejectedNamingTheAttribute() {
        String data = TRADE.formatted(7);
        String[][] cases = {
            {"\"id\":42", "id", "INVALID_ATTRIBUTE"},
            {"\"id\":\"conf-time\",\"time\":\"yesterday\"", "time", "INVALID_ATTRIBUTE"},
            {"\"id\":\"conf-src\",\"source\":\"not a uri %%\"", "source", "INVALID_ATTRIBUTE"},
            {"\"id\":\"conf-ext\",\"my_ext\":\"x\"", "my_ext", "INVALID_ATTRIBUTE"},
            {"\"id\":\"conf-schema\",\"dataschema\":\"relative/path\"", "dataschema", "INVALID_ATTRIBUTE"},
            {"\"id\":\"conf-ext-obj\",\"extobj\":{\"a\":1}", "extobj", "INVALID_ATTRIBUTE"},
            {"\"id\":\"conf-spec2\",\"specversion\":\"2.0\"", "specversion", "INVALID_ATTRIBUTE"},
        };
        for (String[] c : cases) {
            String body = "{" + c[0] + (c[0].contains("\"specversion\"") ? "" : ",\"specversion\":\"1.0\"")
                    + ",\"type\":\"dev.marketfn.raw.v1\"" + (c[0].contains("\"source\"") ? "" : ",\"source\":\"/providers/alpaca\"")
                    + ",\"provider\":\"alpaca\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
            assertRejected(read(postStructured("application/cloudevents+json", body.getBytes(StandardCharsets.UTF_8))),
                    c[2], c[1]);
        }
        // binary mode: the same checks on the ce- headers
        Response time = request().header("ce-specversion", "1.0").header("ce-id", "conf-bin-time")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-time", "yesterday").header("ce-my_ext", "x").header("Content-Type", "application/json")
                .body(data).post("/");
        assertRejected(read(time), "INVALID_ATTRIBUTE", "time");
        Response ext = request().header("ce-specversion", "1.0").header("ce-id", "conf-bin-ext")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-my_ext", "x").header("Content-Type", "application/json").body(data).post("/");
        assertRejected(read(ext), "INVALID_ATTRIBUTE", "my_ext");
    }

    @Test
    void anOversizedBodyIsAStoredRejectionTheBrokerWillNotRetry() {
        byte[] big = new byte[3 << 20];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] prefix = "[{\"T\":\"t\"}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, big, 0, prefix.length);
        big[big.length - 1] = ']';
        CloudEvent event = CloudEventBuilder.v1(raw("conf-big", 8)).withData(big).build();
        CloudEvent reply = read(postBinary(event));
        assertRejected(reply, "TOO_LARGE", "data");
        assertThat(json(reply)).contains(Integer.toString(big.length));
        Row row = pool.preparedQuery("SELECT length(payload), detail FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("conf-big")).await().indefinitely().iterator().next();
        assertThat(row.getInteger(0)).isEqualTo(64 << 10); // its first bytes
        assertThat(row.getString(1)).contains(Integer.toString(big.length)); // and its size
        // beyond what Quarkus buffers at all (quarkus.http.limits.max-body-size, 10 MiB): still an answer, not an empty 413
        CloudEvent huge = CloudEventBuilder.v1(raw("conf-huge", 9)).withData(new byte[11 << 20]).build();
        assertRejected(read(postBinary(huge)), "TOO_LARGE", "data");
    }

    @Test
    void traceContextContinuesWithANewParentAndAnInvalidOneIsDropped() {
        CloudEvent reply = read(postBinary(raw("conf-trace-1", 10)));
        String traceparent = (String) reply.getExtension("traceparent");
        assertThat(traceparent).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-01")
                .doesNotContain("00f067aa0ba902b7");
        CloudEvent invalid = CloudEventBuilder.v1(raw("conf-trace-2", 11)).withExtension("traceparent", "garbage").build();
        assertThat(read(postBinary(invalid)).getExtension("traceparent")).isNull();
        // a rejection carries the trace on, and its input's key
        CloudEvent bad = CloudEventBuilder.v1(raw("conf-trace-3", 12)).withData("{not json".getBytes()).build();
        CloudEvent rejected = read(postBinary(bad));
        assertThat(rejected.getType()).isEqualTo("dev.marketfn.rejected.v1");
        assertThat((String) rejected.getExtension("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
        assertThat(rejected.getExtension("partitionkey")).isEqualTo("MSFT");
    }

    @Test
    void kafkaBinaryStructuredAndNonCloudEventRecordsInOneBatch() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> config = Map.of("bootstrap.servers", MarketfnInfra.bootstrapServers(), "linger.ms", "50");
        try (var binary = new KafkaProducer<String, CloudEvent>(withEncoding(config, Encoding.BINARY),
                new StringSerializer(), serializer(Encoding.BINARY));
             var structured = new KafkaProducer<String, CloudEvent>(withEncoding(config, Encoding.STRUCTURED),
                new StringSerializer(), serializer(Encoding.STRUCTURED));
             var plain = new KafkaProducer<String, byte[]>(config, new StringSerializer(), new ByteArraySerializer())) {
            // one partition of normalize's topic, so that the records meet in one poll: valid neighbours around each bad record
            for (int i = 0; i < 4; i++) {
                binary.send(new ProducerRecord<>(RAW_TOPIC, 0, "MSFT", raw(run + "-bin-" + i, 100 + i)));
            }
            plain.send(new ProducerRecord<>(RAW_TOPIC, 0, "MSFT", ("{\"no\":\"headers " + run + "\"}").getBytes()));
            structured.send(new ProducerRecord<>(RAW_TOPIC, 0, "MSFT", raw(run + "-struct", 110)));
            ProducerRecord<String, byte[]> untyped = new ProducerRecord<>(RAW_TOPIC, 0, "MSFT",
                    TRADE.formatted(111).getBytes());
            untyped.headers().add("ce_specversion", "1.0".getBytes()).add("ce_id", (run + "-untyped").getBytes())
                    .add("ce_source", "/providers/alpaca".getBytes()).add("content-type", "application/json".getBytes());
            plain.send(untyped);
            for (int i = 4; i < 8; i++) {
                binary.send(new ProducerRecord<>(RAW_TOPIC, 0, "MSFT", raw(run + "-bin-" + i, 100 + i)));
            }
            binary.flush();
            structured.flush();
            plain.flush();
        }
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < 8; i++) {
            expected.add(EventIds.derive(run + "-bin-" + i, "normalize"));
        }
        expected.add(EventIds.derive(run + "-struct", "normalize"));
        List<String> normalized = awaitTopic(expected);
        assertThat(normalized).hasSize(9).doesNotHaveDuplicates(); // 8 binary + 1 structured, none lost to their bad neighbours
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline) && count("SELECT count(*) FROM rejected_events WHERE input_id = $1",
                run + "-untyped") == 0) {
            Thread.sleep(200);
        }
        assertThat(count("SELECT count(*) FROM rejected_events WHERE input_id = $1 AND field = 'type'", run + "-untyped"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM rejected_events WHERE reason = 'NOT_A_CLOUDEVENT' AND convert_from(payload, 'UTF8') LIKE $1",
                "%headers " + run + "%")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE $1", run + "%")).isEqualTo(9);
    }

    private static Map<String, Object> withEncoding(Map<String, Object> config, Encoding encoding) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(CloudEventSerializer.ENCODING_CONFIG, encoding);
        c.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        return c;
    }

    private static CloudEventSerializer serializer(Encoding encoding) {
        CloudEventSerializer s = new CloudEventSerializer();
        s.configure(withEncoding(Map.of(), encoding), false);
        return s;
    }

    /**
     * Reads the topics with the SDK until every expected reply arrived: as an event of its own, or carried with others
     * of its run (docs/contract/events.md, Carried runs: its id is then in the carrier's {@code parts}).
     */
    private static List<String> awaitTopic(java.util.Set<String> ids) {
        List<String> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", MarketfnInfra.bootstrapServers(),
                "group.id", "conformance-" + UUID.randomUUID(), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(MarketfnInfra.TOPICS);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (found.size() < ids.size() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    CloudEvent e;
                    try {
                        e = KafkaMessageFactory.createReader(r).toEvent(); // the topics also hold this test's non-events
                    } catch (RuntimeException notAnEvent) {
                        continue;
                    }
                    if (!"dev.marketfn.tick.normalized.v1".equals(e.getType())) {
                        continue;
                    }
                    List<String> carried = new ArrayList<>();
                    var parts = dev.marketfn.contracts.Json.tree(e.getData().toBytes()).path("parts");
                    parts.forEach(part -> carried.add(part.path("id").asText()));
                    if (carried.isEmpty()) {
                        carried.add(e.getId());
                    }
                    for (String id : carried) {
                        if (ids.contains(id)) {
                            assertThat(r.key()).isEqualTo("MSFT");
                            found.add(id);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void assertRejected(CloudEvent reply, String reason, String field) {
        assertThat(reply.getType()).isEqualTo("dev.marketfn.rejected.v1");
        assertThat(json(reply)).contains("\"reason\":\"" + reason + "\"").contains("\"field\":\"" + field + "\"");
    }

    private long count(String sql, String param) {
        return pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next().getLong(0);
    }

    private String payload(String sql, String param) {
        return new String(pool.preparedQuery(sql).execute(Tuple.of(param)).await().indefinitely().iterator().next()
                .getBuffer(0).getBytes(), StandardCharsets.UTF_8);
    }
}
