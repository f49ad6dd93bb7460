package dev.marketfn.qualitycheck;

import dev.marketfn.contracts.CanonicalRecord;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code data_quality_score{provider}} (docs/contract/observability.md): the quality score of every record
 * quality-check accepted, once its transaction committed. Its {@code _sum / _count} over a window is a provider's
 * mean score, which alert {@code MarketfnQualityLow} watches; the buckets place the 0.8 threshold and the usual
 * scores (1.0, or 0.9 for a late record) on bucket bounds. Rejected records have no score; they count in
 * {@code errors_total}. One summary per provider, built once and kept.
 */
@ApplicationScoped
public class QualityScoreMeters {
    static final double[] BUCKETS = {0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0};

    private final MeterRegistry registry;
    private final Map<String, DistributionSummary> byProvider = new ConcurrentHashMap<>();

    @Inject
    QualityScoreMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted(List<CanonicalRecord> records) {
        for (CanonicalRecord r : records) {
            if (r.quality() != null) {
                byProvider.computeIfAbsent(r.provider() == null ? "none" : r.provider(), p -> DistributionSummary
                        .builder("data_quality_score").tag("provider", p).serviceLevelObjectives(BUCKETS)
                        .register(registry)).record(r.quality().score());
            }
        }
    }
}
