package dev.marketfn.providers;

import static dev.marketfn.providers.Fields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import java.util.List;

/**
 * The start every websocket adapter shares: a message's {@code data} is one provider message or a JSON array of
 * them, each normalized on its own with its path ({@code data} or {@code data[i]}) for rejection reasons.
 */
final class MessageElements {
    /** Normalizes one element into the sink; {@code index} is its position in the array, 0 for a lone message. */
    @FunctionalInterface
    interface Handler {
        void accept(RecordSink sink, JsonNode element, String at, int index);
    }

    private MessageElements() {
    }

    /** Each element as it is (an adapter that accepts non-objects, or checks them itself); the records added. */
    static List<CanonicalRecord> each(String provider, RawMessage msg, Handler handler) {
        RecordSink sink = new RecordSink(provider, msg);
        JsonNode data = msg.data();
        if (data == null || data.isNull()) {
            throw InvalidInputException.missing("data");
        }
        if (data.isArray()) {
            for (int i = 0; i < data.size(); i++) {
                handler.accept(sink, data.get(i), path("data", i), i);
            }
        } else {
            handler.accept(sink, data, "data", 0);
        }
        return sink.records();
    }

    /** As {@link #each}, each element required to be a JSON object. */
    static List<CanonicalRecord> eachObject(String provider, RawMessage msg, Handler handler) {
        return each(provider, msg, (sink, element, at, index) -> handler.accept(sink, Fields.object(element, at), at, index));
    }
}
