package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Times writes as {@code store_write_duration_seconds{table}} (docs/contract/observability.md). */
final class StoreTimer {
    private final MeterRegistry registry;

    StoreTimer(MeterRegistry registry) {
        this.registry = registry == null ? Metrics.globalRegistry : registry;
    }

    <T> Uni<T> time(String table, Supplier<Uni<T>> write) {
        Timer timer = Timer.builder("store_write_duration_seconds").tag("table", table)
                .publishPercentileHistogram().register(registry);
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return write.get().onTermination().invoke(() -> sample.stop(timer));
        });
    }
}
