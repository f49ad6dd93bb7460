package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.Json;
import java.util.List;
import java.util.function.Function;

/** Small helpers the protocols share. */
final class Frames {
    private Frames() {
    }

    /** A frame's messages: an array's elements, or the frame itself. */
    private static Iterable<JsonNode> messages(JsonNode frame) {
        return frame.isArray() ? frame : List.of(frame);
    }

    /**
     * The verdict on a frame of several messages (Alpaca's and Polygon's arrays), each judged by {@code each} (which
     * also answers the control ones): a provider error among them wins (the last one), else the frame is data when
     * any message is data (normalize's adapter skips the control messages in it), else control.
     */
    static Verdict eachMessage(JsonNode frame, Function<JsonNode, Verdict> each) {
        boolean data = false;
        Verdict error = null;
        for (JsonNode m : messages(frame)) {
            Verdict v = each.apply(m);
            if (v instanceof Verdict.ProviderError) {
                error = v;
            } else if (v instanceof Verdict.Data) {
                data = true;
            }
        }
        return error != null ? error : data ? Verdict.DATA : Verdict.CONTROL;
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
