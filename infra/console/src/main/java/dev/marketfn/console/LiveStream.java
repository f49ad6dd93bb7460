package dev.marketfn.console;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/live}: the live messages as Server-Sent Events ({@code event: <kind>}, {@code data: <json>}),
 * optionally only of some symbols ({@code ?symbols=A,B}) and kinds ({@code ?kinds=signal,alert}). A comment line every
 * {@code marketfn.console.heartbeat} keeps proxies from closing an idle stream. A browser that reads slower than the
 * messages come loses messages (counted in {@link #dropped}) rather than holding the feed up: the history endpoints
 * give what it missed.
 */
@ApplicationScoped
public class LiveStream {
    private final LiveHub hub;
    private final Vertx vertx;
    private final long heartbeatMs;
    final AtomicLong dropped = new AtomicLong();

    public LiveStream(LiveHub hub, Vertx vertx,
            @ConfigProperty(name = "marketfn.console.heartbeat", defaultValue = "15s") java.time.Duration heartbeat) {
        this.hub = hub;
        this.vertx = vertx;
        this.heartbeatMs = heartbeat.toMillis();
    }

    void routes(@Observes Router router) {
        router.get("/api/live").handler(ctx -> {
            Set<String> symbols = csv(ctx.request().getParam("symbols"));
            Set<String> kinds = csv(ctx.request().getParam("kinds"));
            HttpServerResponse resp = ctx.response().setChunked(true).putHeader("content-type", "text/event-stream")
                    .putHeader("cache-control", "no-store").putHeader("x-accel-buffering", "no");
            Context context = vertx.getOrCreateContext();
            // the first bytes tell the client the stream is open (and EventSource to retry after 2 s)
            resp.write("retry: 2000\n: open\n\n");
            Runnable unsubscribe = hub.subscribe(new LiveHub.Client(symbols, kinds, m -> {
                if (resp.writeQueueFull()) {
                    dropped.incrementAndGet();
                } else {
                    context.runOnContext(v -> {
                        if (!resp.closed()) {
                            resp.write("event: " + m.kind() + "\ndata: " + m.json() + "\n\n");
                        }
                    });
                }
            }));
            long timer = vertx.setPeriodic(heartbeatMs, id -> resp.write(": heartbeat\n\n"));
            resp.closeHandler(v -> {
                unsubscribe.run();
                vertx.cancelTimer(timer);
            });
        });
    }

    private static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
