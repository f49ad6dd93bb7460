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
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stands in front of Funqy on {@code /}. Funqy answers 500 for a structured event with broken JSON, for data it cannot
 * read as JSON (a binary-mode Content-Type other than {@code application/json}, an empty body, {@code data_base64}, a
 * missing {@code data}), 404 for an unknown type and 406 for a plain request; the Knative broker retries a 500
 * forever. SPEC §6 wants a stored {@code rejected.v1} reply (2xx) for bad CloudEvents and a 4xx problem body for
 * requests that are not CloudEvents. Well-formed events for known types with JSON data pass through.
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
    /** The only data content type Funqy reads into a JSON tree (it compares with startsWith, case-sensitively). */
    static final String JSON = "application/json";
    private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "type", "source", "subject", "time",
            "dataschema", "datacontenttype", "data", "data_base64");

    /** Routing-context key of an event that passed the gate, with its data as received (see {@link HttpDoor}). */
    static final String RECEIVED = "marketfn.received-event";

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
        // A binary CloudEvent missing its id is still a CloudEvent (answered with a stored rejection naming the id);
        // a request with no CloudEvent attribute at all is not one (a 4xx problem).
        boolean binary = req.headers().contains("ce-id")
                || !sink && (req.headers().contains("ce-specversion") || req.headers().contains("ce-type"));
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
        InEvent event;
        InvalidInputException problem;
        if (binary) {
            event = fromBinary(req, body);
            problem = sink ? null : binaryProblem(event, body);
        } else {
            Structured s = fromStructured(body);
            event = s.event();
            problem = sink ? sinkProblem(s) : structuredProblem(s);
        }
        if (problem == null) {
            // Funqy reads the data into a tree; the door takes the event as received from here, so raw_events keeps
            // the provider's bytes verbatim, and a binary text/json body is read like application/json (Funqy reads
            // data only under the latter name, case-sensitively)
            ctx.put(RECEIVED, event);
            if (binary && event.dataContentType() != null && !event.dataContentType().startsWith(JSON)) {
                req.headers().set("Content-Type", JSON);
            }
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

    private InvalidInputException typeProblem(InEvent event) {
        if (event.type() == null || event.type().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "type", "CloudEvent attribute type is required");
        }
        if (!dispatcher.acceptedTypes().contains(event.type())) {
            return new InvalidInputException(RejectReason.UNKNOWN_TYPE, "type", "'" + event.type() + "' is not handled by "
                    + dispatcher.functionName() + "; accepted: " + dispatcher.acceptedTypes());
        }
        return null;
    }

    /**
     * Binary mode: Funqy reads the body as JSON only when Content-Type starts with {@code application/json} (exactly,
     * as Funqy compares it), and fails with a 500 on any other content type, on a missing one, and on an empty body.
     * {@code text/json} is accepted too, as on the Kafka door: {@link #inspect} renames it for Funqy.
     */
    private InvalidInputException binaryProblem(InEvent event, byte[] body) {
        if (event.id() == null || event.id().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "id", "CloudEvent attribute id is required");
        }
        InvalidInputException problem = typeProblem(event);
        if (problem != null) {
            return problem;
        }
        String contentType = event.dataContentType();
        if (contentType != null && !CloudEventCodec.isJson(contentType)) {
            return unsupported(contentType);
        }
        if (body.length == 0) {
            return new InvalidInputException(RejectReason.MISSING_FIELD, "data",
                    "the event has no data (empty body); " + event.type() + " carries JSON data");
        }
        // on the bytes received, which are also the bytes stored
        if (body.length > Dispatcher.MAX_DATA_BYTES) {
            return new InvalidInputException(RejectReason.TOO_LARGE, "data",
                    body.length + " bytes exceeds " + Dispatcher.MAX_DATA_BYTES);
        }
        if (contentType == null) {
            return unsupported(null);
        }
        try {
            Json.tree(body);
        } catch (InvalidInputException e) {
            return e;
        }
        return null;
    }

    /**
     * Structured mode: Funqy reads {@code data} only when {@code datacontenttype} is absent or starts with
     * {@code application/json}, never {@code data_base64} into a JSON tree, and fails with a 500 on a missing
     * {@code data}.
     */
    private InvalidInputException structuredProblem(Structured s) {
        if (s.envelope() == null) {
            return notAnObject(s);
        }
        InvalidInputException problem = typeProblem(s.event());
        if (problem != null) {
            return problem;
        }
        if (s.outOfRange() != null) {
            return s.outOfRange();
        }
        JsonNode envelope = s.envelope();
        if (!envelope.has("data") && envelope.has("data_base64")) {
            JsonNode encoded = envelope.get("data_base64");
            try {
                if (!encoded.isTextual()) {
                    throw new IllegalArgumentException("expected a string, got " + encoded.getNodeType());
                }
                Base64.getDecoder().decode(encoded.textValue());
            } catch (IllegalArgumentException e) {
                return new InvalidInputException(RejectReason.MALFORMED_JSON, "data_base64", "not base64: " + e.getMessage());
            }
            return new InvalidInputException(RejectReason.UNSUPPORTED_CONTENT_TYPE, "data_base64",
                    "binary data (data_base64) is not accepted; send the JSON value as data with datacontenttype "
                            + JSON);
        }
        String contentType = s.event().dataContentType();
        if (contentType != null && !contentType.startsWith(JSON)) {
            return unsupported(contentType);
        }
        if (!envelope.has("data")) {
            return new InvalidInputException(RejectReason.MISSING_FIELD, "data",
                    "the event has no data; " + s.event().type() + " carries JSON data");
        }
        return null;
    }

    /** Sink mode: only what Funqy cannot bind (it needs a JSON object with type and specversion in structured mode). */
    private static InvalidInputException sinkProblem(Structured s) {
        if (s.envelope() == null) {
            return notAnObject(s);
        }
        if (s.outOfRange() != null) {
            // the dead-letter function parses the envelope again, with the range check: it must not fail there
            return s.outOfRange();
        }
        InEvent event = s.event();
        if (event.type() == null || event.type().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "type", "CloudEvent attribute type is required");
        }
        if (event.specVersion() == null || event.specVersion().isBlank()) {
            return new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "specversion",
                    "CloudEvent attribute specversion is required");
        }
        return null;
    }

    private static InvalidInputException notAnObject(Structured s) {
        return new InvalidInputException(RejectReason.MALFORMED_JSON, "body", "structured CloudEvent is not a JSON object"
                + (s.parseError() == null ? "" : ": " + s.parseError().detail()));
    }

    private static InvalidInputException unsupported(String contentType) {
        return new InvalidInputException(RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype",
                contentType == null ? "no content type; expected " + JSON
                        : "expected " + JSON + ", was " + contentType);
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

    /**
     * A structured body: the event, and the parsed envelope (null when the body is not a JSON object, with the parse
     * error if it did not parse), and an OUT_OF_RANGE problem for a number that could not be written back.
     */
    private record Structured(InEvent event, JsonNode envelope, InvalidInputException parseError,
            InvalidInputException outOfRange) {
    }

    private static Structured fromStructured(byte[] body) {
        JsonNode node;
        InvalidInputException outOfRange = null;
        try {
            node = Json.tree(body, "");
        } catch (InvalidInputException e) {
            if (!RejectReason.OUT_OF_RANGE.equals(e.reason())) {
                return new Structured(new InEvent(null, null, null, null, null, null, Map.of(), body), null, e, null);
            }
            // a number such as 1e999999999, which Json.bytes could not write plain: read the attributes without it
            outOfRange = e;
            try {
                node = Json.lenientTree(body);
            } catch (InvalidInputException malformed) {
                return new Structured(new InEvent(null, null, null, null, null, null, Map.of(), body), null, malformed,
                        null);
            }
        }
        if (!node.isObject()) {
            return new Structured(new InEvent(null, null, null, null, null, null, Map.of(), body), null, null, null);
        }
        Map<String, String> ext = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (!ATTRIBUTES.contains(f.getKey()) && f.getValue().isValueNode()) {
                ext.put(f.getKey(), f.getValue().asText());
            }
        }
        JsonNode data = node.get("data");
        InEvent event = new InEvent(text(node, "id"), text(node, "specversion"), text(node, "type"), text(node, "source"),
                text(node, "subject"), text(node, "datacontenttype"), Map.copyOf(ext),
                data == null || outOfRange != null ? body : structuredData(body, data));
        return new Structured(event, node, null, outOfRange);
    }

    /** The data member as it stands in the envelope; re-serialized only if it cannot be found there. */
    private static byte[] structuredData(byte[] body, JsonNode data) {
        byte[] verbatim = Json.rawMember(body, "data");
        return verbatim != null ? verbatim : Json.bytes(data);
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
