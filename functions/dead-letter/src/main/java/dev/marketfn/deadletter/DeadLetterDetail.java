package dev.marketfn.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What {@code rejected_events.detail} holds for a dead-letter row, as JSON: the failure in words ({@code error}, e.g.
 * "HTTP 503 from http://quality-check..."), the failed destination's response body when Knative passed it on, the
 * content mode, and every CloudEvent attribute and extension as received. {@code rejected_events} has no column for
 * the attributes, and replaying an event needs them (source, subject, extensions such as provider or partitionkey).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterDetail(
        @JsonProperty("error") String error,
        @JsonProperty("response") String response,
        @JsonProperty("mode") String mode,
        @JsonProperty("attributes") Map<String, String> attributes) {
}
