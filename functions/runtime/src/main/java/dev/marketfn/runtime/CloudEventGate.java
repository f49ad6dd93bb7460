package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stands in front of Funqy on {@code /}. Funqy answers 500 for a structured event with broken JSON, 404 for an unknown
 * type and 406 for a plain request; SPEC §6 wants a stored {@code rejected.v1} reply (2xx) for bad CloudEvents and
 * a 4xx problem body for requests that are not CloudEvents. Well-formed events for known types pass through.
 * <p>
 * With {@code marketfn.gate.sink=true} (the dead-letter service) every CloudEvent passes through whatever its type or
 * data, because a sink stores what it gets; only an envelope Funqy cannot bind (a structured body that is not a JSON
 * object, or has no type or specversion) is stored here as a rejection, and answered 204 without a reply event: a sink
 * must not emit events back into the broker.
 */
@ApplicationScoped
public class CloudEventGate {
    /** Bodies above this are refused outright (413) instead of buffered. */
    static final long BODY_LIMIT = 10L << 20;

    private final Dispatcher dispatcher;
    private final boolean sink;

    public CloudEventGate(Dispatcher dispatcher,
            @ConfigProperty(name = "marketfn.gate.sink", defaultValue = "false") boolean sink) {
        this.dispatcher = dispatcher;
        this.sink = sink;
    }

    void install(@Observes Router router) {
        router.route("/").order(-20).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route("/").order(-19).handler(this::inspect);
    }

    private void inspect(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String contentType = req.getHeader("Content-Type") == null ? "" : req.getHeader("Content-Type").toLowerCase(Locale.ROOT);
        boolean binary = req.headers().contains("ce-id");
        boolean structured = contentType.startsWith("application/cloudevents+json");
        if (!binary && !structured) {
            problem(ctx, contentType.startsWith("application/cloudevents-batch") ? 415 : 400,
                    "Not a CloudEvent",
                    "POST a CloudEvent in binary mode (ce-* headers) or structured mode (application/cloudevents+json)");
            return;
        }
        if (!"POST".equals(req.method().name())) {
            problem(ctx, 405, "Method not allowed", "CloudEvents are delivered with POST");
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        InEvent event = binary ? fromBinary(req, body) : fromStructured(body);
        InvalidInputException problem = sink ? sinkProblem(event, structured, body)
                : envelopeProblem(event, binary ? body : null, structured && event.id() == null && !parsesAsObject(body));
        if (problem == null) {
            ctx.next();
            return;
        }
        dispatcher.reject(event, problem).subscribe().with(
                reply -> {
                    if (sink) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        respond(ctx, reply.reply(), binary);
                    }
                },
                failure -> ctx.fail(503, failure));
    }

    private InvalidInputException envelopeProblem(InEvent event, byte[] binaryBody, boolean unparsable) {
        if (unparsable) {
            return new InvalidInputException(RejectReason.MALFORMED_JSON, "body", "structured CloudEvent is not a JSON object");
        }
        if (event.type() == null || event.type().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "type", "CloudEvent attribute type is required");
        }
        if (!dispatcher.acceptedTypes().contains(event.type())) {
            return new InvalidInputException(RejectReason.UNKNOWN_TYPE, "type", "'" + event.type() + "' is not handled by "
                    + dispatcher.functionName() + "; accepted: " + dispatcher.acceptedTypes());
        }
        if (binaryBody != null && binaryBody.length > 0 && (event.dataContentType() == null
                || event.dataContentType().startsWith("application/json"))) {
            try {
                Json.tree(binaryBody);
            } catch (InvalidInputException e) {
                return e;
            }
        }
        return null;
    }

    /** Sink mode: only what Funqy cannot bind (it needs a JSON object with type and specversion in structured mode). */
    private static InvalidInputException sinkProblem(InEvent event, boolean structured, byte[] body) {
        if (!structured) {
            return null;
        }
        if (!parsesAsObject(body)) {
            return new InvalidInputException(RejectReason.MALFORMED_JSON, "body", "structured CloudEvent is not a JSON object");
        }
        if (event.type() == null || event.type().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "type", "CloudEvent attribute type is required");
        }
        if (event.specVersion() == null || event.specVersion().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "specversion",
                    "CloudEvent attribute specversion is required");
        }
        return null;
    }

    private static boolean parsesAsObject(byte[] body) {
        try {
            return Json.tree(body).isObject();
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static InEvent fromBinary(HttpServerRequest req, byte[] body) {
        Map<String, String> ext = new HashMap<>();
        req.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("ce-")) {
                ext.put(name.substring(3), h.getValue());
            }
        });
        String specVersion = ext.remove("specversion");
        String id = ext.remove("id");
        String type = ext.remove("type");
        String source = ext.remove("source");
        String subject = ext.remove("subject");
        ext.remove("time");
        ext.remove("dataschema");
        return new InEvent(id, specVersion, type, source, subject, req.getHeader("Content-Type"), Map.copyOf(ext), body);
    }

    private static InEvent fromStructured(byte[] body) {
        JsonNode node;
        try {
            node = Json.tree(body);
        } catch (InvalidInputException e) {
            return new InEvent(null, null, null, null, null, null, Map.of(), body);
        }
        if (!node.isObject()) {
            return new InEvent(null, null, null, null, null, null, Map.of(), body);
        }
        Map<String, String> ext = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!Map.of("specversion", 1, "id", 1, "type", 1, "source", 1, "subject", 1, "time", 1, "dataschema", 1,
                    "datacontenttype", 1, "data", 1, "data_base64", 1).containsKey(f.getKey()) && f.getValue().isValueNode()) {
                ext.put(f.getKey(), f.getValue().asText());
            }
        }
        JsonNode data = node.get("data");
        return new InEvent(text(node, "id"), text(node, "specversion"), text(node, "type"), text(node, "source"),
                text(node, "subject"), text(node, "datacontenttype"), Map.copyOf(ext),
                data == null ? body : Json.bytes(data));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void respond(RoutingContext ctx, OutEvent out, boolean binary) {
        var resp = ctx.response().setStatusCode(200);
        Map<String, String> attrs = CloudEventCodec.attributes(out);
        if (binary) {
            attrs.forEach((k, v) -> resp.putHeader("ce-" + k, v));
            resp.putHeader("Content-Type", "application/json");
            resp.end(Buffer.buffer(CloudEventCodec.data(out)));
        } else {
            ObjectNode node = Json.MAPPER.createObjectNode();
            attrs.forEach(node::put);
            node.put("datacontenttype", "application/json");
            node.set("data", Json.toTree(out.data()));
            resp.putHeader("Content-Type", "application/cloudevents+json");
            resp.end(Buffer.buffer(Json.bytes(node)));
        }
    }

    private static void problem(RoutingContext ctx, int status, String title, String detail) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(Buffer.buffer(Json.bytes(body)));
    }
}
