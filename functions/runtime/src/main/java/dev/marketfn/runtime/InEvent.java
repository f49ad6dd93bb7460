package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import java.util.Map;

/**
 * An incoming CloudEvent, whichever door it came through: attributes, extensions and the data bytes exactly as
 * received (rejected inputs are stored with them).
 */
public record InEvent(String id, String specVersion, String type, String source, String subject,
        String dataContentType, Map<String, String> extensions, byte[] data) {

    public String extension(String name) {
        return extensions.get(name);
    }

    /** The data parsed as JSON; malformed data is an {@link dev.marketfn.contracts.InvalidInputException}. */
    public JsonNode json() {
        return Json.tree(data == null ? new byte[0] : data);
    }
}
