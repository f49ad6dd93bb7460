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
        String type = event.type();
        JsonNode data;
        try {
            data = Json.tree(event.data());
        } catch (InvalidInputException notJson) {
            return List.of();
        }
        return switch (type) {
            case EventTypes.INDICATOR_COMPUTED -> records(data, "bar");
            case EventTypes.ALPHA_CALL -> records(data, "signal");
            case EventTypes.QUALITY_ALERT -> records(data, "alert");
            case EventTypes.REJECTED -> rejected(event, data);
            default -> List.of();
        };
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
