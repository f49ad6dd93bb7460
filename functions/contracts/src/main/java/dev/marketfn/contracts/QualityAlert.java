package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Data of {@code dev.marketfn.quality.alert.v1}. */
public record QualityAlert(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("alert_type") String alertType,
        @JsonProperty("severity") String severity,
        @JsonProperty("provider") String provider,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("detail") String detail,
        @JsonProperty("values") Map<String, Object> values) {

    public static final String STALE_DATA = "STALE_DATA";
    public static final String MISSING_DATA = "MISSING_DATA";
    public static final String OUTLIER_DETECTED = "OUTLIER_DETECTED";
    public static final String CROSSED_QUOTE = "CROSSED_QUOTE";
    public static final String SOURCE_UNAVAILABLE = "SOURCE_UNAVAILABLE";
    public static final String INCONSISTENT_SOURCES = "INCONSISTENT_SOURCES";
    public static final String LATE_DATA = "LATE_DATA";
    /**
     * A record rejected by validation for any reason but a crossed quote (docs/contract/payloads.md: a rejected record is emitted as a
     * quality alert; none of the other types describes e.g. a negative price or a broken bar invariant).
     */
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    /** Every alert type quality-check raises (docs/quality.md says when). */
    public static final Set<String> TYPES = Set.of(STALE_DATA, MISSING_DATA, OUTLIER_DETECTED, CROSSED_QUOTE,
            SOURCE_UNAVAILABLE, INCONSISTENT_SOURCES, LATE_DATA, VALIDATION_FAILED);

    public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
}
