package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Data record of {@code dev.marketfn.alpha.call.v1} (docs/contract/payloads.md). */
public record AlphaCall(
        @JsonProperty("signal_id") String signalId,
        @JsonProperty("provider") String provider,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("interval") String interval,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("action") Action action,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("score") double score,
        @JsonProperty("rationale") List<Rationale> rationale,
        @JsonProperty("model") Model model) {

    public enum Action {
        BUY, SELL, HOLD, NO_ACTION;

        /** The CloudEvent extension value: buy, sell, hold, noaction (docs/contract/events.md). */
        public String extensionValue() {
            return name().replace("_", "").toLowerCase(Locale.ROOT);
        }
    }

    /** One fired rule: its condition, the values it saw, its vote (−1..1) and weight. */
    public record Rationale(
            @JsonProperty("rule") String rule,
            @JsonProperty("condition") String condition,
            @JsonProperty("values") Map<String, Object> values,
            @JsonProperty("vote") double vote,
            @JsonProperty("weight") double weight) {
    }

    public record Model(@JsonProperty("name") String name, @JsonProperty("version") String version) {
    }
}
