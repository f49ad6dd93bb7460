package dev.marketfn.connector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A connector's meters (docs/ingestion.md §Metrics), tagged {@code provider}: connection and breaker state as
 * gauges, reconnects, frames and bytes received (rates per second are the counters' rates), refused frames by
 * reason, provider errors, gaps, batch sizes, and the age of the last frame.
 */
final class ConnectorMetrics {
    final AtomicInteger connection = new AtomicInteger();
    final AtomicInteger breaker = new AtomicInteger();
    final AtomicLong lastFrameNanos;
    final Counter reconnects;
    final Counter frames;
    final Counter bytes;
    final Counter malformed;
    final Counter oversized;
    final Counter duplicates;
    final Counter providerErrors;
    final Counter gaps;
    final Counter sinkFailures;
    final DistributionSummary batchFrames;
    final DistributionSummary batchBytes;

    ConnectorMetrics(MeterRegistry r, String provider, LongSupplier nanoTime) {
        lastFrameNanos = new AtomicLong(nanoTime.getAsLong());
        Gauge.builder("marketfn.connector.connection.state", connection, AtomicInteger::get).tag("provider", provider)
                .description("0 disconnected, 1 connecting, 2 streaming").register(r);
        Gauge.builder("marketfn.connector.breaker.state", breaker, AtomicInteger::get).tag("provider", provider)
                .description("0 closed, 1 half-open, 2 open").register(r);
        Gauge.builder("marketfn.connector.last.frame.age", lastFrameNanos,
                        last -> (nanoTime.getAsLong() - last.get()) / 1e9)
                .tag("provider", provider).baseUnit("seconds").register(r);
        reconnects = Counter.builder("marketfn.connector.reconnects").tag("provider", provider).register(r);
        frames = Counter.builder("marketfn.connector.frames").tag("provider", provider).register(r);
        bytes = Counter.builder("marketfn.connector.bytes").tag("provider", provider).baseUnit("bytes").register(r);
        malformed = refused(r, provider, "malformed");
        oversized = refused(r, provider, "oversized");
        duplicates = refused(r, provider, "duplicate");
        providerErrors = Counter.builder("marketfn.connector.provider.errors").tag("provider", provider).register(r);
        gaps = Counter.builder("marketfn.connector.gaps").tag("provider", provider).register(r);
        sinkFailures = Counter.builder("marketfn.connector.frames.lost").tag("provider", provider).register(r);
        batchFrames = DistributionSummary.builder("marketfn.connector.batch.frames").tag("provider", provider).register(r);
        batchBytes = DistributionSummary.builder("marketfn.connector.batch.bytes").tag("provider", provider)
                .baseUnit("bytes").register(r);
    }

    private static Counter refused(MeterRegistry r, String provider, String reason) {
        return Counter.builder("marketfn.connector.frames.refused").tag("provider", provider).tag("reason", reason)
                .register(r);
    }
}
