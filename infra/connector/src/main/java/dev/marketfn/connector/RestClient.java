package dev.marketfn.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * GETs of a provider's REST API for the pollers: a 429 waits its {@code Retry-After} (or the backoff when it has none),
 * a 5xx or no connection is retried with the backoff, up to {@code attempts} tries; another 4xx is the request's
 * fault and is returned as it is. URLs are logged through {@link #redact}, so a key in the query string never is.
 */
public final class RestClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RestClient.class.getName());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final Backoff backoff;
    private final int attempts;
    private long retries;

    /** A reply: its status and body bytes. */
    public record Reply(int status, byte[] body) {
    }

    public RestClient(Backoff backoff, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
        this.backoff = backoff;
        this.attempts = attempts;
    }

    /** The last reply (2xx or 4xx other than 429); an IOException when every attempt failed. */
    public Reply get(URI uri) throws IOException, InterruptedException {
        return get(uri, Map.of());
    }

    /** As {@link #get(URI)} with request headers (Alpaca's key headers); their values are never logged. */
    public Reply get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                .header("Accept", "application/json");
        headers.forEach(b::header);
        HttpRequest request = b.build();
        backoff.reset();
        String why = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Duration wait;
            try {
                HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                int status = r.statusCode();
                if (status / 100 == 2 || (status / 100 == 4 && status != 429)) {
                    return new Reply(status, r.body());
                }
                wait = status == 429 ? HttpEventSink.retryAfter(r).orElse(backoff.next()) : backoff.next();
                why = "HTTP " + status;
            } catch (IOException e) {
                wait = backoff.next();
                why = e.toString();
            }
            if (attempt == attempts) {
                break;
            }
            retries++;
            LOG.log(System.Logger.Level.WARNING, redact(uri) + ": " + why + "; retrying in " + wait.toMillis() + " ms");
            Thread.sleep(wait);
        }
        throw new IOException(redact(uri) + " failed " + attempts + " times, last: " + why);
    }

    /** A rate-limit reply in a 200 body (Alpha Vantage's Note): waited out like a 429, counted as a retry. */
    void waitOut(Duration d) throws InterruptedException {
        retries++;
        Thread.sleep(d);
    }

    /** Requests sent again after a 429, 5xx or failed connection. */
    public long retries() {
        return retries;
    }

    /** The URI without the values of its key parameters ({@code apikey}, {@code apiKey}, {@code token}). */
    public static String redact(URI uri) {
        return uri.toString().replaceAll("(?i)([?&](apikey|token)=)[^&]*", "$1…");
    }

    @Override
    public void close() {
        http.close();
    }
}
