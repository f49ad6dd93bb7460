package dev.marketfn.connector;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.contracts.Sources;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dev.marketfn.quality.alert.v1} events of a connector (docs/ingestion.md §Alerts), in the records
 * envelope of quality-check's alerts so the same subscribers read them: {@code SOURCE_UNAVAILABLE} when the
 * provider's breaker opens, {@code SOURCE_RECOVERED} when it closes again, {@code PROVIDER_ERROR} for an error frame
 * (its code and message in {@code values}). Source {@code /marketfn/connector}; keyed by the provider.
 */
public final class ConnectionAlerts {
    public static final String SOURCE_RECOVERED = "SOURCE_RECOVERED";
    public static final String PROVIDER_ERROR = "PROVIDER_ERROR";
    static final String FUNCTION = "connector";

    private ConnectionAlerts() {
    }

    public static OutEvent unavailable(String provider, Instant at, int failures, String reason) {
        return alert(provider, QualityAlert.SOURCE_UNAVAILABLE, QualityAlert.Severity.HIGH, at,
                "circuit breaker open after " + failures + " failed connection(s): " + reason,
                Map.of("failures", failures));
    }

    public static OutEvent recovered(String provider, Instant at) {
        return alert(provider, SOURCE_RECOVERED, QualityAlert.Severity.LOW, at,
                "circuit breaker closed: the provider handshake completed", Map.of());
    }

    public static OutEvent providerError(String provider, Instant at, String code, String message) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("code", code);
        values.put("message", message);
        return alert(provider, PROVIDER_ERROR, QualityAlert.Severity.MEDIUM, at,
                "provider error frame " + code + ": " + message, values);
    }

    private static OutEvent alert(String provider, String type, QualityAlert.Severity severity, Instant at,
            String detail, Map<String, Object> values) {
        Instant ts = at.truncatedTo(ChronoUnit.MICROS);
        String alertId = EventIds.derive(provider + "|" + ts, FUNCTION + ":" + type);
        QualityAlert a = new QualityAlert(alertId, type, severity.name(), provider, null, ts, null, detail, values);
        return new OutEvent(EventIds.derive(alertId, FUNCTION + ":alerts"), EventTypes.QUALITY_ALERT,
                Sources.function(FUNCTION), null, Map.of("provider", provider, "partitionkey", provider),
                Map.of("records", List.of(a)));
    }
}
