package dev.marketfn.console;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code POST /}: the console as a signal sink for Knative Triggers (alpha calls, indicators, alerts, rejections).
 * The event is decoded by the codec and pushed to the browsers; nothing is stored (the functions stored it already),
 * and the answer is 202 without an event, so the broker sends nothing on. A request that is not a CloudEvent, or one
 * the codec's envelope checks refuse, is a 400 the broker does not retry.
 */
@ApplicationScoped
public class EventSink {
    /** Data over 1 MiB is no event the functions emit (docs/architecture.md, Errors). */
    private static final long MAX_BODY = 1 << 20;
    private final LiveHub hub;

    public EventSink(LiveHub hub) {
        this.hub = hub;
    }

    void routes(@Observes Router router) {
        router.post("/").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(ctx -> {
            byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            Decoded event = CloudEventCodec.fromHttp(each -> ctx.request().headers().forEach(each), body);
            if (!event.isCloudEvent() || event.problem() != null) {
                String detail = event.problem() == null ? "not a CloudEvent (binary or structured mode)"
                        : event.problem().reason() + " " + event.problem().field();
                HistoryApi.json(ctx, 400, "application/problem+json",
                        RowsJson.problem(400, "not accepted", null, detail));
                return;
            }
            // refused or not, an event is decoded to answer; its data is read only when some browser takes it
            if (LiveMessages.wanted(hub, event.type(), event.attribute("symbol"))) {
                hub.publish(LiveMessages.of(event));
            }
            ctx.response().setStatusCode(202).end();
        });
    }
}
