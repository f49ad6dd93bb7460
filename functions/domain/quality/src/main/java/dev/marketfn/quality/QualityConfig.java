package dev.marketfn.quality;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every threshold of the quality checks, with the defaults documented in docs/quality.md. Immutable; the
 * {@code with…} methods return adjusted copies so the functions can override single values from configuration.
 *
 * @param futureTolerance     how far {@code ts} may lie ahead of {@code now} (clock skew) before the record is rejected
 * @param tickHorizon         trades and quotes older than this (vs {@code now}) are rejected
 * @param barHorizon          bars older than this are rejected; {@code null} = any age (history backfills are normal)
 * @param sequencedProviders  providers whose {@code seq} is a true contiguous sequence (gaps mean lost messages)
 * @param outlierRules        outlier method per asset class (lower-case); {@link #defaultOutlierRule} otherwise
 * @param rebaseAfter         consecutive mutually-consistent outliers after which the new level is accepted
 * @param consistencyWindow   peers from other providers count when their ts is within this of the record's
 * @param maxDisagreementBps  cross-provider disagreement above this raises INCONSISTENT_SOURCES
 * @param latency             latency budget per provider; {@link #defaultLatency} otherwise
 * @param staleMultiplier     a series is stale after this many expected intervals without an update
 * @param minStaleAfter       floor of the stale threshold, so bursty liquid series do not flap
 * @param defaultExpectedInterval expected update interval of a tick series before one has been measured
 * @param sourceSilentAfter   a provider all of whose series are stale and silent this long is SOURCE_UNAVAILABLE
 * @param reliabilityWindow   effective window (records) of the EWMA pass rate: alpha = 2 / (window + 1)
 * @param holidays            US exchange holidays (no session): no missing bars, no staleness on these dates
 * @param peerProviders       providers whose series of the same instrument are looked up as cross-provider peers
 */
public record QualityConfig(
        Duration futureTolerance,
        Duration tickHorizon,
        Duration barHorizon,
        Set<String> sequencedProviders,
        Map<String, OutlierRule> outlierRules,
        OutlierRule defaultOutlierRule,
        int rebaseAfter,
        Duration consistencyWindow,
        double maxDisagreementBps,
        Map<String, LatencyBudget> latency,
        LatencyBudget defaultLatency,
        double staleMultiplier,
        Duration minStaleAfter,
        Duration defaultExpectedInterval,
        Duration sourceSilentAfter,
        int reliabilityWindow,
        Set<LocalDate> holidays,
        Set<String> peerProviders) {

    /** The providers of docs/contract/payloads.md. */
    public static final Set<String> PROVIDERS = Set.of("alpaca", "polygon", "finnhub", "binance", "coinbase",
            "alphavantage", "ibkr", "csv", "synthetic");

    public QualityConfig {
        sequencedProviders = Set.copyOf(sequencedProviders);
        peerProviders = Set.copyOf(peerProviders);
        outlierRules = Map.copyOf(outlierRules);
        latency = Map.copyOf(latency);
        holidays = Set.copyOf(holidays);
    }

    /**
     * Latency budget: timeliness is 1.0 up to {@code good}, falls linearly to 0.0 at {@code bad}, and a latency
     * at or beyond {@code bad} raises LATE_DATA. {@code null} bounds mean latency is not meaningful for the provider
     * (file loads of history), timeliness is then 1.0.
     */
    public record LatencyBudget(Duration good, Duration bad) {
        public static final LatencyBudget NOT_APPLICABLE = new LatencyBudget(null, null);

        public LatencyBudget {
            if ((good == null) != (bad == null) || (good != null && bad.compareTo(good) <= 0)) {
                throw new IllegalArgumentException("latency budget needs good < bad, or neither");
            }
        }
    }

    public static QualityConfig defaults() {
        return new QualityConfig(
                Duration.ofSeconds(5),
                Duration.ofDays(7),
                null,
                Set.of("coinbase", "polygon"),
                Map.of("crypto", OutlierRule.robustMad(5.0, 20, 50)),
                OutlierRule.secBands(),
                3,
                Duration.ofSeconds(2),
                50.0,
                Map.of(
                        // Alpha Vantage intraday bars are published with a delay (minutes on premium, end of day free).
                        "alphavantage", new LatencyBudget(Duration.ofMinutes(15), Duration.ofHours(24)),
                        "csv", LatencyBudget.NOT_APPLICABLE,
                        "synthetic", LatencyBudget.NOT_APPLICABLE),
                new LatencyBudget(Duration.ofSeconds(2), Duration.ofSeconds(60)),
                2.0,
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Duration.ofMinutes(2),
                100,
                Set.of(),
                PROVIDERS);
    }

    public OutlierRule outlierRule(String assetClass) {
        return assetClass == null ? defaultOutlierRule
                : outlierRules.getOrDefault(assetClass.toLowerCase(Locale.ROOT), defaultOutlierRule);
    }

    public LatencyBudget latencyBudget(String provider) {
        return latency.getOrDefault(provider, defaultLatency);
    }

    public QualityConfig withSequencedProviders(Set<String> v) {
        return new QualityConfig(futureTolerance, tickHorizon, barHorizon, v, outlierRules, defaultOutlierRule,
                rebaseAfter, consistencyWindow, maxDisagreementBps, latency, defaultLatency, staleMultiplier,
                minStaleAfter, defaultExpectedInterval, sourceSilentAfter, reliabilityWindow, holidays,
                peerProviders);
    }

    public QualityConfig withOutlierRule(String assetClass, OutlierRule rule) {
        Map<String, OutlierRule> rules = new java.util.HashMap<>(outlierRules);
        rules.put(assetClass.toLowerCase(Locale.ROOT), rule);
        return new QualityConfig(futureTolerance, tickHorizon, barHorizon, sequencedProviders, rules,
                defaultOutlierRule, rebaseAfter, consistencyWindow, maxDisagreementBps, latency, defaultLatency,
                staleMultiplier, minStaleAfter, defaultExpectedInterval, sourceSilentAfter, reliabilityWindow,
                holidays, peerProviders);
    }

    public QualityConfig withBarHorizon(Duration v) {
        return new QualityConfig(futureTolerance, tickHorizon, v, sequencedProviders, outlierRules,
                defaultOutlierRule, rebaseAfter, consistencyWindow, maxDisagreementBps, latency, defaultLatency,
                staleMultiplier, minStaleAfter, defaultExpectedInterval, sourceSilentAfter, reliabilityWindow,
                holidays, peerProviders);
    }

    public QualityConfig withHolidays(Set<LocalDate> v) {
        return new QualityConfig(futureTolerance, tickHorizon, barHorizon, sequencedProviders, outlierRules,
                defaultOutlierRule, rebaseAfter, consistencyWindow, maxDisagreementBps, latency, defaultLatency,
                staleMultiplier, minStaleAfter, defaultExpectedInterval, sourceSilentAfter, reliabilityWindow, v,
                peerProviders);
    }

    public QualityConfig withPeerProviders(Set<String> v) {
        return new QualityConfig(futureTolerance, tickHorizon, barHorizon, sequencedProviders, outlierRules,
                defaultOutlierRule, rebaseAfter, consistencyWindow, maxDisagreementBps, latency, defaultLatency,
                staleMultiplier, minStaleAfter, defaultExpectedInterval, sourceSilentAfter, reliabilityWindow,
                holidays, v);
    }
}
