package dev.marketfn.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.Locale;
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

    /** Binary mode: the {@code ce-*} headers and the Content-Type (as datacontenttype); the body verbatim. */
    public static DeadLetter binary(MultiMap headers, byte[] body) {
        Map<String, String> attrs = new TreeMap<>();
        headers.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-") && name.length() > 3) {
                attrs.putIfAbsent(name.substring(3), h.getValue());
            }
        });
        String contentType = headers.get("Content-Type");
        if (contentType != null) {
            attrs.put("datacontenttype", contentType);
        }
        return new DeadLetter(BINARY, attrs, body);
    }

    /**
     * Structured mode: every member of the envelope but the data. The data bytes are {@code data_base64} decoded, a
     * string's own text when the datacontenttype is not JSON (how structured mode carries text), or else the JSON
     * value's bytes exactly as they stand in the body.
     */
    public static DeadLetter structured(JsonNode envelope, byte[] body) {
        Map<String, String> attrs = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = envelope.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            String name = f.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = f.getValue();
            if (!name.equals("data") && !name.equals("data_base64") && !v.isNull()) {
                attrs.put(name, v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return new DeadLetter(STRUCTURED, attrs, structuredData(envelope, attrs.get("datacontenttype"), body));
    }

    private static byte[] structuredData(JsonNode envelope, String dataContentType, byte[] body) {
        JsonNode base64 = envelope.get("data_base64");
        if (base64 != null && base64.isTextual()) {
            try {
                return Base64.getMimeDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                return body; // not base64: keep the whole envelope rather than lose anything
            }
        }
        JsonNode data = envelope.get("data");
        if (data == null || data.isNull()) {
            return new byte[0];
        }
        if (data.isTextual() && !isJson(dataContentType)) {
            return data.asText().getBytes(StandardCharsets.UTF_8);
        }
        byte[] verbatim = Json.rawMember(body, "data");
        return verbatim != null ? verbatim : Json.bytes(data);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return true; // CloudEvents: structured data without datacontenttype is JSON
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("application/json") || ct.startsWith("text/json") || ct.contains("+json");
    }
}
