package dev.marketfn.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Times writes as {@code store_write_duration_seconds{table}} and counts failed ones as
 * {@code store_write_errors_total{table}} (docs/contract/observability.md), each in a child span of the handled
 * event's span when tracing is on ({@link StoreTracing}).
 */
final class StoreTimer {
    /**
     * Histogram buckets for a write: a single-row upsert takes about a millisecond, a batch of a few thousand rows or
     * a write waiting for a pool connection up to seconds. Explicit, so every table has the same 14 buckets instead of
     * Micrometer's 70-odd percentile buckets.
     */
    static final Duration[] BUCKETS = {Duration.ofMillis(1).dividedBy(2), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    /** Per table, built once: a builder and a registry lookup per write are measurable. */
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    private record Meters(Timer duration, Counter errors) {
    }

    StoreTimer(MeterRegistry registry) {
        this.registry = registry == null ? Metrics.globalRegistry : registry;
    }

    <T> Uni<T> time(String table, Supplier<Uni<T>> write) {
        Meters m = meters.computeIfAbsent(table, t -> new Meters(
                Timer.builder("store_write_duration_seconds").tag("table", t).serviceLevelObjectives(BUCKETS)
                        .register(registry),
                Counter.builder("store_write_errors_total").tag("table", t).register(registry)));
        return StoreTracing.traced(table, () -> {
            Timer.Sample sample = Timer.start(registry);
            return write.get().onTermination().invoke(() -> sample.stop(m.duration()))
                    .onFailure().invoke(e -> m.errors().increment());
        });
    }
}
