package dev.marketfn.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.codec.Decoded;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a CloudEvent the console received (decoded by the codec, from a Trigger's POST or a broker topic) into the
 * messages pushed to browsers: one per record, each a JSON object with a {@code kind} ({@code bar}, {@code signal},
 * {@code alert}, {@code rejected}) and the record's members as the contract has them (docs/contract/payloads.md),
 * numbers verbatim. A carrier of the Kafka door ({@code {"parts": …, "records": …}}) needs no splitting here: its
 * {@code records} are the records of its parts, in order. Types the console does not show give no message.
 */
public final class LiveMessages {
    private LiveMessages() {
    }

    /** A message and the symbol it concerns (null when none: an alert without symbol, a rejection). */
    public record Message(String kind, String symbol, String json) {
    }

    public static List<Message> of(Decoded event) {
        if (!event.isCloudEvent() || event.problem() != null || event.data() == null) {
            return List.of();
        }
        String kind = kind(event.type());
        if (kind == null) {
            return List.of();
        }
        JsonNode data;
        try {
            data = Json.tree(event.data());
        } catch (InvalidInputException notJson) {
            return List.of();
        }
        return kind.equals("rejected") ? rejected(event, data) : records(data, kind);
    }

    /** The kind of message an event type gives, or null for a type the console does not show. */
    static String kind(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case EventTypes.INDICATOR_COMPUTED -> "bar";
            case EventTypes.ALPHA_CALL -> "signal";
            case EventTypes.QUALITY_ALERT -> "alert";
            case EventTypes.REJECTED -> "rejected";
            default -> null;
        };
    }

    /**
     * Whether some client of {@code hub} would take a message of an event of {@code type} whose {@code symbol}
     * attribute is {@code symbol} (null when it has none), asked before the event's data is read. The attribute
     * decides for the kinds whose every message has that symbol: a rejection's message takes the attribute itself, and
     * an {@code indicator.computed.v1} or {@code alpha.call.v1} event carries it only when every record names it
     * (docs/contract/events.md; a carrier of several symbols has none). An alert event may carry one symbol beside
     * alerts of none (the quality check names an event by the symbols its alerts have), and those go to every client
     * of alerts, so alerts are decided by kind alone.
     */
    static boolean wanted(LiveHub hub, String type, String symbol) {
        String kind = kind(type);
        return kind != null && hub.wants(kind.equals("alert") ? null : symbol, kind);
    }

    private static List<Message> records(JsonNode data, String kind) {
        JsonNode records = data.path("records");
        if (!records.isArray()) {
            return List.of();
        }
        List<Message> out = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            if (r.isObject()) {
                ObjectNode m = JsonNodeFactory.instance.objectNode().put("kind", kind);
                m.setAll((ObjectNode) r);
                JsonNode symbol = r.path("symbol");
                out.add(new Message(kind, symbol.isTextual() ? symbol.asText() : null, write(m)));
            }
        }
        return out;
    }

    private static String write(ObjectNode m) {
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree read from JSON writes back", e);
        }
    }

    /** A rejection is one object; the rejecting function is the last segment of the event's source. */
    private static List<Message> rejected(Decoded event, JsonNode data) {
        if (!data.isObject()) {
            return List.of();
        }
        String source = event.attribute("source");
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("kind", "rejected")
                .put("function", source == null ? null : source.substring(source.lastIndexOf('/') + 1));
        m.setAll((ObjectNode) data);
        return List.of(new Message("rejected", event.attribute("symbol"), write(m)));
    }
}
