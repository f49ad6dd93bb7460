package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One closed bar with its indicators (docs/contract/payloads.md); {@code indicators} maps each name of docs/contract/indicators.md to its value,
 * {@code null} during warm-up.
 */
public record IndicatorComputed(
        @JsonProperty("provider") String provider,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("interval") String interval,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("bar") BarValues bar,
        @JsonProperty("indicators") Map<String, Double> indicators) {
}
