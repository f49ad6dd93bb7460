package dev.marketfn.runtime;

import dev.marketfn.codec.Envelope;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.Rejection;
import dev.marketfn.store.RejectedRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one core both doors call: checks the envelope, routes by type, and turns input that can never succeed into a
 * stored {@code dev.marketfn.rejected.v1} reply (docs/contract/errors.md). Transient failures propagate so the door can fail the
 * request (5xx) or retry/nack (Kafka): nothing is acknowledged before it is stored.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** The Knative Kafka broker's topic, {@code knative-broker-<namespace>-<broker>}, of broker marketfn/marketfn. */
    public static final String DEFAULT_BROKER_TOPIC = "knative-broker-marketfn-marketfn";

    private final FunctionHandlers function;
    private final RejectedRepository rejected;
    private final MeterRegistry registry;
    private final String version;
    /** What {@code topic} is for the HTTP door: the Knative broker's topic, which its Triggers deliver from. */
    private final String brokerTopic;
    /** The function's handlers, asked for once (the apps build the map on each call). */
    private volatile Map<String, EventHandler> handlers;
    private final Map<String, Counter> ingestedCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> errorCounters = new ConcurrentHashMap<>();
    private final EventRetries retries;
    private final EventSpans spans;

    public Dispatcher(FunctionHandlers function, RejectedRepository rejected, MeterRegistry registry, EventSpans spans,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
            @ConfigProperty(name = "marketfn.broker.topic", defaultValue = DEFAULT_BROKER_TOPIC) String brokerTopic,
            @ConfigProperty(name = "marketfn.retries.alert-after", defaultValue = "10") int retriesAlertAfter) {
        this.function = function;
        this.spans = spans;
        this.brokerTopic = brokerTopic;
        this.rejected = rejected;
        this.registry = registry;
        this.version = version;
        // there at 0 from the start, so that the first event past the bound is an increase Prometheus sees
        this.retries = new EventRetries(retriesAlertAfter, Counter.builder("events_retried_beyond_bound_total")
                .tag("component", function.name()).register(registry));
    }

    public String functionName() {
        return function.name();
    }

    /** {@code <function>@<version>}: lineage written with every row this function stores. */
    public String producedBy() {
        return function.name() + "@" + version;
    }

    /** The function's store of every record, when it is a sink ({@link FunctionHandlers#recordSink}); else null. */
    public RecordSink recordSink() {
        return function.recordSink();
    }

    /** The topic the HTTP door's events were read from by the broker (label {@code topic} for {@code bus=http}). */
    public String brokerTopic() {
        return brokerTopic;
    }

    public Set<String> acceptedTypes() {
        return handlers().keySet();
    }

    private Map<String, EventHandler> handlers() {
        Map<String, EventHandler> h = handlers;
        if (h == null) {
            h = Map.copyOf(function.handlers());
            handlers = h;
        }
        return h;
    }

    /** Handles one event that came by {@code bus} ({@code http} or {@code kafka}) from Kafka topic {@code topic}. */
    public Uni<Reply> dispatch(InEvent received, String bus, String topic) {
        Span span = spans.start(received, function.name(), bus);
        InEvent event = EventSpans.hop(received, span);
        EventHandler handler;
        try {
            handler = admit(event, bus, topic);
        } catch (InvalidInputException e) {
            return EventMdc.around(event, 1, () -> spans.around(span, reject(event, e)));
        }
        return EventMdc.around(event, 1, () -> spans.around(span, handle(handler, event)));
    }

    /** {@link #reject} of an event a door refuses before dispatching it, in a span of its own like a handled one. */
    public Uni<Reply> refuse(InEvent received, InvalidInputException e, String bus) {
        Span span = spans.start(received, function.name(), bus);
        InEvent event = EventSpans.hop(received, span);
        return EventMdc.around(event, 1, () -> spans.around(span, reject(event, e)));
    }

    private Uni<Reply> handle(EventHandler handler, InEvent event) {
        return Uni.createFrom().deferred(() -> handler.handle(event))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> reject(event, (InvalidInputException) e))
                .onFailure().invoke(e -> transientFailure(event, e));
    }

    /**
     * Handles the events of one partition in order, with the same outcome per event as {@link #dispatch}. A run of
     * consecutive events of one type whose handler takes batches goes to it in one call; other events one at a time.
     * A transient failure fails the whole call: the events before it may have been stored, and since every handler is
     * idempotent per event the door can simply handle them again. Each event has its span, started when its turn
     * comes; a run's writes, shared by its events, are children of the span of its first.
     */
    public Uni<List<Reply>> dispatchAll(List<InEvent> events, String bus, String topic) {
        int n = events.size();
        EventHandler[] handlers = new EventHandler[n];
        InvalidInputException[] invalid = new InvalidInputException[n];
        for (int k = 0; k < n; k++) {
            try {
                handlers[k] = admit(events.get(k), bus, topic);
            } catch (InvalidInputException e) {
                invalid[k] = e;
            }
        }
        Reply[] replies = new Reply[n];
        Uni<Void> chain = Uni.createFrom().voidItem();
        int i = 0;
        while (i < n) {
            InEvent first = events.get(i);
            int at = i;
            if (invalid[at] != null) {
                chain = chain.chain(() -> {
                    Span span = spans.start(first, function.name(), bus);
                    InEvent event = EventSpans.hop(first, span);
                    return EventMdc.around(event, 1, () -> spans.around(span, reject(event, invalid[at])))
                            .invoke(r -> replies[at] = r).replaceWithVoid();
                });
                i++;
                continue;
            }
            if (!(handlers[at] instanceof BatchEventHandler batchHandler)) {
                EventHandler handler = handlers[at];
                chain = chain.chain(() -> {
                    Span span = spans.start(first, function.name(), bus);
                    InEvent event = EventSpans.hop(first, span);
                    return EventMdc.around(event, 1, () -> spans.around(span, handle(handler, event)))
                            .invoke(r -> replies[at] = r).replaceWithVoid();
                });
                i++;
                continue;
            }
            // the run: this event and the following admitted ones of the same type
            int end = i + 1;
            while (end < n && invalid[end] == null && first.type().equals(events.get(end).type())) {
                end++;
            }
            List<InEvent> received = events.subList(i, end);
            chain = chain.chain(() -> {
                List<Span> runSpans = new ArrayList<>(received.size());
                List<InEvent> run = new ArrayList<>(received.size());
                for (InEvent event : received) {
                    Span span = spans.start(event, function.name(), bus);
                    runSpans.add(span);
                    run.add(EventSpans.hop(event, span));
                }
                // the run's lines carry its first event and the run's size; a rejection's, its own event
                return EventMdc.around(run.get(0), run.size(), () -> spans.around(runSpans,
                        Uni.createFrom().deferred(() -> batchHandler.handleAll(run))
                                .onFailure().invoke(e -> transientFailure(first, e))
                                .chain(outcomes -> storeOutcomes(run, outcomes))))
                        .invoke(done -> {
                            for (int k = 0; k < done.size(); k++) {
                                replies[at + k] = done.get(k);
                            }
                        }).replaceWithVoid();
            });
            i = end;
        }
        return chain.map(v -> Arrays.asList(replies));
    }

    /** Rejections of a batch stored one after another; replies as they came. */
    private Uni<List<Reply>> storeOutcomes(List<InEvent> run, List<BatchEventHandler.Outcome> outcomes) {
        Reply[] done = new Reply[run.size()];
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int k = 0; k < run.size(); k++) {
            BatchEventHandler.Outcome outcome = outcomes.get(k);
            int at = k;
            if (outcome.invalid() == null) {
                done[at] = outcome.reply();
            } else {
                chain = chain.chain(() -> EventMdc.around(run.get(at), 1, () -> reject(run.get(at), outcome.invalid()))
                        .invoke(r -> done[at] = r).replaceWithVoid());
            }
        }
        return chain.map(v -> Arrays.asList(done));
    }

    /** Counts the event and checks it; returns the handler for its type or says why it can never succeed. */
    private EventHandler admit(InEvent event, String bus, String topic) {
        ingested(bus, topic, event).increment();
        InvalidInputException problem = admissionProblem(event);
        if (problem != null) {
            throw problem;
        }
        return handlers().get(event.type());
    }

    /**
     * Why this function can never handle the event, or null: the envelope problem the codec found, a type this
     * function does not handle, then what the type needs of its data (docs/contract/errors.md). The one place these
     * checks are made, for both doors.
     */
    public InvalidInputException admissionProblem(InEvent event) {
        if (event.problem() != null) {
            return event.problem();
        }
        if (event.type() == null || !handlers().containsKey(event.type())) {
            return new InvalidInputException(RejectReason.UNKNOWN_TYPE, "type",
                    "'" + event.type() + "' is not handled by " + function.name() + "; accepted: " + acceptedTypes());
        }
        return Envelope.data(event);
    }

    private void transientFailure(InEvent event, Throwable e) {
        errors(e.getClass().getSimpleName());
        LOG.warnf("transient failure handling %s %s: %s", event.type(), event.id(), e.toString());
        if (retries.failed(inputIdentity(event))) {
            LOG.errorf("%s %s from %s has failed more than the alert bound (marketfn.retries.alert-after) times; "
                    + "it is being retried in a loop", event.type(), event.id(), event.source());
        }
    }

    /**
     * Counts a record a sink's Kafka door read ({@link RecordSink}), once however often storing it is retried: a sink
     * waits out a database outage, and counting each attempt would count a record every few seconds of it.
     */
    public void ingestedBySink(InEvent event, String topic) {
        ingested("kafka", topic, event).increment();
    }

    /**
     * {@code stream_events_ingested_total{bus,topic,type,provider}}, looked up once per label set: building and
     * registering a meter per event is measurable. {@code topic} is where the event was read from (the Kafka topic,
     * or the broker's topic for the HTTP door), {@code type} its CloudEvent type.
     */
    public Counter ingested(String bus, String topic, InEvent event) {
        String type = event.type() == null ? "none" : event.type();
        String provider = event.extension("provider") == null ? "none" : event.extension("provider");
        return ingestedCounters.computeIfAbsent(bus + '\n' + topic + '\n' + type + '\n' + provider,
                k -> Counter.builder("stream_events_ingested_total").tag("bus", bus).tag("topic", topic)
                        .tag("type", type).tag("provider", provider).register(registry));
    }

    /** Stores the rejection with the raw bytes, then answers with the rejected event. */
    public Uni<Reply> reject(InEvent event, InvalidInputException e) {
        errors(e.reason());
        String rejectionId = EventIds.derive(inputIdentity(event) + "|" + e.reason() + "|" + e.field(),
                function.name() + ":rejected");
        Rejection data = Rejection.of(e, event.id(), event.type());
        // keyed like its input, so it lands on the input's partition, and on the input's trace
        OutEvent out = OutEvent.builder(function.name(), EventTypes.REJECTED, rejectionId)
                .symbol(event.subject()).extension("partitionkey", event.partitionKey())
                .extension("inputtype", event.type()).tracedFrom(event).data(data);
        return rejected.insert(new RejectedRepository.Rejected(rejectionId, function.name(), e.reason(), e.field(),
                e.detail(), event.id(), event.type(), event.data()))
                .invoke(() -> LOG.infof("rejected %s %s: %s %s (%s), stored as %s", event.type(), event.id(), e.reason(),
                        e.field(), e.detail(), rejectionId))
                .replaceWith(Reply.of(out));
    }

    /**
     * What makes two inputs "the same" for rejection ids: CloudEvents identity is (source, id). An input without an id
     * has no identity of its own, so its content stands in — otherwise every id-less body would share one rejection
     * row and all but the first would be lost.
     */
    static String inputIdentity(InEvent event) {
        if (!blank(event.id())) {
            return (event.source() == null ? "" : event.source()) + "|" + event.id();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(event.source()).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(event.type()).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (event.data() != null) {
                sha.update(event.data());
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public void errors(String reason) {
        errorCounters.computeIfAbsent(reason, r -> Counter.builder("errors_total").tag("component", function.name())
                .tag("reason", r).register(registry)).increment();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
