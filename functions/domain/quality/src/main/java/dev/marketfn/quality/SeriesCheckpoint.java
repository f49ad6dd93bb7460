package dev.marketfn.quality;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.contracts.Json;

/**
 * What quality-check persists per series: the {@link SeriesState}, plus the id of the input event whose records last
 * moved it and the state from before that input. A redelivery of that latest input (the broker retrying after a
 * failure that followed the commit) then starts again from {@code before} and recomputes exactly the same results,
 * alerts and state instead of treating its records as duplicates of themselves. Older redeliveries fall back to the
 * per-record duplicate guard of {@link SeriesState#recentEventIds()}.
 *
 * @param state   the current state
 * @param inputId the input event (CloudEvent id) that produced {@code state}; null for states saved without one
 * @param before  the state before that input; null when the input created the series (or none is known)
 */
public record SeriesCheckpoint(
        @JsonProperty("state") SeriesState state,
        @JsonProperty("input_id") String inputId,
        @JsonProperty("before") SeriesState before) {

    public static SeriesCheckpoint of(SeriesState state) {
        return state == null ? null : new SeriesCheckpoint(state, null, null);
    }

    /** Where the records of input {@code inputId} start from. */
    public SeriesState startFor(String inputId) {
        return inputId != null && inputId.equals(this.inputId) ? before : state;
    }

    /**
     * Reads a stored value: a checkpoint, or a bare {@link SeriesState} as stored before checkpoints existed; bound
     * from the bytes in one pass (no tree).
     */
    public static SeriesCheckpoint fromJson(byte[] json) {
        if (json == null) {
            return null;
        }
        // JSON null has no member either, and binds to a null state: of(null) is null.
        return Json.hasMember(json, "state") ? Json.read(json, SeriesCheckpoint.class, "state")
                : of(Json.read(json, SeriesState.class, "state"));
    }
}
