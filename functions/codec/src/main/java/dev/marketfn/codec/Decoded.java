package dev.marketfn.codec;

import dev.marketfn.contracts.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link CloudEventCodec} read from one HTTP request or Kafka record: its content mode, every attribute as a
 * string (context attributes and extensions, as received, an invalid {@code traceparent} already dropped), the data
 * bytes as received (the body in binary mode; the {@code data} member verbatim, or {@code data_base64} decoded, in
 * structured mode), and the first envelope problem, null for a well-formed event.
 */
public record Decoded(Mode mode, Map<String, String> attributes, byte[] data, InvalidInputException problem) {

    /** How the event was carried; {@code NONE} is not a CloudEvent at all, {@code BATCH} a batch, which is not read. */
    public enum Mode { BINARY, STRUCTURED, BATCH, NONE }

    public boolean isCloudEvent() {
        return mode == Mode.BINARY || mode == Mode.STRUCTURED;
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    public String type() {
        return attributes.get("type");
    }

    /** The event as the dispatcher takes it; {@code lane} is the broker partition, '' over HTTP. */
    public InEvent event(String lane) {
        Map<String, String> extensions = new LinkedHashMap<>(attributes);
        extensions.keySet().removeAll(Envelope.CONTEXT_ATTRIBUTES);
        return new InEvent(attributes.get("id"), attributes.get("specversion"), attributes.get("type"),
                attributes.get("source"), attributes.get("subject"), attributes.get("datacontenttype"),
                Map.copyOf(extensions), data, lane, problem);
    }
}
