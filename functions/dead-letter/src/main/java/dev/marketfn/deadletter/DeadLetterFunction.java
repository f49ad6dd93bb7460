package dev.marketfn.deadletter;

import dev.marketfn.codec.Decoded;
import dev.marketfn.runtime.CloudEventGate;
import dev.marketfn.runtime.EventMdc;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;

/**
 * The Knative door of dead-letter: the broker's deadLetterSink and the subscriber of the audit Trigger.
 * <p>
 * Funqy, not a Vert.x route, because Funqy takes every event here: with one exported function
 * ({@code quarkus.funqy.export}) the knative-events binding uses it as the default invoker and never looks at the
 * ce-type (VertxRequestHandler#processCloudEvent: {@code defaultInvoker != null} skips the type-trigger lookup; the
 * Funqy Knative Events guide: "if there is only one Funqy function in the application ... the event is pushed to that
 * function irregardless of the Cloud Event type"), and a {@code CloudEvent<byte[]>} parameter is bound without JSON
 * parsing: in binary mode its data is the HTTP body verbatim whatever the content type (HeaderCloudEventImpl#data).
 * A {@code Uni<Void>} result is answered 204 with no reply event, and a failed Uni 5xx. What Funqy cannot bind
 * (a structured body that is not a JSON object with type and specversion) never gets here: the runtime's
 * CloudEventGate, in sink mode, stores it and answers 204; a request that is no CloudEvent gets its 4xx problem body.
 * <p>
 * The attributes are those the codec read in the gate (dev.marketfn.codec), not Funqy's accessors, which
 * re-format {@code time} and do not say which content mode the event came in.
 */
public class DeadLetterFunction {
    @Inject
    DeadLetterHandlers handlers;
    @Inject
    RoutingContext request;

    @Funq
    public Uni<Void> deadLetter(CloudEvent<byte[]> event) {
        // Funqy's binding only routes the request here; the gate read the event, with its attributes as received
        Decoded received = request.get(CloudEventGate.DECODED);
        return EventMdc.around(received.event(""), 1, () -> handlers.receive(DeadLetter.of(received)));
    }
}
