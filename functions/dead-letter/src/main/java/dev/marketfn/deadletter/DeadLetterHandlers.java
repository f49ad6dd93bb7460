package dev.marketfn.deadletter;

import dev.marketfn.codec.Decoded;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.runtime.RecordSink;
import dev.marketfn.store.RejectedRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The dead-letter sink: stores every CloudEvent it receives in {@code rejected_events} (reason {@code DEAD_LETTER},
 * the data bytes verbatim in {@code payload}, the attributes and the failure in {@code detail}) before it answers, so
 * an event that exhausted the broker's retries is never lost and can be replayed (docs/dead-letter.md). A failed
 * write fails the request (5xx): nothing is acknowledged before it is stored.
 */
@ApplicationScoped
public class DeadLetterHandlers implements FunctionHandlers, RecordSink {
    private static final Logger LOG = Logger.getLogger(DeadLetterHandlers.class);
    public static final String NAME = "dead-letter";
    /** {@code rejected_events.reason} of every row this service writes. */
    public static final String REASON = "DEAD_LETTER";
    /** Longest response body kept in the detail (Knative already caps it at 1024 bytes). */
    static final int MAX_RESPONSE_CHARS = 1024;

    private final RejectedRepository rejected;
    private final MeterRegistry registry;
    /** The topic the audit Trigger delivers from (label {@code topic} of the HTTP door's events). */
    private final String brokerTopic;

    public DeadLetterHandlers(RejectedRepository rejected, MeterRegistry registry,
            @ConfigProperty(name = "marketfn.broker.topic", defaultValue = Dispatcher.DEFAULT_BROKER_TOPIC)
            String brokerTopic) {
        this.rejected = rejected;
        this.registry = registry;
        this.brokerTopic = brokerTopic;
    }

    /**
     * The alert's series ({@code MarketfnDeadLetters}, terraform modules/monitoring) exists from start-up at 0: a counter
     * that first appears at 1 shows Prometheus no increase, and the first dead letter after a restart would not fire.
     */
    void registerAlertSeries(@Observes StartupEvent start) {
        Counter.builder("errors_total").tag("component", NAME).tag("reason", REASON).register(registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * None: the Dispatcher routes by type, and a sink takes every type. Events reach {@link #receive} through the
     * Funqy function (the only exported one, so Funqy's default for every ce-type), where the runtime's gate runs in
     * sink mode ({@code marketfn.gate.sink}); records reach {@link #store} through the Kafka door, which hands a
     * {@link RecordSink} every record instead of routing by type.
     */
    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of();
    }

    /**
     * The Kafka door (in the cluster: the topic {@code marketfn.dead-letters} the broker's KafkaSink writes): every
     * record is a dead letter, whatever its type (a rejected.v1 there was dead-lettered, not routed by the audit
     * Trigger). A CloudEvent is keyed as over HTTP (source, id, failed destination), so the same dead letter arriving
     * by both doors is one row; a record that is no CloudEvent (or has no id or source) by its coordinates
     * (topic, partition, offset), so a redelivery after a failed commit stores nothing new. Called again for each
     * retry; the door counts the record once ({@code stream_events_ingested_total{bus="kafka"}}).
     */
    @Override
    public RecordSink recordSink() {
        return this;
    }

    @Override
    public Uni<Void> store(ConsumerRecord<String, byte[]> record, Decoded decoded) {
        String at = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (decoded.isCloudEvent()) {
            DeadLetter event = DeadLetter.of(decoded);
            String id = !blank(event.id()) && !blank(event.source()) ? rejectionId(event)
                    : EventIds.derive("record:" + at, NAME);
            return store(event, id, error(event));
        }
        DeadLetter notAnEvent = new DeadLetter(DeadLetter.RECORD, Map.of(), record.value());
        return store(notAnEvent, EventIds.derive("record:" + at, NAME),
                "not a CloudEvent (" + decoded.mode() + "): record " + at + " stored as read");
    }

    public Uni<Void> receive(DeadLetter event) {
        countReceived(event);
        if (EventTypes.REJECTED.equals(event.type()) && !event.deadLettered()) {
            // The audit Trigger (dead-letter-rejected): the function that rejected the input stored it, with the raw
            // bytes, before answering with this event (Dispatcher.reject), under this event's id. Storing it again
            // would only duplicate that row, so it is acknowledged as it is -- idempotent by construction.
            return Uni.createFrom().voidItem();
        }
        return store(event, rejectionId(event), error(event));
    }

    private void countReceived(DeadLetter event) {
        Counter.builder("stream_events_ingested_total").tag("bus", "http").tag("topic", brokerTopic)
                .tag("type", String.valueOf(event.type())).tag("provider", String.valueOf(event.attribute("provider"))).register(registry).increment();
    }

    private Uni<Void> store(DeadLetter event, String rejectionId, String error) {
        DeadLetterDetail detail = new DeadLetterDetail(error, response(event), event.mode(), event.attributes());
        RejectedRepository.Rejected row = new RejectedRepository.Rejected(rejectionId, NAME, REASON, null,
                new String(Json.bytes(detail), StandardCharsets.UTF_8), event.id(), event.type(), event.data());
        return rejected.insert(row)
                .invoke(() -> {
                    errors(REASON);
                    LOG.warnf("dead letter %s %s from %s kept in rejected_events as %s: %s", event.type(), event.id(), event.source(),
                            row.rejectionId(), detail.error());
                })
                .onFailure().invoke(e -> {
                    errors(e.getClass().getSimpleName());
                    LOG.warnf("cannot store dead letter %s %s (answered 5xx, the sender retries): %s", event.type(),
                            event.id(), e.toString());
                });
    }

    /**
     * The row's key: one per (source, id, failed destination), so a redelivery of the same dead letter stores nothing
     * new, while the same event dead-lettered by two subscribers (two Triggers on its type) is kept for each -- a
     * replay must reach both. An event without id or source is keyed by its content.
     */
    static String rejectionId(DeadLetter event) {
        if (!blank(event.id()) && !blank(event.source())) {
            String dest = event.attribute(DeadLetter.ERROR_DEST);
            return EventIds.derive(event.source() + "\u0000" + event.id() + "\u0000" + (dest == null ? "" : dest), NAME);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Json.bytes(event.attributes()));
            sha.update((byte) 0);
            sha.update(event.data());
            return EventIds.derive("sha256:" + HexFormat.of().formatHex(sha.digest()), NAME);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure in words, from Knative's extensions: e.g. "HTTP 503 from http://quality-check...". */
    static String error(DeadLetter event) {
        String code = event.attribute(DeadLetter.ERROR_CODE);
        String dest = event.attribute(DeadLetter.ERROR_DEST);
        if (!blank(code)) {
            return "HTTP " + code + " from " + (blank(dest) ? "an unnamed destination" : dest);
        }
        if (!blank(dest)) {
            return "delivery to " + dest + " failed without an HTTP status (timeout or connection error)";
        }
        return "received without knativeerror* extensions: not dead-lettered by the broker (posted directly?)";
    }

    /** The failed destination's response body when it is text; the base64 original stays in the attributes. */
    static String response(DeadLetter event) {
        String data = event.attribute(DeadLetter.ERROR_DATA);
        if (blank(data)) {
            return null;
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(data);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.length() > MAX_RESPONSE_CHARS ? text.substring(0, MAX_RESPONSE_CHARS) : text;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private void errors(String reason) {
        Counter.builder("errors_total").tag("component", NAME).tag("reason", reason).register(registry).increment();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
