package dev.marketfn.connector;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.OutEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The cluster: each event POSTed in HTTP binary mode to {@code K_SINK} (the broker, injected by a SinkBinding). A
 * refused send is retried — no connection, a 5xx, a 429 (after its {@code Retry-After} when given) — with backoff
 * until it is accepted or the connector stops; another 4xx is the event's fault and is logged and dropped, since
 * sending it again would fail again. Blocking: a slow broker slows the reads from the provider socket instead of
 * filling memory.
 */
public final class HttpEventSink implements EventSink {
    private static final System.Logger LOG = System.getLogger(HttpEventSink.class.getName());
    private final URI sink;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Backoff backoff;
    private final BooleanSupplier running;

    public HttpEventSink(URI sink, Backoff backoff, BooleanSupplier running) {
        this.sink = sink;
        this.backoff = backoff;
        this.running = running;
    }

    @Override
    public synchronized void send(OutEvent event) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sink).timeout(Duration.ofSeconds(30));
        byte[] body = CloudEventCodec.toHttp(event, b::header);
        HttpRequest request = b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        backoff.reset();
        while (true) {
            Duration wait;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                if (status != 429 && status / 100 == 4) {
                    LOG.log(System.Logger.Level.ERROR, "sink refused event " + event.id() + ": HTTP " + status + " " + r.body());
                    return;
                }
                wait = retryAfter(r).orElse(backoff.next());
                LOG.log(System.Logger.Level.WARNING, "sink answered HTTP " + status + " to event " + event.id()
                        + "; retrying in " + wait.toMillis() + " ms");
            } catch (IOException e) {
                wait = backoff.next();
                LOG.log(System.Logger.Level.WARNING, "sink " + sink + " unreachable (" + e + "); retrying in "
                        + wait.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!running.getAsBoolean() || !Sleep.sleep(wait)) {
                LOG.log(System.Logger.Level.ERROR, "stopping: event " + event.id() + " was not delivered");
                return;
            }
        }
    }

    /** A Retry-After of delta-seconds (the form brokers and proxies send); an HTTP-date is ignored. */
    static Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("retry-after").map(String::strip).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)));
    }

    @Override
    public void flush() {
        // every send returned after its reply
    }

    @Override
    public String describe() {
        return "http " + sink;
    }

    @Override
    public void close() {
        http.close();
    }
}
