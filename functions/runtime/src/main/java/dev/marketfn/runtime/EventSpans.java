package dev.marketfn.runtime;

import dev.marketfn.codec.InEvent;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.store.StoreTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One span per handled event (docs/contract/observability.md §Traces), whichever door it came through: a child of
 * the event's own {@code traceparent} (read from the event, not from a thread's current context, which a door's
 * worker thread or a Mutiny stage does not carry), named {@code handle <type>}. The events emitted for it carry the
 * span's own context as {@code traceparent} ({@link #hop}), so the next function's span is its child across the
 * broker; store writes are its children ({@link StoreTracing}). Off ({@code quarkus.otel.sdk.disabled=true}, the
 * local default), it makes no span and each emitted event gets a child of the input's {@code traceparent}, as the
 * codec does by itself.
 */
@ApplicationScoped
public class EventSpans {
    private static final TextMapGetter<Map<String, String>> EXTENSIONS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** Null when tracing is off. */
    private final Tracer tracer;

    @Inject
    public EventSpans(Instance<OpenTelemetry> openTelemetry,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled) {
        this(disabled || !openTelemetry.isResolvable() ? null : openTelemetry.get().getTracer("dev.marketfn.runtime"));
    }

    EventSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** No spans: the dispatcher as it is without OpenTelemetry. */
    public static EventSpans off() {
        return new EventSpans((Tracer) null);
    }

    /** The started span of handling {@code event} that came by {@code bus}; null when tracing is off. */
    Span start(InEvent event, String function, String bus) {
        if (tracer == null) {
            return null;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), event.extensions(),
                EXTENSIONS);
        var span = tracer.spanBuilder("handle " + event.type()).setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("marketfn.function", function).setAttribute("marketfn.bus", bus);
        setIfPresent(span, "cloudevents.event_type", event.type());
        setIfPresent(span, "cloudevents.event_id", event.id());
        setIfPresent(span, "cloudevents.event_source", event.source());
        setIfPresent(span, "cloudevents.event_subject", event.subject());
        return span.startSpan();
    }

    private static void setIfPresent(io.opentelemetry.api.trace.SpanBuilder span, String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    /** {@code event} with the traceparent its emitted events carry: {@code span}'s context; as it is without one. */
    static InEvent hop(InEvent event, Span span) {
        if (span == null) {
            return event;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return event.withHop(carrier.get("traceparent"));
    }

    /**
     * {@code work} (the handling of the events whose spans these are) with the first span as the parent of its store
     * writes; each span gets its reply's record count and ends when the work does, failed with it.
     */
    Uni<List<Reply>> around(List<Span> spans, Uni<List<Reply>> work) {
        if (spans.isEmpty() || spans.get(0) == null) {
            return work;
        }
        Context storeParent = StoreTracing.parent(tracer, spans.get(0));
        return work.withContext((uni, mutiny) -> {
            mutiny.put(StoreTracing.MUTINY_KEY, storeParent);
            return uni;
        }).onItem().invoke(replies -> {
            for (int k = 0; k < replies.size() && k < spans.size(); k++) {
                long records = records(replies.get(k));
                if (records >= 0) {
                    spans.get(k).setAttribute("marketfn.records", records);
                }
                if (replies.get(k) != null && replies.get(k).reply() != null) {
                    spans.get(k).setAttribute("marketfn.reply.type", replies.get(k).reply().type());
                }
            }
        }).onFailure().invoke(e -> spans.forEach(s -> s.setStatus(StatusCode.ERROR, e.toString()).recordException(e)))
                .onTermination().invoke(() -> spans.forEach(Span::end));
    }

    /** {@link #around} for one event. */
    Uni<Reply> around(Span span, Uni<Reply> work) {
        if (span == null) {
            return work;
        }
        return around(List.of(span), work.map(java.util.Collections::singletonList)).map(replies -> replies.get(0));
    }

    /** How many records the reply carries: its data's {@code records}; -1 for a reply without them. */
    static long records(Reply reply) {
        if (reply == null || reply.reply() == null) {
            return -1;
        }
        Object data = reply.reply().data();
        if (data instanceof Batch<?> batch) {
            return batch.records().size();
        }
        if (data instanceof CanonicalBatch batch) {
            return batch.records().size();
        }
        return -1;
    }
}
