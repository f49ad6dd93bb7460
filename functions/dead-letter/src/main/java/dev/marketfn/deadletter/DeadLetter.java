package dev.marketfn.deadletter;

import dev.marketfn.codec.Decoded;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One CloudEvent as the dead-letter service received it: its HTTP content mode, every attribute and extension under
 * its lower-case name with the value exactly as on the wire (so {@code time} is not re-formatted and Knative's
 * {@code knativeerror*} extensions are kept), and the data bytes.
 */
public record DeadLetter(String mode, Map<String, String> attributes, byte[] data) {
    public static final String BINARY = "binary";
    public static final String STRUCTURED = "structured";
    /** A Kafka record on the dead-letter topic that is no CloudEvent: no attributes, its value as the data. */
    public static final String RECORD = "record";

    /** Knative's dead-letter extensions (knative.dev/eventing pkg/channel/attributes). */
    public static final String ERROR_DEST = "knativeerrordest";
    public static final String ERROR_CODE = "knativeerrorcode";
    /** Base64 of the failed destination's response body, at most 1024 bytes before encoding. */
    public static final String ERROR_DATA = "knativeerrordata";

    public DeadLetter {
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes)); // sorted: a stable detail text
        data = data == null ? new byte[0] : data;
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    public String id() {
        return attributes.get("id");
    }

    public String source() {
        return attributes.get("source");
    }

    public String type() {
        return attributes.get("type");
    }

    /** True when the broker dead-lettered it (a delivery that exhausted its retries), not when it was just routed here. */
    public boolean deadLettered() {
        return attributes.containsKey(ERROR_DEST) || attributes.containsKey(ERROR_CODE);
    }

    /**
     * The event as the codec read it (the runtime's gate puts it on the routing context): every attribute under its
     * lower-case name, and the data bytes as received (the body in binary mode; in structured mode {@code data_base64}
     * decoded, a string's own text when the datacontenttype is not JSON, or else the JSON value's bytes exactly as they
     * stand in the body).
     */
    public static DeadLetter of(Decoded received) {
        return new DeadLetter(received.mode() == Decoded.Mode.BINARY ? BINARY : STRUCTURED, received.attributes(),
                received.data());
    }
}
