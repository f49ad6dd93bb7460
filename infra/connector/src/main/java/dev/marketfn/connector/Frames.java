package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.Json;
import java.util.List;

/** Small helpers the protocols share. */
final class Frames {
    private Frames() {
    }

    /** A frame's messages: an array's elements, or the frame itself. */
    static Iterable<JsonNode> messages(JsonNode frame) {
        return frame.isArray() ? frame : List.of(frame);
    }

    static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static String write(JsonNode n) {
        return n.toString();
    }
}
