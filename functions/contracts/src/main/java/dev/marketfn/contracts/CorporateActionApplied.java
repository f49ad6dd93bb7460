package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Data of {@code dev.marketfn.corporate-action.applied.v1} (docs/contract/payloads.md): for a 4:1 split the price factor is 0.25 and
 * the volume factor 4. History with trading dates in [affected_from, affected_to] is multiplied by these factors.
 */
public record CorporateActionApplied(
        @JsonProperty("action_id") String actionId,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("type") String type,
        @JsonProperty("price_adjustment_factor") BigDecimal priceAdjustmentFactor,
        @JsonProperty("volume_adjustment_factor") BigDecimal volumeAdjustmentFactor,
        @JsonProperty("affected_from") LocalDate affectedFrom,
        @JsonProperty("affected_to") LocalDate affectedTo,
        @JsonProperty("known_at") Instant knownAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("new_symbol") String newSymbol) {
}
