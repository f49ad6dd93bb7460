package dev.marketfn.connector;

import dev.marketfn.codec.OutEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Alpaca's historical news over REST, {@code GET /v1beta1/news?start=&end=&sort=asc&limit=50&include_content=true}
 * (and {@code symbols=} unless every story is wanted), paged with {@code next_page_token}; the key goes in Alpaca's
 * {@code APCA-API-KEY-ID}/{@code APCA-API-SECRET-KEY} headers. Each page's new stories are one event
 * {@code {"news": [...]}}, the page's own shape. Oldest first, so a round cut short by the page bound has sent
 * everything before what it left, and the next round goes on from there.
 */
public final class AlpacaNewsFeed implements NewsFeed {
    public static final String NAME = "alpaca-news-rest";
    public static final URI DEFAULT_URI = URI.create("https://data.alpaca.markets/v1beta1/news");
    /** Alpaca's largest page. */
    static final int PAGE = 50;
    private static final NewsReplies.Envelope ENVELOPE = NewsReplies.Envelope.field("news");
    /** One request chain for all the symbols. */
    private static final String CHAIN = "";

    private final URI endpoint;
    private final Map<String, String> headers;
    private final List<String> symbols;
    private final RestClient client;
    private final RequestBudget budget;
    private final NewsCursor cursor;
    private final int maxPages;

    /** @param symbols tickers, or {@code *} alone for every story */
    public AlpacaNewsFeed(URI endpoint, Credentials credentials, List<String> symbols, RestClient client,
            RequestBudget budget, Instant start, NewsPoller.Settings settings) {
        this.endpoint = endpoint;
        this.headers = Map.of("APCA-API-KEY-ID", credentials.key(), "APCA-API-SECRET-KEY", credentials.secret());
        this.symbols = symbols.equals(List.of("*")) ? List.of() : List.copyOf(symbols);
        this.client = client;
        this.budget = budget;
        this.cursor = new NewsCursor(start, settings.lookback(), 1);
        this.maxPages = settings.maxPages();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String provider() {
        return "alpaca";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public int poll(Instant now, Consumer<OutEvent> emit)
            throws IOException, InterruptedException, Failed, RequestBudget.Exhausted {
        Instant from = cursor.from(CHAIN);
        String token = null;
        int sent = 0;
        boolean complete = false;
        for (int page = 0; page < maxPages && !complete; page++) {
            NewsReplies.Body body = NewsReplies.get(client, budget, uri(from, now, token), headers, this, emit);
            if (body.json() == null) {
                return sent; // no page token to go on with; the next round asks again
            }
            List<NewsCursor.Story> fresh = cursor.fresh(CHAIN, NewsReplies.stories(body.json().get("news"), "id",
                    s -> NewsReplies.rfc3339(s, "created_at")));
            sent += NewsReplies.emit(this, ENVELOPE, fresh, emit);
            cursor.sent(CHAIN, fresh, now);
            token = NewsReplies.text(body.json().get("next_page_token"));
            complete = token == null;
        }
        cursor.advance(CHAIN, complete, now);
        return sent;
    }

    /** Where the next round starts. */
    Instant from() {
        return cursor.from(CHAIN);
    }

    URI uri(Instant from, Instant until, String pageToken) {
        StringBuilder q = new StringBuilder(endpoint.toString()).append(endpoint.getRawQuery() == null ? "?" : "&")
                .append("start=").append(from.truncatedTo(ChronoUnit.SECONDS))
                .append("&end=").append(until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1))
                .append("&sort=asc&limit=").append(PAGE).append("&include_content=true");
        if (!symbols.isEmpty()) {
            q.append("&symbols=").append(enc(String.join(",", symbols)));
        }
        if (pageToken != null) {
            q.append("&page_token=").append(enc(pageToken));
        }
        return URI.create(q.toString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
