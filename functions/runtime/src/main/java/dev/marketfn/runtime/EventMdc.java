package dev.marketfn.runtime;

import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.TraceContext;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * The log context of handling an event (docs/contract/observability.md §Logs): while an event is handled, every log
 * line carries its {@code event_id}, {@code event_type} and {@code trace_id} (the W3C trace id of its
 * {@code traceparent}, the trace its span and replies belong to), and {@code event_count} when the line is about a run
 * of events handled in one call (then the id and type are the run's first). The JSON console format of the cluster
 * writes them under {@code mdc}. In Quarkus the MDC lives in the Vert.x duplicated context of the request or record
 * when there is one, so lines written in later stages of the same handling carry it too.
 */
public final class EventMdc {
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String TRACE_ID = "trace_id";
    public static final String EVENT_COUNT = "event_count";

    private EventMdc() {
    }

    /**
     * {@code work} with the MDC of {@code first} (of {@code count} events) from its start until it terminates; then
     * the MDC is as before: empty after an event, the run's again after one of its events rejected on its own.
     */
    public static <T> Uni<T> around(InEvent first, int count, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            String[] before = new String[KEYS.length];
            for (int k = 0; k < KEYS.length; k++) {
                before[k] = (String) MDC.get(KEYS[k]);
            }
            set(first.id(), first.type(), traceId(first), count > 1 ? Integer.toString(count) : null);
            return work.get().onTermination().invoke(() -> set(before));
        });
    }

    private static final String[] KEYS = {EVENT_ID, EVENT_TYPE, TRACE_ID, EVENT_COUNT};

    private static void set(String... values) {
        for (int k = 0; k < KEYS.length; k++) {
            if (values[k] == null) {
                MDC.remove(KEYS[k]);
            } else {
                MDC.put(KEYS[k], values[k]);
            }
        }
    }

    /** The trace id of the span handling it (its hop), else of its own {@code traceparent}; null without either. */
    static String traceId(InEvent event) {
        return TraceContext.traceId(event.hop() != null ? event.hop() : event.extension("traceparent"));
    }
}
