package dev.marketfn.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One {@code dev.marketfn.raw.v1} event as the adapters see it.
 *
 * @param provider   the event's {@code provider} extension
 * @param rawEventId the CloudEvent id, copied to every record's {@code raw_event_id}
 * @param data       the provider's message verbatim (a JSON string for {@code csv} and IB RTVolume)
 * @param subject    the CloudEvent subject; names the instrument when the message does not (IB RTVolume), else null
 * @param ingestTs   when the platform first saw the event; also the reference for the "not in the future" check
 */
public record RawMessage(String provider, String rawEventId, JsonNode data, String subject, Instant ingestTs) {
    public RawMessage {
        Objects.requireNonNull(ingestTs, "ingestTs");
    }
}
