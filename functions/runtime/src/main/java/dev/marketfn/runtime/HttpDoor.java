package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Knative door: Funqy hands over a CloudEvent, the dispatcher handles it, side events go out through the sink,
 * and the reply goes back as the HTTP response (Knative posts it to the broker). A failure becomes a 5xx, so the
 * broker retries; nothing is answered 2xx before it is stored.
 */
@ApplicationScoped
public class HttpDoor {
    private final Dispatcher dispatcher;
    private final SideEventSink sink;
    private final CurrentVertxRequest request;
    public HttpDoor(Dispatcher dispatcher, SideEventSink sink, CurrentVertxRequest request) {
        this.dispatcher = dispatcher;
        this.sink = sink;
        this.request = request;
    }

    public Uni<CloudEvent<JsonNode>> handle(CloudEvent<JsonNode> ce) {
        InEvent event = received();
        if (event == null) {
            try {
                event = toInEvent(ce);
            } catch (InvalidInputException e) {
                InEvent bare = new InEvent(ce.id(), ce.specVersion(), ce.type(), ce.source(), ce.subject(),
                        ce.dataContentType(), extensions(ce), null);
                return dispatcher.refuse(bare, e, "http").map(HttpDoor::toCloudEvent);
            }
        }
        return dispatcher.dispatch(event, "http", dispatcher.brokerTopic())
                .call(reply -> sink.send(reply.sideEvents()))
                .map(reply -> reply.reply() == null ? null : toCloudEvent(reply.reply()));
    }

    /**
     * The event as the gate received it: the data byte for byte (the body in binary mode, the {@code data} member as
     * it stands in a structured envelope). Null only if the gate did not run, and then {@link #toInEvent} writes
     * Funqy's tree back.
     */
    private InEvent received() {
        RoutingContext ctx = request.getCurrent();
        return ctx == null ? null : ctx.get(CloudEventGate.RECEIVED);
    }

    /**
     * The event as the dispatcher sees it. Reading Funqy's data and writing it back as bytes is pure, so whatever fails
     * here comes from the input and can never succeed: it is an {@link InvalidInputException} (a stored rejection
     * answered 200), never a 500 that the Knative broker would retry forever.
     */
    static InEvent toInEvent(CloudEvent<JsonNode> ce) {
        JsonNode data = data(ce);
        return new InEvent(ce.id(), ce.specVersion(), ce.type(), ce.source(), ce.subject(), ce.dataContentType(),
                extensions(ce), data == null ? null : bytes(data));
    }

    private static JsonNode data(CloudEvent<JsonNode> ce) {
        try {
            return ce.data();
        } catch (InvalidInputException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data",
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        } catch (RuntimeException e) {
            // Funqy reads JsonNode data only from application/json ("Don't know how to get event data" otherwise);
            // the gate answers those itself, this is the net behind it
            String type = ce.dataContentType();
            if (type == null || !type.startsWith("application/json")) {
                throw new InvalidInputException(RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype",
                        "expected application/json, was " + type);
            }
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data", String.valueOf(e.getMessage()));
        }
    }

    /**
     * Funqy's tree written back as bytes. Jackson refuses to write a BigDecimal plain beyond a scale of ±9999
     * ({@code 1e999999999}): that number is OUT_OF_RANGE at its path (smaller ones that still could not be read back
     * are found when the dispatcher parses the bytes, by {@link Json#tree}).
     */
    private static byte[] bytes(JsonNode data) {
        try {
            return Json.bytes(data);
        } catch (RuntimeException e) {
            String at = Json.outOfRangeNumber(data, "data");
            if (at != null) {
                throw new InvalidInputException(RejectReason.OUT_OF_RANGE, at, "number out of range: its plain form "
                        + "would exceed " + Json.MAX_PLAIN_NUMBER_LENGTH + " characters");
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidInputException(RejectReason.MALFORMED_JSON, "data",
                    "data cannot be written back as JSON: " + cause.getMessage());
        }
    }

    private static Map<String, String> extensions(CloudEvent<JsonNode> ce) {
        Map<String, String> extensions = new HashMap<>();
        ce.extensions().forEach((k, v) -> extensions.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return Map.copyOf(extensions);
    }

    static CloudEvent<JsonNode> toCloudEvent(Reply reply) {
        return toCloudEvent(reply.reply());
    }

    static CloudEvent<JsonNode> toCloudEvent(OutEvent out) {
        return CloudEventBuilder.create().specVersion("1.0").id(out.id()).type(out.type()).source(out.source())
                .subject(out.subject()).dataSchema(out.dataschema()).extensions(out.extensions())
                .build(Json.toTree(out.data()));
    }
}
