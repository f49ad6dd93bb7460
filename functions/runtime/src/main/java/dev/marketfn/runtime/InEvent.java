package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import java.util.Map;

/**
 * An incoming CloudEvent, whichever door it came through: attributes, extensions and the data bytes exactly as
 * received (rejected inputs are stored with them), and the lane it came by: the broker partition on the Kafka door,
 * '' over HTTP (where the broker has already merged its partitions).
 */
public record InEvent(String id, String specVersion, String type, String source, String subject,
        String dataContentType, Map<String, String> extensions, byte[] data, String lane) {

    public InEvent {
        lane = lane == null ? "" : lane;
    }

    /** An event that came over HTTP. */
    public InEvent(String id, String specVersion, String type, String source, String subject, String dataContentType,
            Map<String, String> extensions, byte[] data) {
        this(id, specVersion, type, source, subject, dataContentType, extensions, data, "");
    }

    public String extension(String name) {
        return extensions.get(name);
    }

    /** The data parsed as JSON; malformed data is an {@link dev.marketfn.contracts.InvalidInputException}. */
    public JsonNode json() {
        return Json.tree(data == null ? new byte[0] : data);
    }
}
