package dev.marketfn.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import java.util.Map;

/**
 * An incoming CloudEvent, whichever door it came through: attributes, extensions and the data bytes exactly as
 * received (rejected inputs are stored with them), the lane it came by (the broker partition on the Kafka door, ''
 * over HTTP, where the broker has already merged its partitions), and {@code problem}: why its envelope can never be
 * handled (docs/contract/events.md §Envelope checks), null for a well-formed one. {@link CloudEventCodec} makes
 * them; a door never reads an attribute itself.
 */
public record InEvent(String id, String specVersion, String type, String source, String subject,
        String dataContentType, Map<String, String> extensions, byte[] data, String lane,
        InvalidInputException problem) {

    public InEvent {
        lane = lane == null ? "" : lane;
        extensions = extensions == null ? Map.of() : extensions;
    }

    /** A well-formed event that came by {@code lane}. */
    public InEvent(String id, String specVersion, String type, String source, String subject, String dataContentType,
            Map<String, String> extensions, byte[] data, String lane) {
        this(id, specVersion, type, source, subject, dataContentType, extensions, data, lane, null);
    }

    /** A well-formed event that came over HTTP. */
    public InEvent(String id, String specVersion, String type, String source, String subject, String dataContentType,
            Map<String, String> extensions, byte[] data) {
        this(id, specVersion, type, source, subject, dataContentType, extensions, data, "", null);
    }

    public String extension(String name) {
        return extensions.get(name);
    }

    /** The ordering key it came with ({@code partitionkey}, else its subject): what its replies are keyed by. */
    public String partitionKey() {
        String key = extensions.get("partitionkey");
        return key != null ? key : subject;
    }

    /**
     * The data bound to a payload type in one pass (no tree in between); malformed or mistyped data is an
     * {@link InvalidInputException} naming its path under {@code data}.
     */
    public <T> T bind(Class<T> type) {
        return Json.read(data == null ? new byte[0] : data, type, "data");
    }

    /** The data parsed as JSON; malformed data is an {@link InvalidInputException}. */
    public JsonNode json() {
        return Json.tree(data == null ? new byte[0] : data);
    }
}
