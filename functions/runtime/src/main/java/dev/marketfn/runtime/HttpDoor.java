package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.smallrye.mutiny.Uni;
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

    public HttpDoor(Dispatcher dispatcher, SideEventSink sink) {
        this.dispatcher = dispatcher;
        this.sink = sink;
    }

    public Uni<CloudEvent<JsonNode>> handle(CloudEvent<JsonNode> ce) {
        InEvent event;
        try {
            event = toInEvent(ce);
        } catch (UncheckedIOException e) {
            InEvent bare = new InEvent(ce.id(), ce.specVersion(), ce.type(), ce.source(), ce.subject(),
                    ce.dataContentType(), Map.of(), null);
            return dispatcher.reject(bare, new InvalidInputException(RejectReason.MALFORMED_JSON, "data",
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage())).map(HttpDoor::toCloudEvent);
        }
        return dispatcher.dispatch(event, "http")
                .call(reply -> sink.send(reply.sideEvents()))
                .map(reply -> reply.reply() == null ? null : toCloudEvent(reply.reply()));
    }

    static InEvent toInEvent(CloudEvent<JsonNode> ce) {
        JsonNode data = ce.data();
        Map<String, String> extensions = new HashMap<>();
        ce.extensions().forEach((k, v) -> extensions.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return new InEvent(ce.id(), ce.specVersion(), ce.type(), ce.source(), ce.subject(), ce.dataContentType(),
                Map.copyOf(extensions), data == null ? null : Json.bytes(data));
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
