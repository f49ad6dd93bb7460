package dev.marketfn.contracts;

import java.util.List;

/** The CloudEvent {@code type} values of docs/contract/events.md, and the {@code dataschema} each one carries. */
public final class EventTypes {
    public static final String RAW = "dev.marketfn.raw.v1";
    public static final String TICK_NORMALIZED = "dev.marketfn.tick.normalized.v1";
    public static final String TICK_CHECKED = "dev.marketfn.tick.checked.v1";
    public static final String QUALITY_ALERT = "dev.marketfn.quality.alert.v1";
    public static final String TICK_ADJUSTED = "dev.marketfn.tick.adjusted.v1";
    public static final String CORPORATE_ACTION_ANNOUNCED = "dev.marketfn.corporate-action.announced.v1";
    public static final String CORPORATE_ACTION_APPLIED = "dev.marketfn.corporate-action.applied.v1";
    public static final String INDICATOR_COMPUTED = "dev.marketfn.indicator.computed.v1";
    public static final String ALPHA_CALL = "dev.marketfn.alpha.call.v1";
    public static final String REJECTED = "dev.marketfn.rejected.v1";
    /** A provider's news payload, verbatim (docs/news.md): a type of its own, so news never reaches normalize. */
    public static final String NEWS_RAW = "dev.marketfn.news.raw.v1";
    public static final String NEWS_ENRICHED = "dev.marketfn.news.enriched.v1";
    public static final String NEWS_ALERT = "dev.marketfn.news.alert.v1";
    /** Timer events (Knative PingSource in the cluster, a scheduler locally) for idle flushes and stale sweeps. */
    public static final String PING = "dev.knative.sources.ping";

    /** Every type the platform carries. */
    public static final List<String> ALL = List.of(RAW, TICK_NORMALIZED, TICK_CHECKED, QUALITY_ALERT, TICK_ADJUSTED,
            CORPORATE_ACTION_ANNOUNCED, CORPORATE_ACTION_APPLIED, INDICATOR_COMPUTED, ALPHA_CALL, REJECTED, PING,
            NEWS_RAW, NEWS_ENRICHED, NEWS_ALERT);

    /** Types no marketfn function consumes: they are for subscribers (signal sinks, alerting, audit). */
    public static final List<String> TERMINAL = List.of(QUALITY_ALERT, INDICATOR_COMPUTED, ALPHA_CALL, REJECTED,
            NEWS_ENRICHED, NEWS_ALERT);

    private EventTypes() {
    }

    /** The versioned schema reference for a type's {@code data}; the schema file is {@code schemas/<name>.json}. */
    public static String dataschema(String type) {
        return "https://marketfn.dev/schemas/" + schemaFile(type);
    }

    /** e.g. {@code dev.marketfn.tick.normalized.v1} → {@code tick.normalized.v1.json}. */
    public static String schemaFile(String type) {
        String name = type.startsWith("dev.marketfn.") ? type.substring("dev.marketfn.".length()) : type;
        return name + ".json";
    }
}
