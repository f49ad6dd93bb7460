package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Data-quality assessment added by quality-check (docs/contract/payloads.md); each component in [0, 1]. */
public record Quality(
        @JsonProperty("score") double score,
        @JsonProperty("completeness") double completeness,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("timeliness") double timeliness,
        @JsonProperty("consistency") double consistency,
        @JsonProperty("flags") List<String> flags) {

    /** score = 0.3·completeness + 0.4·accuracy + 0.2·timeliness + 0.1·consistency (docs/contract/payloads.md). */
    public static Quality of(double completeness, double accuracy, double timeliness, double consistency,
            List<String> flags) {
        double score = 0.3 * completeness + 0.4 * accuracy + 0.2 * timeliness + 0.1 * consistency;
        return new Quality(score, completeness, accuracy, timeliness, consistency, List.copyOf(flags));
    }
}
