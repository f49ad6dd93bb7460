package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alpha Vantage over REST: {@code TIME_SERIES_INTRADAY} one calendar month per request ({@code month=YYYY-MM},
 * {@code outputsize=full}, extended hours) and {@code TIME_SERIES_DAILY} ({@code outputsize=full}) in one request.
 * A reply's body becomes one raw event verbatim (normalize's {@code AlphaVantageAdapter} reads it as it is), with the
 * connectors' id rule ({@link RawEvents}): the same reply fetched again is the same event id, so a re-run changes no
 * row. A {@code Note} or {@code Information} reply is Alpha Vantage's rate limit, not data: it is waited out and the
 * request sent again (never forwarded); an {@code Error Message} reply fails the chunk; a body that is not JSON is
 * forwarded alone, as the connectors forward a malformed frame, so normalize rejects it and keeps its bytes.
 */
public final class AlphaVantagePoller {
    public static final String NAME = "alphavantage";
    public static final String DEFAULT_ENDPOINT_TEXT = "https://www.alphavantage.co/query";
    public static final URI DEFAULT_ENDPOINT = URI.create(DEFAULT_ENDPOINT_TEXT);
    /** Alpha Vantage's intervals that normalize has a canonical interval for. */
    public static final Map<String, String> INTERVALS = Map.of("1m", "1min", "5m", "5min", "1h", "60min", "1d", "daily");
    private static final ZoneId EXCHANGE = ZoneId.of("US/Eastern");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request of a backfill: a symbol and, intraday, the month it covers (null for the daily series). */
    public record Chunk(String symbol, YearMonth month) {
        @Override
        public String toString() {
            return symbol + (month == null ? " daily" : " " + month);
        }
    }

    /** What a chunk gave: the raw event to send (null when none), and whether its body was malformed. */
    public record Result(Chunk chunk, OutEvent event, boolean malformed) {
    }

    /** A reply that is no data for this chunk (an Error Message, a 4xx, rate-limited past the retries). */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private final URI endpoint;
    private final String apiKey;
    private final String interval;
    private final RestClient client;
    private final RequestBudget budget;
    private final Duration rateLimitWait;
    private final int rateLimitRetries;
    private long rateLimited;

    /**
     * @param interval canonical: 1m, 5m, 1h or 1d
     * @param rateLimitWait how long a {@code Note}/{@code Information} reply is waited out (their limit is per minute)
     */
    public AlphaVantagePoller(URI endpoint, Credentials key, String interval, RestClient client, RequestBudget budget,
            Duration rateLimitWait, int rateLimitRetries) {
        if (!INTERVALS.containsKey(interval)) {
            throw new IllegalArgumentException("alphavantage --interval must be one of 1m, 5m, 1h, 1d, not " + interval);
        }
        this.endpoint = endpoint;
        this.apiKey = key.key();
        this.interval = interval;
        this.client = client;
        this.budget = budget;
        this.rateLimitWait = rateLimitWait;
        this.rateLimitRetries = rateLimitRetries;
    }

    /** The requests covering [from, until): per symbol one per month intraday (in the exchange's time zone), or one daily. */
    public List<Chunk> chunks(List<String> symbols, Instant from, Instant until) {
        List<Chunk> chunks = new ArrayList<>();
        for (String s : symbols) {
            if (interval.equals("1d")) {
                chunks.add(new Chunk(s, null));
                continue;
            }
            YearMonth last = YearMonth.from(until.minusNanos(1).atZone(EXCHANGE));
            for (YearMonth m = YearMonth.from(from.atZone(EXCHANGE)); !m.isAfter(last); m = m.plusMonths(1)) {
                chunks.add(new Chunk(s, m));
            }
        }
        return chunks;
    }

    public Result fetch(Chunk chunk) throws IOException, InterruptedException, Failed, RequestBudget.Exhausted {
        URI uri = uri(chunk);
        for (int attempt = 0; ; attempt++) {
            budget.acquire();
            RestClient.Reply r = client.get(uri);
            if (r.status() / 100 != 2) {
                throw new Failed(chunk + ": HTTP " + r.status() + " from " + RestClient.redact(uri));
            }
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                return new Result(chunk, RawEvents.verbatim(EventTypes.RAW, NAME, key(chunk), r.body()), true);
            }
            JsonNode limit = body.hasNonNull("Note") ? body.get("Note") : body.get("Information");
            if (limit != null) {
                rateLimited++;
                if (attempt >= rateLimitRetries) {
                    throw new Failed(chunk + ": still rate-limited after " + attempt + " waits: " + limit.asText());
                }
                client.waitOut(rateLimitWait);
                continue;
            }
            if (body.hasNonNull("Error Message")) {
                throw new Failed(chunk + ": " + body.get("Error Message").asText());
            }
            return new Result(chunk, RawEvents.verbatim(EventTypes.RAW, NAME, key(chunk), r.body()), false);
        }
    }

    /** Rate-limit replies ({@code Note}/{@code Information}) seen. */
    public long rateLimited() {
        return rateLimited;
    }

    private static String key(Chunk chunk) {
        return NAME + "|" + chunk.symbol();
    }

    URI uri(Chunk chunk) {
        StringBuilder q = new StringBuilder(endpoint.toString()).append(endpoint.getRawQuery() == null ? "?" : "&");
        if (chunk.month() == null) {
            q.append("function=TIME_SERIES_DAILY");
        } else {
            q.append("function=TIME_SERIES_INTRADAY&interval=").append(INTERVALS.get(interval))
                    .append("&month=").append(chunk.month()).append("&extended_hours=true");
        }
        q.append("&symbol=").append(URLEncoder.encode(chunk.symbol(), StandardCharsets.UTF_8))
                .append("&outputsize=full&datatype=json&apikey=").append(URLEncoder.encode(apiKey, StandardCharsets.UTF_8));
        return URI.create(q.toString());
    }
}
