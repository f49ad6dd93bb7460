package dev.marketfn.normalize;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans the SDK exports, kept in memory: Quarkus adds every {@link SpanProcessor} bean to its tracer provider,
 * and a simple processor hands each span to the exporter as it ends. Unused while tracing is off (the default).
 */
@Singleton
public class ExportedSpans {
    final InMemorySpanExporter exporter = InMemorySpanExporter.create();

    @Produces
    @Singleton
    SpanProcessor inMemory() {
        return SimpleSpanProcessor.create(exporter);
    }
}
