package dev.marketfn.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.http.impl.HttpMessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.kafka.impl.KafkaBinaryMessageReaderImpl;
import io.cloudevents.rw.CloudEventContextWriter;
import io.cloudevents.rw.CloudEventRWException;
import io.cloudevents.rw.CloudEventWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The one home of CloudEvent encoding and decoding (docs/architecture.md §The codec): HTTP binary mode
 * ({@code ce-} headers) and structured mode ({@code application/cloudevents+json}), Kafka binary mode ({@code ce_}
 * headers, what the Knative Kafka broker stores) and structured mode. The doors, the CLI, the benchmarks and the fault
 * tests all read and write events here.
 * <p>
 * The CloudEvents SDK does the binary encodings both ways: its message readers map headers to attributes and its
 * message writers write them. Written here by hand, and why:
 * <ul>
 * <li>reading structured mode: the SDK's JSON format reads {@code data} numbers as doubles and re-serializes the
 * data, and the contract keeps prices exact and raw provider bytes verbatim; it also stops at the first problem with
 * a message that does not name the attribute in a machine-readable way;</li>
 * <li>the attribute checks ({@link Envelope}): the SDK's readers pass binary attributes through unchecked;</li>
 * <li>content-mode detection: the SDK matches media types case-sensitively (RFC 2045 says they are not);</li>
 * <li>writing structured mode: for the same exact-number and verbatim-data reasons as reading it.</li>
 * </ul>
 * The SDK's binary readers are constructed directly with spec version 1.0 so that an event whose
 * {@code specversion} is missing or wrong is still read (and rejected naming that attribute) instead of failing
 * before any attribute is known.
 */
public final class CloudEventCodec {
    public static final String STRUCTURED_JSON = "application/cloudevents+json";
    public static final String JSON = "application/json";
    private static final String[] BINARY_MARKERS = {"specversion", "id", "type", "source"};
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s");

    private CloudEventCodec() {
    }

    // ---------------------------------------------------------------- decoding

    /** An HTTP request: its headers (name, value, in any case) and body. */
    public static Decoded fromHttp(Consumer<BiConsumer<String, String>> forEachHeader, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        forEachHeader.accept((name, value) -> headers.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
        Decoded.Mode mode = mode(headers.get("content-type"), headers, "ce-");
        return switch (mode) {
            case STRUCTURED -> structured(body);
            case BINARY -> binary(headers.get("ce-specversion"),
                    new HttpMessageReader(SpecVersion.V1, forEachHeader, body), body);
            default -> unread(mode, body);
        };
    }

    /** An HTTP reply as a JDK client received it. */
    public static Decoded fromHttp(HttpHeaders headers, byte[] body) {
        return fromHttp(each -> headers.map().forEach((name, values) -> values.forEach(v -> each.accept(name, v))), body);
    }

    /** A Kafka record's headers and value. */
    public static Decoded fromKafka(Headers headers, byte[] value) {
        Map<String, String> names = new LinkedHashMap<>();
        for (Header h : headers) {
            names.putIfAbsent(h.key().toLowerCase(Locale.ROOT), h.value() == null ? null : utf8(h.value()));
        }
        Decoded.Mode mode = mode(names.get("content-type"), names, "ce_");
        return switch (mode) {
            case STRUCTURED -> structured(value);
            case BINARY -> binary(names.get("ce_specversion"), new KafkaBinaryMessageReaderImpl(SpecVersion.V1,
                    headers, value), value);
            default -> unread(mode, value);
        };
    }

    /**
     * The {@code ce_type} of a binary-mode record, read from its headers alone; null for a structured record or one
     * without a type. For readers that follow a topic and want one type without decoding every record.
     */
    public static String kafkaType(Headers headers) {
        return kafkaAttribute(headers, "type");
    }

    /** One attribute of a binary-mode record from its {@code ce_} header alone, unchecked; null when absent. */
    public static String kafkaAttribute(Headers headers, String attribute) {
        String name = "ce_" + attribute;
        for (Header h : headers) {
            if (h.key().equalsIgnoreCase(name)) {
                return h.value() == null ? null : utf8(h.value());
            }
        }
        return null;
    }

    private static Decoded.Mode mode(String contentType, Map<String, String> lowerCaseHeaders, String prefix) {
        String media = Envelope.mediaType(contentType);
        if (media.equals(STRUCTURED_JSON)) {
            return Decoded.Mode.STRUCTURED;
        }
        if (media.startsWith("application/cloudevents-batch")) {
            return Decoded.Mode.BATCH;
        }
        for (String marker : BINARY_MARKERS) {
            if (lowerCaseHeaders.containsKey(prefix + marker)) {
                return Decoded.Mode.BINARY;
            }
        }
        return Decoded.Mode.NONE;
    }

    private static Decoded binary(String specVersion, io.cloudevents.core.message.MessageReader reader, byte[] body) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (specVersion != null) {
            attrs.put("specversion", specVersion);
        }
        try {
            reader.read(version -> new AttributeCollector(attrs));
        } catch (CloudEventRWException | IllegalStateException e) {
            return finish(Decoded.Mode.BINARY, attrs, body,
                    new InvalidInputException(RejectReason.INVALID_ATTRIBUTE, "attributes", e.getMessage()));
        }
        return finish(Decoded.Mode.BINARY, attrs, body == null || body.length == 0 ? null : body, null);
    }

    /** Collects what the SDK's binary readers visit: every attribute as the string it was carried as. */
    private record AttributeCollector(Map<String, String> attrs) implements CloudEventWriter<Void> {
        @Override
        public CloudEventContextWriter withContextAttribute(String name, String value) {
            attrs.putIfAbsent(name, value);
            return this;
        }

        @Override
        public Void end(CloudEventData data) {
            return null;
        }

        @Override
        public Void end() {
            return null;
        }
    }

    /** Structured mode, read by hand (see the class comment). */
    private static Decoded structured(byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        JsonNode envelope;
        InvalidInputException outOfRange = null;
        try {
            envelope = Json.tree(bytes, "");
        } catch (InvalidInputException e) {
            if (!RejectReason.OUT_OF_RANGE.equals(e.reason())) {
                return notAnObject(bytes, e.detail());
            }
            // a number such as 1e999999999 that cannot be written plain: read the attributes without it
            outOfRange = e;
            try {
                envelope = Json.lenientTree(bytes);
            } catch (InvalidInputException malformed) {
                return notAnObject(bytes, malformed.detail());
            }
        }
        if (!envelope.isObject()) {
            return notAnObject(bytes, "it is a JSON " + envelope.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        InvalidInputException problem = null;
        Iterator<Map.Entry<String, JsonNode>> members = envelope.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> m = members.next();
            String name = m.getKey();
            JsonNode value = m.getValue();
            if (name.equals("data") || name.equals("data_base64") || value.isNull()) {
                continue;
            }
            if (value.isTextual()) {
                attrs.put(name, value.textValue());
            } else if (!Envelope.CONTEXT_ATTRIBUTES.contains(name) && (value.isBoolean() || value.isIntegralNumber()
                    && value.canConvertToInt())) {
                attrs.put(name, value.asText()); // Boolean and Integer extensions, carried as their canonical strings
            } else {
                attrs.put(name, value.toString());
                if (problem == null) {
                    problem = Envelope.invalid(name, name + " must be a JSON "
                            + (Envelope.CONTEXT_ATTRIBUTES.contains(name) ? "string" : "string, boolean or integer")
                            + ", was " + value.getNodeType().name().toLowerCase(Locale.ROOT));
                }
            }
        }
        JsonNode data = envelope.get("data");
        JsonNode base64 = envelope.get("data_base64");
        byte[] payload = null;
        if (data != null && !data.isNull() && base64 != null && !base64.isNull()) {
            problem = problem != null ? problem : Envelope.invalid("data_base64", "an event has data or data_base64, not both");
        } else if (base64 != null && !base64.isNull()) {
            try {
                if (!base64.isTextual()) {
                    throw new IllegalArgumentException("expected a string, was " + base64.getNodeType());
                }
                // strict RFC 4648 (the MIME decoder would skip any character it does not know), line breaks allowed
                payload = Base64.getDecoder().decode(WHITESPACE.matcher(base64.textValue()).replaceAll(""));
            } catch (IllegalArgumentException e) {
                problem = problem != null ? problem
                        : new InvalidInputException(RejectReason.MALFORMED_JSON, "data_base64", "not base64: " + e.getMessage());
                payload = bytes;
            }
        } else if (data != null && !data.isNull()) {
            if (outOfRange != null) {
                payload = bytes;
                problem = problem != null ? problem : outOfRange;
            } else if (data.isTextual() && attrs.get("datacontenttype") != null
                    && !Envelope.isJson(attrs.get("datacontenttype"))) {
                payload = data.textValue().getBytes(StandardCharsets.UTF_8); // text data carried as a JSON string
            } else {
                byte[] verbatim = Json.rawMember(bytes, "data");
                payload = verbatim != null ? verbatim : Json.bytes(data);
                // JSON is the default data content type of the JSON format when data is a JSON value
                attrs.putIfAbsent("datacontenttype", JSON);
            }
        }
        return finish(Decoded.Mode.STRUCTURED, attrs, payload, problem);
    }

    /** A message that is no CloudEvent, or a batch: nothing of it is read. */
    private static Decoded unread(Decoded.Mode mode, byte[] body) {
        InvalidInputException problem = mode == Decoded.Mode.BATCH
                ? new InvalidInputException(RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype",
                        "batch mode (application/cloudevents-batch+json) is not accepted; send one event per message")
                : new InvalidInputException(RejectReason.NOT_A_CLOUDEVENT, "body",
                        "neither CloudEvents headers (binary mode) nor application/cloudevents+json (structured mode)");
        return new Decoded(mode, Map.of(), body, problem);
    }

    private static Decoded notAnObject(byte[] body, String why) {
        return new Decoded(Decoded.Mode.STRUCTURED, Map.of(), body,
                new InvalidInputException(RejectReason.MALFORMED_JSON, "body",
                        "structured CloudEvent is not a JSON object" + (why == null ? "" : ": " + why)));
    }

    /**
     * Drops an invalid trace context and runs the attribute checks. A problem found while reading (a member of the
     * wrong JSON type, bad base64) is the one reported, unless the event has no valid specversion at all.
     */
    private static Decoded finish(Decoded.Mode mode, Map<String, String> attrs, byte[] data,
            InvalidInputException readProblem) {
        if (attrs.containsKey("traceparent") && !TraceContext.isValid(attrs.get("traceparent"))) {
            attrs.remove("traceparent");
            attrs.remove("tracestate");
        }
        InvalidInputException checked = Envelope.attributes(attrs);
        boolean noSpecVersion = checked != null && "specversion".equals(checked.field());
        InvalidInputException problem = readProblem == null || noSpecVersion ? checked : readProblem;
        return new Decoded(mode, Map.copyOf(attrs), data, problem);
    }

    // ---------------------------------------------------------------- encoding

    /** HTTP binary mode: the headers (Content-Type among them) through {@code header}; returns the body. */
    public static byte[] toHttp(OutEvent event, BiConsumer<String, String> header) {
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(header, bytes -> body[0] = bytes).writeBinary(toSdk(event));
        return body[0] == null ? new byte[0] : body[0];
    }

    /** Kafka binary mode, the layout the Knative Kafka broker stores, keyed by the event's partition key. */
    public static ProducerRecord<String, byte[]> toKafka(OutEvent event, String topic) {
        return KafkaMessageFactory.<String>createWriter(topic, event.partitionKey()).writeBinary(toSdk(event));
    }

    /** HTTP or Kafka structured mode ({@code application/cloudevents+json}): the envelope, data written as it is. */
    public static byte[] toStructured(OutEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> a : attributes(event).entrySet()) {
                g.writeStringField(a.getKey(), a.getValue());
            }
            g.writeStringField("datacontenttype", JSON);
            g.writeFieldName("data");
            g.writeRawValue(new String(data(event), StandardCharsets.UTF_8));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The data bytes of an outgoing event: a {@code byte[]} as it is, anything else serialized as JSON. */
    public static byte[] data(OutEvent event) {
        return event.data() instanceof byte[] bytes ? bytes : Json.bytes(event.data());
    }

    /** Every attribute of an outgoing event but datacontenttype, unprefixed, in a stable order. */
    public static Map<String, String> attributes(OutEvent e) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("specversion", "1.0");
        attrs.put("id", e.id());
        attrs.put("source", e.source());
        attrs.put("type", e.type());
        if (e.subject() != null) {
            attrs.put("subject", e.subject());
        }
        if (e.dataschema() != null) {
            attrs.put("dataschema", e.dataschema());
        }
        attrs.putAll(e.extensions());
        return attrs;
    }

    /** The SDK's event for its writers; its builder also refuses an invalid extension name before anything is sent. */
    private static CloudEvent toSdk(OutEvent e) {
        CloudEventBuilder b = CloudEventBuilder.v1().withId(e.id()).withSource(URI.create(e.source()))
                .withType(e.type()).withDataContentType(JSON).withData(data(e));
        if (e.subject() != null) {
            b.withSubject(e.subject());
        }
        if (e.dataschema() != null) {
            b.withDataSchema(URI.create(e.dataschema()));
        }
        e.extensions().forEach(b::withExtension);
        return b.build();
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
