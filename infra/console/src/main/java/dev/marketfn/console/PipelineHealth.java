package dev.marketfn.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/pipeline}: per function, from its own {@code /q/metrics} (docs/contract/observability.md): events
 * handled ({@code stream_events_ingested_total}) and their rate since the previous read, the Kafka door's lag
 * ({@code stream_consumer_lag_ms}, the largest), the mean store write time ({@code store_write_duration_seconds}) and
 * {@code errors_total}. The functions are named by {@code marketfn.console.metrics} ({@code name=url,…}); one that
 * does not answer is listed with {@code up=false}.
 */
@ApplicationScoped
public class PipelineHealth {
    /** One function's figures; null members are metrics it does not serve (yet). */
    public record Stage(String function, boolean up, Double events, Double eventsPerSecond, Double lagMs,
            Double storeWriteMeanMs, Double storeWrites, Double errors) {
    }

    private record Reading(long nanos, double events) {
    }

    private final Map<String, URI> targets = new LinkedHashMap<>();
    private final Map<String, Reading> last = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Vertx vertx;

    public PipelineHealth(Vertx vertx, @ConfigProperty(name = "marketfn.console.metrics") java.util.Optional<String> spec) {
        this.vertx = vertx;
        spec.ifPresent(s -> targets.putAll(targets(s)));
    }

    /** {@code normalize=http://127.0.0.1:8081/q/metrics,…}; blank entries are skipped. */
    static Map<String, URI> targets(String spec) {
        Map<String, URI> out = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                out.put(entry.substring(0, eq).trim(), URI.create(entry.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    void routes(@Observes Router router) {
        router.get("/api/pipeline").handler(ctx -> vertx.<List<Stage>>executeBlocking(this::read, false)
                .onSuccess(stages -> HistoryApi.json(ctx, 200, "application/json", RowsJson.write(stages)))
                .onFailure(ctx::fail));
    }

    List<Stage> read() {
        List<Stage> out = new ArrayList<>();
        for (Map.Entry<String, URI> t : targets.entrySet()) {
            out.add(read(t.getKey(), t.getValue()));
        }
        return out;
    }

    private Stage read(String function, URI uri) {
        String text;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return new Stage(function, false, null, null, null, null, null, null);
            }
            text = r.body();
        } catch (java.io.IOException e) {
            return new Stage(function, false, null, null, null, null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stage(function, false, null, null, null, null, null, null);
        }
        return stage(function, PromText.parse(text), System.nanoTime());
    }

    /** The figures of one scrape taken at {@code nanos}; the rate needs the previous scrape of the function. */
    Stage stage(String function, PromText m, long nanos) {
        Double events = m.sum("stream_events_ingested_total");
        Double rate = null;
        if (events != null) {
            Reading before = last.put(function, new Reading(nanos, events));
            if (before != null && nanos > before.nanos()) {
                rate = Math.max(0, events - before.events()) / ((nanos - before.nanos()) / 1e9);
            }
        }
        Double writes = m.sum("store_write_duration_seconds_count");
        Double seconds = m.sum("store_write_duration_seconds_sum");
        Double mean = writes != null && writes > 0 && seconds != null ? seconds / writes * 1000 : null;
        return new Stage(function, true, events, rate, m.max("stream_consumer_lag_ms"), mean, writes,
                m.sum("errors_total"));
    }
}
