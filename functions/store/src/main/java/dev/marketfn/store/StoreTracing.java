package dev.marketfn.store;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Store writes as child spans of the span that handles an event (docs/contract/observability.md §Traces). The
 * runtime hands the parent down explicitly, as an OpenTelemetry {@link Context} that also carries the tracer
 * ({@link #parent}), in the Mutiny subscriber context under {@link #MUTINY_KEY}: a write's Uni may be subscribed on
 * a pool thread where {@link Context#current()} is not the handling span's. Without a parent (tracing off, or a write
 * outside any handled event) a write makes no span and costs one context lookup.
 */
public final class StoreTracing {
    /** Key of the parent {@link Context} in a Mutiny subscriber context. */
    public static final String MUTINY_KEY = "marketfn.store.trace-parent";
    private static final ContextKey<Tracer> TRACER = ContextKey.named("marketfn.store.tracer");

    private StoreTracing() {
    }

    /** The parent of store spans under {@code span}, made with {@code tracer}. */
    public static Context parent(Tracer tracer, Span span) {
        return Context.root().with(span).with(TRACER, tracer);
    }

    /**
     * {@code write} in a span {@code store <table>} under the handling span, when there is one: from the Mutiny
     * context, else the OpenTelemetry context current when the write was assembled (writes made inside
     * {@link Transactions#run}, whose work Vert.x subscribes without the Mutiny context).
     */
    static <T> Uni<T> traced(String table, Supplier<Uni<T>> write) {
        Context assembled = Context.current();
        return Uni.createFrom().context(mutiny -> {
            Context parent = mutiny.getOrElse(MUTINY_KEY, () -> assembled);
            Tracer tracer = parent.get(TRACER);
            if (tracer == null) {
                return write.get();
            }
            Span span = tracer.spanBuilder("store " + table).setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("db.system.name", "postgresql").setAttribute("db.collection.name", table)
                    .startSpan();
            Uni<T> started;
            // current while the write is assembled, so a write it makes in turn is a child as well
            try (Scope ignored = parent.with(span).makeCurrent()) {
                started = write.get();
            }
            return started.onItem().invoke(item -> {
                long rows = rows(item);
                if (rows >= 0) {
                    span.setAttribute("db.response.returned_rows", rows);
                }
            }).onFailure().invoke(e -> span.setStatus(StatusCode.ERROR, e.toString()).recordException(e))
                    .onTermination().invoke(span::end);
        });
    }

    /** The rows a write reports: a count, or the rows it returns; -1 when it reports neither. */
    private static long rows(Object item) {
        if (item instanceof Number n) {
            return n.longValue();
        }
        if (item instanceof Collection<?> c) {
            return c.size();
        }
        if (item instanceof io.vertx.mutiny.sqlclient.SqlResult<?> r) {
            return r.rowCount();
        }
        return -1;
    }

    /** What {@link Transactions#run} keeps current while its work is assembled. */
    static Context current(io.smallrye.mutiny.Context mutiny) {
        return mutiny.getOrElse(MUTINY_KEY, Context::current);
    }
}
