package dev.marketfn.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.RejectReason;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The codec against the CloudEvents SDK, both ways, and the envelope checks, without any server. */
class CloudEventCodecTest {
    static final String DATA = "{\"records\":[{\"price\":185.12000000000000000001}]}";

    static CloudEvent sdkEvent() {
        return CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/providers/alpaca")).withType("t.v1")
                .withSubject("AAPL").withTime(java.time.OffsetDateTime.parse("2024-03-01T14:30:00.123456Z"))
                .withExtension("provider", "alpaca").withExtension("seq", 7).withDataContentType("application/json")
                .withData(DATA.getBytes(StandardCharsets.UTF_8)).build();
    }

    static OutEvent ours() {
        return OutEvent.builder("normalize", "dev.marketfn.tick.normalized.v1", "out-1").symbol("AAPL")
                .extension("provider", "alpaca").data(DATA.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatTheSdkWritesInEveryMode() {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(headers::put, b -> body[0] = b).writeBinary(sdkEvent());
        assertSame(CloudEventCodec.fromHttp(headers::forEach, body[0]), Decoded.Mode.BINARY);

        byte[] structured = new JsonFormat().serialize(sdkEvent());
        assertSame(CloudEventCodec.fromHttp(h -> h.accept("Content-Type", "application/cloudevents+json"), structured),
                Decoded.Mode.STRUCTURED);

        for (Encoding encoding : new Encoding[] {Encoding.BINARY, Encoding.STRUCTURED}) {
            try (CloudEventSerializer serializer = new CloudEventSerializer()) {
                serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, encoding,
                        CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
                RecordHeaders kafkaHeaders = new RecordHeaders();
                byte[] value = serializer.serialize("topic", kafkaHeaders, sdkEvent());
                assertSame(CloudEventCodec.fromKafka(kafkaHeaders, value),
                        encoding == Encoding.BINARY ? Decoded.Mode.BINARY : Decoded.Mode.STRUCTURED);
            }
        }
    }

    private static void assertSame(Decoded d, Decoded.Mode mode) {
        assertThat(d.mode()).isEqualTo(mode);
        assertThat(d.problem()).isNull();
        InEvent e = d.event("0");
        assertThat(e.id()).isEqualTo("e-1");
        assertThat(e.source()).isEqualTo("/providers/alpaca");
        assertThat(e.subject()).isEqualTo("AAPL");
        assertThat(e.extension("provider")).isEqualTo("alpaca");
        assertThat(e.extension("seq")).isEqualTo("7");
        assertThat(d.attribute("time")).startsWith("2024-03-01T14:30:00.123456");
        // the data exactly as sent: no number rounded through a double
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo(DATA);
    }

    @Test
    void theSdkReadsWhatTheCodecWrites() {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = CloudEventCodec.toHttp(ours(), headers::put);
        assertOurs(HttpMessageFactory.createReader(headers, body).toEvent());

        byte[] structured = CloudEventCodec.toStructured(ours());
        CloudEvent fromStructured = new JsonFormat().deserialize(structured);
        assertOurs(fromStructured);
        assertThat(new String(structured, StandardCharsets.UTF_8)).contains("185.12000000000000000001");

        ProducerRecord<String, byte[]> record = CloudEventCodec.toKafka(ours(), "topic");
        assertThat(record.key()).isEqualTo("AAPL");
        assertOurs(KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent());
    }

    private static void assertOurs(CloudEvent e) {
        assertThat(e.getId()).isEqualTo("out-1");
        assertThat(e.getType()).isEqualTo("dev.marketfn.tick.normalized.v1");
        assertThat(e.getSource()).hasToString("/marketfn/normalize");
        assertThat(e.getSubject()).isEqualTo("AAPL");
        assertThat(e.getExtension("partitionkey")).isEqualTo("AAPL");
        assertThat(e.getDataSchema()).hasToString("https://marketfn.dev/schemas/tick.normalized.v1.json");
        assertThat(e.getDataContentType()).isEqualTo("application/json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"/s\"'|MISSING_ATTRIBUTE|id",
        "'\"specversion\":\"0.3\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\"'|INVALID_ATTRIBUTE|specversion",
        "'\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\"'|MISSING_ATTRIBUTE|specversion",
        "'\"specversion\":\"1.0\",\"id\":42,\"type\":\"t\",\"source\":\"/s\"'|INVALID_ATTRIBUTE|id",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"a b\"'|INVALID_ATTRIBUTE|source",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"time\":\"2024-03-01\"'|INVALID_ATTRIBUTE|time",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"time\":\"2024-02-30T00:00:00Z\"'|INVALID_ATTRIBUTE|time",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"subject\":\"\"'|INVALID_ATTRIBUTE|subject",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"datacontenttype\":\"json\"'|INVALID_ATTRIBUTE|datacontenttype",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"Upper\":\"v\"'|INVALID_ATTRIBUTE|Upper",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"ratio\":1.5'|INVALID_ATTRIBUTE|ratio",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"data\":1,\"data_base64\":\"AQ==\"'|INVALID_ATTRIBUTE|data_base64",
        "'\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"t\",\"source\":\"/s\",\"data_base64\":\"%%\"'|MALFORMED_JSON|data_base64",
    })
    void structuredEnvelopeChecksNameTheAttribute(String members, String reason, String field) {
        byte[] body = ("{" + members + "}").getBytes(StandardCharsets.UTF_8);
        Decoded d = CloudEventCodec.fromHttp(h -> h.accept("content-type", "Application/CloudEvents+JSON"), body);
        assertThat(d.mode()).isEqualTo(Decoded.Mode.STRUCTURED);
        assertThat(d.problem()).isNotNull();
        assertThat(d.problem().reason()).isEqualTo(reason);
        assertThat(d.problem().field()).isEqualTo(field);
    }

    @Test
    void aWellFormedEnvelopeWithTypedExtensionsPasses() {
        byte[] body = """
                {"specversion":"1.0","id":"x","type":"t","source":"urn:feed:1","time":"2024-03-01t14:30:00.5+01:00",
                 "dataschema":"https://example.com/s.json","flag":true,"n":3,"data_base64":"eyJhIjoxfQ==",
                 "datacontenttype":"application/json"}""".getBytes(StandardCharsets.UTF_8);
        Decoded d = CloudEventCodec.fromHttp(h -> h.accept("Content-Type", "application/cloudevents+json"), body);
        assertThat(d.problem()).isNull();
        assertThat(d.attributes()).containsEntry("flag", "true").containsEntry("n", "3");
        assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void binaryHeadersAreCheckedToo() {
        Decoded d = CloudEventCodec.fromHttp(h -> {
            h.accept("ce-specversion", "1.0");
            h.accept("ce-id", "x");
            h.accept("ce-type", "t");
            h.accept("ce-source", "/s");
            h.accept("ce-my_ext", "v");
            h.accept("Content-Type", "application/json");
        }, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(d.mode()).isEqualTo(Decoded.Mode.BINARY);
        assertThat(d.problem().reason()).isEqualTo(RejectReason.INVALID_ATTRIBUTE);
        assertThat(d.problem().field()).isEqualTo("my_ext");
        assertThat(d.event("").dataContentType()).isEqualTo("application/json");
    }

    @Test
    void whatIsNoCloudEventOrABatchIsSaidSo() {
        assertThat(CloudEventCodec.fromKafka(new RecordHeaders(), "{}".getBytes()).problem().reason())
                .isEqualTo(RejectReason.NOT_A_CLOUDEVENT);
        RecordHeaders batch = new RecordHeaders();
        batch.add("content-type", "application/cloudevents-batch+json".getBytes());
        assertThat(CloudEventCodec.fromKafka(batch, "[]".getBytes()).mode()).isEqualTo(Decoded.Mode.BATCH);
        assertThat(CloudEventCodec.fromHttp(h -> h.accept("Content-Type", "text/plain"), new byte[0]).mode())
                .isEqualTo(Decoded.Mode.NONE);
    }

    @ParameterizedTest
    @CsvSource({
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, true",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00, true",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later, true",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01, false",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01, false",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, false",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01, false",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra, false",
        "garbage, false",
    })
    void traceContext(String traceparent, boolean valid) {
        assertThat(TraceContext.isValid(traceparent)).isEqualTo(valid);
        String child = TraceContext.child(traceparent);
        if (valid) {
            assertThat(child).startsWith("00-" + traceparent.substring(3, 36)).endsWith(traceparent.substring(52, 55))
                    .doesNotContain(traceparent.substring(36, 52)).hasSize(55);
            assertThat(TraceContext.isValid(child)).isTrue();
        } else {
            assertThat(child).isNull();
        }
    }
}
