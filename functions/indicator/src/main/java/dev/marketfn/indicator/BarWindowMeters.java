package dev.marketfn.indicator;

import dev.marketfn.bars.Interval;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The indicator's meters of closed bar windows (docs/contract/observability.md): per series
 * {@code features_update_duration_seconds{symbol,window}} and {@code microbatch_flush_total{window_ms,symbol}}, per
 * interval {@code microbatch_flush_rows{window_ms}} and {@code microbatch_window_latency_ms{window_ms}}. A flush is one
 * close of a series' windows (one or more bars); its rows are the bars it closed; a bar's latency is the wall time of
 * its close, in the transaction whose commit emits it, minus the end of its window. Meters are built once per series
 * and kept: this runs for every bar, and a builder plus a registry lookup per bar would cost more than the engine's
 * update it times.
 */
final class BarWindowMeters {
    /** An engine update is microseconds; a slow one (GC, a cold cache) milliseconds. */
    static final Duration[] UPDATE_BUCKETS = {Duration.ofNanos(5_000), Duration.ofNanos(10_000),
            Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25)};
    /**
     * A window closes once the watermark is the allowed lateness (0.5 s) past its end, or at the next idle flush;
     * ms, from well under the lateness to minutes (a provider that went quiet, a backlog).
     */
    static final double[] LATENCY_BUCKETS_MS = {100, 250, 500, 750, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000,
            120_000, 300_000, 900_000};

    private final MeterRegistry registry;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Series(Timer update, Counter flushes, Window window) {
    }

    private record Window(Counter rows, DistributionSummary latency) {
    }

    BarWindowMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of one series ({@code interval} as on the wire, e.g. {@code 1m}). */
    SeriesMeters of(String symbol, String interval) {
        Series s = series.computeIfAbsent(symbol + '|' + interval, k -> {
            Window w = windows.computeIfAbsent(interval, this::window);
            return new Series(Timer.builder("features_update_duration_seconds").tag("symbol", symbol)
                    .tag("window", interval).serviceLevelObjectives(UPDATE_BUCKETS).register(registry),
                    Counter.builder("microbatch_flush_total").tag("window_ms", windowMs(interval)).tag("symbol", symbol)
                            .register(registry), w);
        });
        return new SeriesMeters(s);
    }

    /** The {@code window_ms} tag: the interval's nominal length in milliseconds. */
    private static String windowMs(String interval) {
        return Long.toString(Interval.fromWire(interval).nominalLength().toMillis());
    }

    private Window window(String interval) {
        String windowMs = windowMs(interval);
        return new Window(Counter.builder("microbatch_flush_rows").tag("window_ms", windowMs).register(registry),
                DistributionSummary.builder("microbatch_window_latency_ms").tag("window_ms", windowMs)
                        .serviceLevelObjectives(LATENCY_BUCKETS_MS).register(registry));
    }

    /** One series' meters, as {@link #of} found them. */
    static final class SeriesMeters {
        private final Series s;

        private SeriesMeters(Series s) {
            this.s = s;
        }

        void updated(long nanos) {
            s.update().record(nanos, TimeUnit.NANOSECONDS);
        }

        /** A close of {@code rows} (> 0) windows of the series. */
        void closed(int rows) {
            s.flushes().increment();
            s.window().rows().increment(rows);
        }

        /** A window that ended at {@code windowEnd} closed at {@code nowMillis} (epoch ms). */
        void windowClosed(Instant windowEnd, long nowMillis) {
            s.window().latency().record(Math.max(0, nowMillis - windowEnd.toEpochMilli()));
        }
    }
}
