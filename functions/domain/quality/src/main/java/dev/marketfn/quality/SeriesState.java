package dev.marketfn.quality;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What quality-check remembers about one series (provider + symbol + kind + bar interval) between invocations. A
 * plain value that round-trips exactly through {@code Json.MAPPER}, so it is persisted as JSONB keyed by
 * {@link #key()} and a function scaled to zero loses nothing.
 *
 * @param lastPrice          last eligible (may set last, not an outlier) trade price: the outlier reference
 * @param lastPriceTs        event time of {@code lastPrice}; an older trade never replaces it
 * @param recentPrices       the most recent eligible trade prices, oldest first (robust MAD window)
 * @param lastSeq            highest provider sequence seen
 * @param lastTs             latest event time seen (inter-arrival estimate)
 * @param lastSeen           latest ingest time seen: what the stale sweep measures silence from
 * @param lastBarTs          start of the latest bar seen (missing-bar gaps)
 * @param expectedIntervalMs EWMA of the event-time inter-arrival (ticks) or the bar interval (bars); null until known
 * @param reliability        EWMA of the pass rate (1 = accepted, not an outlier; 0 = rejected or outlier)
 * @param observations       records seen, accepted or not
 * @param outlierRun         consecutive outliers that agree with each other (level-shift detection)
 * @param outlierRunPrice    price of the latest outlier in that run
 * @param recentEventIds     event ids of the latest records, so a redelivered record does not move the state twice
 * @param lastRefPrice       latest accepted price this series stands for across providers (eligible trade price,
 *                           quote mid, bar close; never an outlier): what other providers' records are compared with
 * @param lastRefTs          event time of {@code lastRefPrice}
 * @param late               the latest record arrived later than the provider's latency budget allows: a LATE_DATA
 *                           alert is raised when a series becomes late, not again for every record of a late
 *                           stretch (a replayed day would otherwise raise one per record)
 */
public record SeriesState(
        @JsonProperty("provider") String provider,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("kind") Kind kind,
        @JsonProperty("interval") String interval,
        @JsonProperty("asset_class") String assetClass,
        @JsonProperty("last_price") BigDecimal lastPrice,
        @JsonProperty("last_price_ts") Instant lastPriceTs,
        @JsonProperty("recent_prices") List<BigDecimal> recentPrices,
        @JsonProperty("last_seq") Long lastSeq,
        @JsonProperty("last_ts") Instant lastTs,
        @JsonProperty("last_seen") Instant lastSeen,
        @JsonProperty("last_bar_ts") Instant lastBarTs,
        @JsonProperty("expected_interval_ms") Double expectedIntervalMs,
        @JsonProperty("reliability") double reliability,
        @JsonProperty("observations") long observations,
        @JsonProperty("outlier_run") int outlierRun,
        @JsonProperty("outlier_run_price") BigDecimal outlierRunPrice,
        @JsonProperty("recent_event_ids") List<String> recentEventIds,
        @JsonProperty("last_ref_price") BigDecimal lastRefPrice,
        @JsonProperty("last_ref_ts") Instant lastRefTs,
        @JsonProperty("late") boolean late) {

    /** Redeliveries arrive within a batch or two; this many ids covers them without bloating the JSONB row. */
    static final int RECENT_IDS = 64;

    public SeriesState {
        recentPrices = recentPrices == null ? List.of() : List.copyOf(recentPrices);
        recentEventIds = recentEventIds == null ? List.of() : List.copyOf(recentEventIds);
    }

    /** The state without a cross-provider reference price (as written before that was kept). */
    public SeriesState(String provider, String symbol, Kind kind, String interval, String assetClass,
            BigDecimal lastPrice, Instant lastPriceTs, List<BigDecimal> recentPrices, Long lastSeq, Instant lastTs,
            Instant lastSeen, Instant lastBarTs, Double expectedIntervalMs, double reliability, long observations,
            int outlierRun, BigDecimal outlierRunPrice, List<String> recentEventIds) {
        this(provider, symbol, kind, interval, assetClass, lastPrice, lastPriceTs, recentPrices, lastSeq, lastTs,
                lastSeen, lastBarTs, expectedIntervalMs, reliability, observations, outlierRun, outlierRunPrice,
                recentEventIds, null, null, false);
    }

    /** The state of a series never seen before. */
    public static SeriesState initial(CanonicalRecord r) {
        return new SeriesState(r.provider(), r.symbol(), r.kind(), seriesInterval(r), r.assetClass(), null, null,
                List.of(), null, null, null, null, null, 1.0, 0, 0, null, List.of(), null, null, false);
    }

    /** This series' latest reference price as a peer of other providers' records; null before one is known. */
    @JsonIgnore
    public PeerPrice asPeer() {
        return lastRefPrice == null || lastRefTs == null ? null : new PeerPrice(provider, lastRefTs, lastRefPrice);
    }

    /** The persistence key: {@code provider|symbol|kind|interval} (interval empty for trades and quotes). */
    @JsonIgnore
    public String key() {
        return key(provider, symbol, kind, interval);
    }

    public static String keyOf(CanonicalRecord r) {
        return key(r.provider(), r.symbol(), r.kind(), seriesInterval(r));
    }

    /** The key of the record's series, or null when the record is too malformed to name one (it is rejected). */
    public static String keyOrNull(CanonicalRecord r) {
        return QualityCheck.identifiesSeries(r) ? keyOf(r) : null;
    }

    /** The key of the same instrument, kind and interval from another provider (a cross-provider peer). */
    public static String peerKey(String key, String provider) {
        return provider + key.substring(key.indexOf('|'));
    }

    /** The provider part of a key. */
    public static String providerOf(String key) {
        return key.substring(0, key.indexOf('|'));
    }

    private static String key(String provider, String symbol, Kind kind, String interval) {
        return provider + "|" + symbol + "|" + kind.wire() + "|" + (interval == null ? "" : interval);
    }

    private static String seriesInterval(CanonicalRecord r) {
        return r.kind() == Kind.BAR ? r.interval() : null;
    }
}
