package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Data of {@code dev.marketfn.rejected.v1} (docs/contract/errors.md). */
public record Rejection(
        @JsonProperty("reason") String reason,
        @JsonProperty("field") String field,
        @JsonProperty("detail") String detail,
        @JsonProperty("input_id") String inputId,
        @JsonProperty("input_type") String inputType) {

    public static Rejection of(InvalidInputException e, String inputId, String inputType) {
        return new Rejection(e.reason(), e.field(), e.detail(), inputId, inputType);
    }
}
