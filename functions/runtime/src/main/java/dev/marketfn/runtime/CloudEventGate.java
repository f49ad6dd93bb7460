package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.Envelope;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stands in front of Funqy on {@code /} and answers what Funqy cannot: Funqy fails with a 500 (which the Knative
 * broker retries) on a structured event without {@code specversion} or with broken JSON, on data it cannot read as
 * JSON, and on {@code data_base64}; with 404 on an unknown type, 406 on a media type in another case, and Vert.x with
 * an empty 413 on a large body. The gate reads every request once with {@link CloudEventCodec}, runs the dispatcher's
 * admission checks, and answers a CloudEvent that can never be handled with a stored {@code rejected.v1} reply (200)
 * and a request that is not a CloudEvent with a 4xx problem body (docs/contract/errors.md). A well-formed event goes
 * on to Funqy in a form Funqy reads, and {@link HttpDoor} takes the decoded event from the routing context.
 * <p>
 * With {@code marketfn.gate.sink=true} (the dead-letter service) every CloudEvent passes through whatever its type,
 * attributes or data, because a sink stores what it gets; only what Funqy cannot bind (a structured body that is not
 * a JSON object, or has no type or specversion) is stored here as a rejection, and answered 204 without a reply
 * event: a sink must not emit events back into the broker.
 */
@ApplicationScoped
public class CloudEventGate {
    /** The largest accepted data and room for a structured envelope around it; a larger body is refused unread. */
    static final int BODY_LIMIT = Envelope.MAX_DATA_BYTES + (64 << 10);
    /** What an oversized request keeps of its body for the stored rejection. */
    static final int KEPT_PREFIX = 64 << 10;

    /** Routing-context key of the event read from the request (see {@link HttpDoor}). */
    static final String RECEIVED = "marketfn.received-event";
    /** Routing-context key of the whole decoded request, for a sink that stores every attribute. */
    public static final String DECODED = "marketfn.decoded-request";

    private final Dispatcher dispatcher;
    private final boolean sink;

    public CloudEventGate(Dispatcher dispatcher,
            @ConfigProperty(name = "marketfn.gate.sink", defaultValue = "false") boolean sink) {
        this.dispatcher = dispatcher;
        this.sink = sink;
    }

    void install(@Observes Router router) {
        router.route("/").order(-19).handler(this::inspect).failureHandler(this::tooLargeToBuffer);
    }

    /**
     * Quarkus buffers bodies up to {@code quarkus.http.limits.max-body-size} and fails a larger one with an empty
     * 413. A CloudEvent that large is still answered with a stored rejection (read from its headers; its size from
     * Content-Length), so the broker does not retry it.
     */
    private void tooLargeToBuffer(RoutingContext ctx) {
        if (ctx.statusCode() != 413 || ctx.response().ended()) {
            ctx.next();
            return;
        }
        long size;
        try {
            size = Long.parseLong(ctx.request().getHeader("Content-Length"));
        } catch (NumberFormatException chunkedOrBogus) {
            size = -2;
        }
        answer(ctx, CloudEventCodec.fromHttp(ctx.request().headers()::forEach, new byte[0]), new byte[0], size);
    }

    private void inspect(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (body.length > BODY_LIMIT) {
            answer(ctx, CloudEventCodec.fromHttp(ctx.request().headers()::forEach, new byte[0]),
                    Arrays.copyOf(body, KEPT_PREFIX), body.length);
        } else {
            answer(ctx, CloudEventCodec.fromHttp(ctx.request().headers()::forEach, body), body, -1);
        }
    }

    /**
     * Answers what Funqy cannot, or passes the request on. {@code oversize} is the size of a body too large to read
     * (-1 when the body was read whole, -2 when its size is unknown); {@code body} is then its first bytes, kept with
     * the rejection.
     */
    private void answer(RoutingContext ctx, Decoded decoded, byte[] body, long oversize) {
        HttpServerRequest req = ctx.request();
        boolean oversized = oversize != -1;
        if (decoded.mode() == Decoded.Mode.NONE || decoded.mode() == Decoded.Mode.BATCH) {
            boolean batch = decoded.mode() == Decoded.Mode.BATCH;
            problem(ctx, batch ? 415 : oversized ? 413 : 400, batch ? "Batch mode not supported" : "Not a CloudEvent",
                    batch ? "POST one CloudEvent per request, in binary or structured mode"
                            : "POST a CloudEvent in binary mode (ce-* headers) or structured mode "
                                    + "(application/cloudevents+json)");
            return;
        }
        if (!"POST".equals(req.method().name())) {
            problem(ctx, 405, "Method not allowed", "CloudEvents are delivered with POST");
            return;
        }
        InEvent event = decoded.event("");
        InvalidInputException problem;
        if (oversized) {
            event = withData(event, body);
            problem = new InvalidInputException(RejectReason.TOO_LARGE,
                    decoded.mode() == Decoded.Mode.BINARY ? "data" : "body",
                    (oversize < 0 ? "the body" : oversize + " bytes") + " exceeds " + BODY_LIMIT
                            + " (the rejection keeps the first " + body.length + ")");
        } else {
            problem = sink ? sinkProblem(event) : funqyProblem(event);
        }
        if (problem != null) {
            boolean binary = decoded.mode() == Decoded.Mode.BINARY;
            dispatcher.refuse(event, problem, "http").subscribe().with(
                    reply -> {
                        if (sink) {
                            ctx.response().setStatusCode(204).end();
                        } else {
                            respond(ctx.response(), reply.reply(), binary);
                        }
                    },
                    failure -> {
                        if (!ctx.response().ended()) {
                            ctx.response().setStatusCode(503).end();
                        }
                    });
            return;
        }
        ctx.put(RECEIVED, event);
        ctx.put(DECODED, decoded);
        if (decoded.mode() == Decoded.Mode.BINARY) {
            if (Envelope.isJson(event.dataContentType())) {
                // Funqy reads JSON data only under exactly this name; the event keeps the content type it came with
                req.headers().set("Content-Type", CloudEventCodec.JSON);
            }
        } else if (!funqyReadsStructured(req, decoded, body)) {
            asBinary(ctx, decoded);
        }
        ctx.next();
    }

    /**
     * The dispatcher's admission checks (the one place for them), and what Funqy itself needs besides: data it can
     * parse as JSON in binary mode, where a failed parse would be Funqy's 500.
     */
    private InvalidInputException funqyProblem(InEvent event) {
        InvalidInputException problem = dispatcher.admissionProblem(event);
        if (problem != null) {
            return problem;
        }
        try {
            Json.tree(event.data()); // on the bytes received, which are also the bytes stored
            return null;
        } catch (InvalidInputException e) {
            return e;
        }
    }

    /** Sink mode: only what the sink cannot bind (an envelope that did not parse, or no type or specversion). */
    private static InvalidInputException sinkProblem(InEvent event) {
        InvalidInputException problem = event.problem();
        if (problem == null) {
            return null;
        }
        boolean unbindable = "body".equals(problem.field()) || RejectReason.OUT_OF_RANGE.equals(problem.reason())
                || RejectReason.MISSING_ATTRIBUTE.equals(problem.reason())
                && ("type".equals(problem.field()) || "specversion".equals(problem.field()));
        return unbindable ? problem : null;
    }

    /**
     * Funqy reads a structured body only as {@code application/cloudevents+json} spelled in lower case, with its data
     * as a JSON {@code data} member (not {@code data_base64}) whose datacontenttype starts with
     * {@code application/json}.
     */
    private static boolean funqyReadsStructured(HttpServerRequest req, Decoded decoded, byte[] body) {
        String contentType = req.getHeader("Content-Type");
        String dct = decoded.attribute("datacontenttype");
        return contentType != null && contentType.startsWith(CloudEventCodec.STRUCTURED_JSON)
                && dct != null && dct.startsWith(CloudEventCodec.JSON) && Json.hasMember(body, "data");
    }

    /** Hands Funqy the decoded event in binary mode: it is answered in binary mode too. */
    private static void asBinary(RoutingContext ctx, Decoded decoded) {
        var headers = ctx.request().headers();
        decoded.attributes().forEach((name, value) -> {
            if (!name.equals("datacontenttype")) {
                headers.set("ce-" + name, value);
            }
        });
        String contentType = decoded.attribute("datacontenttype");
        headers.set("Content-Type", contentType == null || Envelope.isJson(contentType) ? CloudEventCodec.JSON : contentType);
        ctx.setBody(decoded.data() == null ? Buffer.buffer() : Buffer.buffer(decoded.data()));
    }

    private static InEvent withData(InEvent e, byte[] data) {
        return new InEvent(e.id(), e.specVersion(), e.type(), e.source(), e.subject(), e.dataContentType(),
                e.extensions(), data, e.lane(), e.problem());
    }

    private static void respond(HttpServerResponse resp, OutEvent out, boolean binary) {
        resp.setStatusCode(200);
        if (binary) {
            byte[] data = CloudEventCodec.toHttp(out, resp::putHeader);
            resp.end(Buffer.buffer(data));
        } else {
            resp.putHeader("Content-Type", CloudEventCodec.STRUCTURED_JSON);
            resp.end(Buffer.buffer(CloudEventCodec.toStructured(out)));
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
