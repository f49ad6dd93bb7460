package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * How an adjusted record relates to the raw one (docs/contract/payloads.md): {@code factor} is the price multiplier into the current
 * basis, {@code volume_factor} the size multiplier, {@code actions} the corporate actions applied.
 */
public record Adjustment(
        @JsonProperty("factor") BigDecimal factor,
        @JsonProperty("volume_factor") BigDecimal volumeFactor,
        @JsonProperty("mode") String mode,
        @JsonProperty("actions") List<String> actions) {
    public static final String MODE_RAW = "raw";
    public static final String MODE_SPLIT = "split";
    public static final String MODE_TOTAL_RETURN = "total_return";
}
