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
 *
 * <p>{@code hop} is the {@code traceparent} the events emitted for this one carry, set by the runtime when it traces
 * the handling (the handling span's own context, so the next function's span is its child); null when it does not,
 * and then each emitted event gets a child of the input's {@code traceparent} ({@link OutEvent.Builder#tracedFrom}).
 */
public record InEvent(String id, String specVersion, String type, String source, String subject,
        String dataContentType, Map<String, String> extensions, byte[] data, String lane,
        InvalidInputException problem, String hop) {

    public InEvent {
        lane = lane == null ? "" : lane;
        extensions = extensions == null ? Map.of() : extensions;
    }

    /** An event as received: no hop traceparent yet. */
    public InEvent(String id, String specVersion, String type, String source, String subject, String dataContentType,
            Map<String, String> extensions, byte[] data, String lane, InvalidInputException problem) {
        this(id, specVersion, type, source, subject, dataContentType, extensions, data, lane, problem, null);
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

    /** This event with the traceparent its emitted events carry ({@code hop}); null keeps the hop-by-hop child. */
    public InEvent withHop(String traceparent) {
        return new InEvent(id, specVersion, type, source, subject, dataContentType, extensions, data, lane, problem,
                traceparent);
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
