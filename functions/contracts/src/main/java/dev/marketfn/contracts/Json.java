package dev.marketfn.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The one JSON configuration of the platform: exact decimals (BigDecimal, never double, written plain),
 * microsecond ISO-8601 instants, and errors that name the failing field.
 */
public final class Json {
    /** Deeper input than this is rejected rather than risking a stack overflow (SPEC §6: no input stops a function). */
    public static final int MAX_NESTING = 64;

    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private Json() {
    }

    /** Applies the platform configuration to a mapper (also Quarkus' own, through an ObjectMapperCustomizer). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        SimpleModule instants = new SimpleModule("marketfn-instants");
        instants.addSerializer(Instant.class, new InstantSerializer());
        instants.addDeserializer(Instant.class, new InstantDeserializer());
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
        return mapper
                .registerModule(new JavaTimeModule())
                .registerModule(instants)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** Parses bytes to a tree; malformed or too-deep input becomes an {@link InvalidInputException}. */
    public static JsonNode tree(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", "empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", e.getMessage());
        }
    }

    /** Binds a tree to a payload type; a type mismatch names the JSON path of the failing field. */
    public static <T> T bind(JsonNode node, Class<T> type, String rootField) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, path(rootField, e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, rootField, e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, rootField, e.getMessage());
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static String path(String root, JsonMappingException e) {
        StringBuilder sb = new StringBuilder(root);
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static final class InstantSerializer extends StdSerializer<Instant> {
        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Timestamps.format(value));
        }
    }

    static final class InstantDeserializer extends StdDeserializer<Instant> {
        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            try {
                return Timestamps.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not an ISO-8601 timestamp with offset");
            }
        }
    }
}
