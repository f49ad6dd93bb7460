package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

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

    public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
}
