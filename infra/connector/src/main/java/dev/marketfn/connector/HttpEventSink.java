package dev.marketfn.connector;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.codec.SinkToken;
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
 * until it is accepted or the connector stops; so is a 401 or 403, which is about the connector's token, not the
 * event (the token file may not have been rotated yet, or the EventPolicy not yet applied). Another 4xx is the
 * event's fault and is logged and dropped, since sending it again would fail again. Every attempt carries the OIDC
 * token the SinkBinding projects ({@link SinkToken}), read at that attempt, so a rotated token is used at once.
 * Blocking: a slow broker slows the reads from the provider socket instead of filling memory.
 */
public final class HttpEventSink implements EventSink {
    private static final System.Logger LOG = System.getLogger(HttpEventSink.class.getName());
    private final URI sink;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Backoff backoff;
    private final BooleanSupplier running;
    private final SinkToken token;

    public HttpEventSink(URI sink, Backoff backoff, BooleanSupplier running, SinkToken token) {
        this.sink = sink;
        this.backoff = backoff;
        this.running = running;
        this.token = token;
    }

    @Override
    public synchronized void send(OutEvent event) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sink).timeout(Duration.ofSeconds(30));
        byte[] body = CloudEventCodec.toHttp(event, b::header);
        b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        backoff.reset();
        while (true) {
            Duration wait;
            try {
                HttpResponse<String> r = http.send(withToken(b), HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                if (status != 429 && status != 401 && status != 403 && status / 100 == 4) {
                    LOG.log(System.Logger.Level.ERROR, "sink refused event " + event.id() + ": HTTP " + status + " " + r.body());
                    return;
                }
                wait = retryAfter(r).orElse(backoff.next());
                LOG.log(System.Logger.Level.WARNING, "sink answered HTTP " + status + " to event " + event.id()
                        + "; retrying in " + wait.toMillis() + " ms");
            } catch (IOException e) {
                wait = backoff.next();
                LOG.log(System.Logger.Level.WARNING, "post to sink " + sink + " failed (" + e + "); retrying in "
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

    /** The request as of now: with the token the file holds now, or without one when there is none. */
    private HttpRequest withToken(HttpRequest.Builder event) throws IOException {
        HttpRequest.Builder b = event.copy();
        token.authorization().ifPresent(a -> b.header("Authorization", a));
        return b.build();
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
