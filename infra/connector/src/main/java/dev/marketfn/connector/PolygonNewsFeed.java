package dev.marketfn.connector;

import dev.marketfn.codec.OutEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Polygon's (Massive's) reference news, {@code GET /v2/reference/news?ticker=&published_utc.gte=&order=asc
 * &sort=published_utc&limit=1000&apiKey=}, one chain per ticker ({@code *}: every ticker, no filter), paged by
 * {@code next_url}. The page links carry the query but not the key, which is added again, and only to a link on the
 * endpoint's own origin: a link elsewhere would hand the key to another host. Each page's new stories are one event
 * {@code {"results": [...]}}, the reply's shape.
 */
public final class PolygonNewsFeed implements NewsFeed {
    public static final String NAME = "polygon-news";
    public static final URI DEFAULT_URI = URI.create("https://api.polygon.io/v2/reference/news");
    static final int PAGE = 1000;
    private static final NewsReplies.Envelope ENVELOPE = NewsReplies.Envelope.field("results");

    private final URI endpoint;
    private final String apiKey;
    private final RestClient client;
    private final RequestBudget budget;
    private final int maxPages;
    /** The tickers ({@code *} for all), each a chain of requests. */
    private final List<String> tickers;
    private final NewsCursor cursor;

    public PolygonNewsFeed(URI endpoint, Credentials key, List<String> tickers, RestClient client, RequestBudget budget,
            Instant start, NewsPoller.Settings settings) {
        this.endpoint = endpoint;
        this.apiKey = key.key();
        this.client = client;
        this.budget = budget;
        this.maxPages = settings.maxPages();
        this.tickers = tickers.contains("*") ? List.of("*") : List.copyOf(tickers);
        this.cursor = new NewsCursor(start, settings.lookback(), this.tickers.size());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String provider() {
        return "polygon";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public int poll(Instant now, Consumer<OutEvent> emit)
            throws IOException, InterruptedException, Failed, RequestBudget.Exhausted {
        return NewsFeed.eachChain(tickers, chain -> poll(chain, now, emit));
    }

    private int poll(String ticker, Instant now, Consumer<OutEvent> emit)
            throws IOException, InterruptedException, Failed, RequestBudget.Exhausted {
        URI uri = first(ticker, cursor.from(ticker));
        int sent = 0;
        for (int page = 0; page < maxPages && uri != null; page++) {
            NewsReplies.Body body = NewsReplies.get(client, budget, uri, Map.of(), this, emit);
            if (body.json() == null) {
                return sent;
            }
            List<NewsCursor.Story> fresh = cursor.fresh(ticker, NewsReplies.stories(body.json().get("results"), "id",
                    s -> NewsReplies.rfc3339(s, "published_utc")));
            sent += NewsReplies.emit(this, ENVELOPE, fresh, emit);
            cursor.sent(ticker, fresh, now);
            String next = NewsReplies.text(body.json().get("next_url"));
            uri = next == null ? null : next(URI.create(next));
        }
        cursor.advance(ticker, uri == null, now);
        return sent;
    }

    /** Where the ticker's next round starts. */
    Instant from(String ticker) {
        return cursor.from(ticker);
    }

    URI first(String ticker, Instant from) {
        StringBuilder q = new StringBuilder(endpoint.toString()).append(endpoint.getRawQuery() == null ? "?" : "&");
        if (!ticker.equals("*")) {
            q.append("ticker=").append(AlpacaNewsFeed.enc(ticker)).append('&');
        }
        q.append("published_utc.gte=").append(from.truncatedTo(ChronoUnit.SECONDS))
                .append("&order=asc&sort=published_utc&limit=").append(PAGE)
                .append("&apiKey=").append(AlpacaNewsFeed.enc(apiKey));
        return URI.create(q.toString());
    }

    URI next(URI link) throws Failed {
        if (!origin(link).equals(origin(endpoint))) {
            throw new Failed(NAME + ": next_url on another origin, not followed: " + RestClient.redact(link));
        }
        String s = link.toString();
        return URI.create(s + (link.getRawQuery() == null ? "?" : "&") + "apiKey=" + AlpacaNewsFeed.enc(apiKey));
    }

    private static String origin(URI u) {
        int port = u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return (u.getScheme() + "://" + u.getHost() + ":" + port).toLowerCase(java.util.Locale.ROOT);
    }
}
