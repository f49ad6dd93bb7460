package dev.marketfn.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON configuration of the platform: exact decimals (BigDecimal, never double, written plain),
 * microsecond ISO-8601 instants, and errors that name the failing field.
 */
public final class Json {
    /** Deeper input than this is rejected rather than risking a stack overflow (docs/contract/errors.md: no input stops a function). */
    public static final int MAX_NESTING = 64;

    /**
     * A JSON number whose plain decimal form (no exponent, as {@link #MAPPER} writes it) would be longer than this is
     * rejected as {@code OUT_OF_RANGE} when parsed: {@code 1e999999999} could be neither written back (Jackson refuses
     * plain BigDecimals with a scale beyond ±9999) nor read again (Jackson's default maximum number length is 1000).
     * Fields read as prices or sizes have the much tighter range of {@link Decimals}.
     */
    public static final int MAX_PLAIN_NUMBER_LENGTH = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;

    public static final ObjectMapper MAPPER = configure(new ObjectMapper());

    /** Parses trees whose numbers are range-checked as they are read (no second walk over the tree). */
    private static final ObjectReader TREE_READER = MAPPER.reader().with(new RangeCheckedNodeFactory());
    /** The same without the number check: only to find where an out-of-range number sits. */
    private static final ObjectReader LENIENT_TREE_READER = MAPPER.reader();

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
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // "[...]]", "[...]garbage", "[...]{}" are malformed, not the first value with the rest dropped
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Parses bytes to a tree; malformed, too-deep or trailing input becomes a {@code MALFORMED_JSON}
     * {@link InvalidInputException}, a number beyond {@link #MAX_PLAIN_NUMBER_LENGTH} an {@code OUT_OF_RANGE} one
     * naming its path under {@code data}.
     */
    public static JsonNode tree(byte[] bytes) {
        return tree(bytes, "data");
    }

    /** As {@link #tree(byte[])}, with paths of out-of-range numbers under {@code root} ("" for none). */
    public static JsonNode tree(byte[] bytes, String root) {
        return read(TREE_READER, bytes, root);
    }

    private static JsonNode read(ObjectReader reader, byte[] bytes, String root) {
        try {
            return nonEmpty(reader.readTree(bytes));
        } catch (NumberOutOfRange e) {
            throw outOfRange(bytes, root, e);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof NumberOutOfRange n) {
                throw outOfRange(bytes, root, n);
            }
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", e.getMessage());
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // parsing is pure: whatever it throws (e.g. NumberFormatException "Exponent overflow" for 1e-9999999999)
            // comes from the bytes and can never succeed
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", String.valueOf(e.getMessage()));
        }
    }

    /**
     * Parses bytes to a tree without the number-range check of {@link #tree(byte[])} (malformed input still fails).
     * Only for reading the envelope of an input that is about to be rejected or checked with {@link #outOfRangeNumber}.
     */
    public static JsonNode lenientTree(byte[] bytes) {
        return read(LENIENT_TREE_READER, bytes, "data");
    }

    /**
     * The path (under {@code root}, e.g. {@code data[0].p}) of the first number in the tree whose plain form would
     * exceed {@link #MAX_PLAIN_NUMBER_LENGTH}, or null when there is none.
     */
    public static String outOfRangeNumber(JsonNode node, String root) {
        if (node == null) {
            return null;
        }
        if (node.isBigDecimal()) {
            return plainFits(node.decimalValue()) ? null : root;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String at = outOfRangeNumber(node.get(i), root + "[" + i + "]");
                if (at != null) {
                    return at;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String at = outOfRangeNumber(f.getValue(), root.isEmpty() ? f.getKey() : root + "." + f.getKey());
                if (at != null) {
                    return at;
                }
            }
        }
        return null;
    }

    /** Whether {@link #MAPPER} can write the number plain and read it back. */
    public static boolean plainFits(BigDecimal v) {
        int precision = v.precision();
        long scale = v.scale();
        long length = scale <= 0 ? precision - scale : Math.max(precision, scale + 1) + 1;
        return length + (v.signum() < 0 ? 1 : 0) <= MAX_PLAIN_NUMBER_LENGTH;
    }

    private static JsonNode nonEmpty(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", "empty body");
        }
        return node;
    }

    private static InvalidInputException outOfRange(byte[] bytes, String root, NumberOutOfRange e) {
        String at = null;
        try {
            at = outOfRangeNumber(lenientTree(bytes), root);
        } catch (InvalidInputException malformedFurtherOn) {
            // e.g. trailing tokens after the value: the number is still the first problem, its path just unknown
        }
        return new InvalidInputException(RejectReason.OUT_OF_RANGE, at == null ? (root.isEmpty() ? "data" : root) : at,
                e.getMessage());
    }

    /**
     * Binds bytes straight to a payload type, without the tree {@code bind(tree(bytes), type, root)} builds: the result,
     * and for bad input the error, are exactly those of that two-step form (which answers whenever this pass fails, so
     * every rejection keeps its reason and path). Numbers are range-checked as they are read, skipped fields included,
     * as {@link #tree} checks them.
     */
    public static <T> T read(byte[] bytes, Class<T> type, String root) {
        try (JsonParser p = new RangeCheckedParser(MAPPER.getFactory().createParser(bytes))) {
            T value = MAPPER.readValue(p, type);
            if (value != null) {
                return value;
            }
        } catch (IOException | RuntimeException e) {
            // the two-step form below names the problem
        }
        return bind(tree(bytes, root), type, root);
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

    /** The bytes of a top-level member's value as they stand in the body (no re-serialization); null if not found. */
    public static byte[] rawMember(byte[] body, String member) {
        long span = memberSpan(body, member);
        return span < 0 ? null : Arrays.copyOfRange(body, (int) (span >>> 32), (int) span);
    }

    /** Whether the body is an object with this top-level member (its value unread and not copied). */
    public static boolean hasMember(byte[] body, String member) {
        return memberSpan(body, member) >= 0;
    }

    /** A member value's byte range as {@code start << 32 | end}, or -1 when the body has no such member. */
    private static long memberSpan(byte[] body, String member) {
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                long start = p.currentTokenLocation().getByteOffset();
                if (value == JsonToken.VALUE_STRING) {
                    p.getText(); // strings are parsed lazily: consume it so the location is past its end
                }
                p.skipChildren();
                if (member.equals(name)) {
                    long end = p.currentLocation().getByteOffset();
                    return start < 0 || end > body.length || end <= start ? -1 : start << 32 | end;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
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

    /** Thrown while a tree is being built; {@link #tree} turns it into an {@code OUT_OF_RANGE} naming the path. */
    static final class NumberOutOfRange extends RuntimeException {
        NumberOutOfRange(BigDecimal value) {
            super("number " + value.round(new MathContext(6)) + " is out of range: its plain form would exceed "
                    + MAX_PLAIN_NUMBER_LENGTH + " characters", null, false, false);
        }
    }

    /** Builds {@link com.fasterxml.jackson.databind.node.DecimalNode}s only for numbers {@link #plainFits} accepts. */
    static final class RangeCheckedNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public ValueNode numberNode(BigDecimal v) {
            if (v != null && !plainFits(v)) {
                throw new NumberOutOfRange(v);
            }
            return super.numberNode(v);
        }
    }

    /** Fails on a number {@link #plainFits} refuses, as {@link RangeCheckedNodeFactory} does, in skipped values too. */
    static final class RangeCheckedParser extends JsonParserDelegate {
        RangeCheckedParser(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = delegate.nextToken();
            if (t == JsonToken.VALUE_NUMBER_FLOAT && !plainFits(delegate.getDecimalValue())) {
                throw new NumberOutOfRange(delegate.getDecimalValue());
            }
            return t;
        }

        @Override
        public JsonToken nextValue() throws IOException {
            JsonToken t = nextToken();
            return t == JsonToken.FIELD_NAME ? nextToken() : t;
        }

        /** Walks the skipped value token by token, so its numbers are checked too. */
        @Override
        public JsonParser skipChildren() throws IOException {
            if (delegate.currentToken() != JsonToken.START_OBJECT && delegate.currentToken() != JsonToken.START_ARRAY) {
                return this;
            }
            int open = 1;
            while (open > 0) {
                JsonToken t = nextToken();
                if (t == null) {
                    return this;
                }
                if (t.isStructStart()) {
                    open++;
                } else if (t.isStructEnd()) {
                    open--;
                }
            }
            return this;
        }
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
