package dev.marketfn.runtime;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.Rejection;
import dev.marketfn.store.RejectedRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one core both doors call: checks the envelope, routes by type, and turns input that can never succeed into a
 * stored {@code dev.marketfn.rejected.v1} reply (SPEC §6). Transient failures propagate so the door can fail the
 * request (5xx) or retry/nack (Kafka): nothing is acknowledged before it is stored.
 */
@ApplicationScoped
public class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** Larger data is rejected, not parsed: one event must never exhaust a function's memory. */
    public static final int MAX_DATA_BYTES = 1 << 20;

    private final FunctionHandlers function;
    private final RejectedRepository rejected;
    private final MeterRegistry registry;
    private final String version;

    public Dispatcher(FunctionHandlers function, RejectedRepository rejected, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.function = function;
        this.rejected = rejected;
        this.registry = registry;
        this.version = version;
    }

    public String functionName() {
        return function.name();
    }

    /** {@code <function>@<version>}: lineage written with every row this function stores. */
    public String producedBy() {
        return function.name() + "@" + version;
    }

    public Set<String> acceptedTypes() {
        return function.handlers().keySet();
    }

    public Uni<Reply> dispatch(InEvent event, String bus) {
        Counter.builder("stream_events_ingested_total").tag("bus", bus).tag("topic", String.valueOf(event.type()))
                .tag("provider", String.valueOf(event.extension("provider"))).register(registry).increment();
        EventHandler handler;
        try {
            requireAttributes(event);
            handler = function.handlers().get(event.type());
            if (handler == null) {
                throw new InvalidInputException(RejectReason.UNKNOWN_TYPE, "type",
                        "'" + event.type() + "' is not handled by " + function.name() + "; accepted: "
                                + acceptedTypes());
            }
            if (event.data() != null && event.data().length > MAX_DATA_BYTES) {
                throw new InvalidInputException(RejectReason.TOO_LARGE, "data",
                        event.data().length + " bytes exceeds " + MAX_DATA_BYTES);
            }
        } catch (InvalidInputException e) {
            return reject(event, e);
        }
        return Uni.createFrom().deferred(() -> handler.handle(event))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> reject(event, (InvalidInputException) e))
                .onFailure().invoke(e -> {
                    errors(e.getClass().getSimpleName());
                    LOG.warnf("transient failure handling %s %s: %s", event.type(), event.id(), e.toString());
                });
    }

    /** Stores the rejection with the raw bytes, then answers with the rejected event. */
    public Uni<Reply> reject(InEvent event, InvalidInputException e) {
        errors(e.reason());
        String rejectionId = EventIds.derive(inputIdentity(event) + "|" + e.reason() + "|" + e.field(),
                function.name() + ":rejected");
        Rejection data = Rejection.of(e, event.id(), event.type());
        OutEvent out = OutEvent.builder(function.name(), EventTypes.REJECTED, rejectionId)
                .symbol(event.subject()).extension("inputtype", event.type()).data(data);
        return rejected.insert(new RejectedRepository.Rejected(rejectionId, function.name(), e.reason(), e.field(),
                e.detail(), event.id(), event.type(), event.data())).replaceWith(Reply.of(out));
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
        Counter.builder("errors_total").tag("component", function.name()).tag("reason", reason)
                .register(registry).increment();
    }

    private static void requireAttributes(InEvent e) {
        if (blank(e.id())) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "id", "CloudEvent attribute id is required");
        }
        if (blank(e.source())) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "source", "CloudEvent attribute source is required");
        }
        if (blank(e.type())) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "type", "CloudEvent attribute type is required");
        }
        if (!"1.0".equals(e.specVersion())) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "specversion",
                    "specversion must be 1.0, was " + e.specVersion());
        }
        if (e.dataContentType() != null && !e.dataContentType().startsWith("application/json")
                && !e.dataContentType().startsWith("text/json")) {
            throw new InvalidInputException(RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype",
                    "expected application/json, was " + e.dataContentType());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
