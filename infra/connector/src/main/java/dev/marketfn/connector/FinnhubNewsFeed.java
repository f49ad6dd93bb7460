package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.codec.OutEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finnhub's news over REST: company news per symbol, {@code GET /company-news?symbol=&from=&to=&token=} (dates, no
 * paging: the whole range in one array), and, for the symbol {@code *}, market news
 * {@code GET /news?category=general&minId=&token=} (the stories after the largest id already sent). Each reply's new
 * stories are one event, a bare array as Finnhub sends it. Company news is asked from the day before the cursor's
 * floor (Finnhub's dates are not said to be UTC) to today; the floor and the ids sent decide what is new.
 */
public final class FinnhubNewsFeed implements NewsFeed {
    public static final String NAME = "finnhub-news";
    public static final URI DEFAULT_URI = URI.create("https://finnhub.io/api/v1");
    /** The symbol standing for Finnhub's market news (category general). */
    public static final String MARKET = "*";

    private final URI base;
    private final String token;
    private final RestClient client;
    private final RequestBudget budget;
    private final List<String> symbols;
    private final NewsCursor cursor;
    private long minId;

    public FinnhubNewsFeed(URI base, Credentials key, List<String> symbols, RestClient client, RequestBudget budget,
            Instant start, NewsPoller.Settings settings) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = key.key();
        this.client = client;
        this.budget = budget;
        this.symbols = List.copyOf(new java.util.LinkedHashSet<>(symbols));
        this.cursor = new NewsCursor(start, settings.lookback(), this.symbols.size());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String provider() {
        return "finnhub";
    }

    @Override
    public URI endpoint() {
        return base;
    }

    @Override
    public int poll(Instant now, Consumer<OutEvent> emit)
            throws IOException, InterruptedException, Failed, RequestBudget.Exhausted {
        return NewsFeed.eachChain(symbols, chain -> poll(chain, now, emit));
    }

    private int poll(String symbol, Instant now, Consumer<OutEvent> emit)
            throws IOException, InterruptedException, Failed, RequestBudget.Exhausted {
        boolean market = symbol.equals(MARKET);
        URI uri = market ? market(minId) : company(symbol, cursor.from(symbol), now);
        NewsReplies.Body body = NewsReplies.get(client, budget, uri, Map.of(), this, emit);
        if (body.json() == null) {
            return 0;
        }
        if (!body.json().isArray()) {
            throw new Failed(NAME + " " + symbol + ": the reply is not an array: " + abbreviate(body.json()));
        }
        List<NewsCursor.Story> fresh = cursor.fresh(symbol, NewsReplies.stories(body.json(), "id", FinnhubNewsFeed::datetime));
        int sent = NewsReplies.emit(this, NewsReplies.Envelope.ARRAY, fresh, emit);
        cursor.sent(symbol, fresh, now);
        if (market) {
            for (NewsCursor.Story s : fresh) {
                JsonNode id = s.node().get("id");
                if (id != null && id.canConvertToLong()) {
                    minId = Math.max(minId, id.asLong());
                }
            }
        }
        cursor.advance(symbol, true, now);
        return sent;
    }

    /** Where the symbol's next round starts. */
    Instant from(String symbol) {
        return cursor.from(symbol);
    }

    URI company(String symbol, Instant from, Instant now) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
        LocalDate last = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return URI.create(base + "/company-news?symbol=" + AlpacaNewsFeed.enc(symbol) + "&from=" + first + "&to=" + last
                + "&token=" + AlpacaNewsFeed.enc(token));
    }

    URI market(long after) {
        return URI.create(base + "/news?category=general&minId=" + after + "&token=" + AlpacaNewsFeed.enc(token));
    }

    /** Unix seconds. */
    private static Instant datetime(JsonNode story) {
        JsonNode t = story.get("datetime");
        return t != null && t.canConvertToLong() && t.isIntegralNumber() ? Instant.ofEpochSecond(t.asLong()) : null;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
