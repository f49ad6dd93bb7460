package dev.marketfn.news;

import static dev.marketfn.news.NewsFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Polygon (Massive) {@code GET /v2/reference/news}: {@code {"results": [...], "status", "count", "next_url"}}, each
 * result {@code {id, publisher{name}, title, author, published_utc, article_url, tickers[], description, keywords,
 * insights[{ticker, sentiment, sentiment_reasoning}]}}. One result object alone is read as a page of one. The
 * insights are the provider's own labels, kept verbatim on the record (docs/news.md); marketfn's score is its own.
 */
public final class PolygonNews implements NewsParser {
    private static final Set<String> LABELS = Set.of("positive", "negative", "neutral");

    @Override
    public String provider() {
        return "polygon";
    }

    @Override
    public List<NewsRecord> parse(JsonNode data, String rawEventId, Instant ingest) {
        List<NewsRecord> out = new ArrayList<>();
        if (data != null && data.isObject() && data.has("results")) {
            JsonNode results = NewsFields.array(data.get("results"), "data.results");
            for (int i = 0; i < results.size(); i++) {
                String at = path("data.results", i);
                out.add(story(NewsFields.object(results.get(i), at), at, rawEventId, ingest));
            }
        } else {
            out.add(story(NewsFields.object(data, "data"), "data", rawEventId, ingest));
        }
        return out;
    }

    private static NewsRecord story(JsonNode m, String at, String rawEventId, Instant ingest) {
        String source = null;
        if (m.hasNonNull("publisher")) {
            source = NewsFields.optText(NewsFields.object(m.get("publisher"), path(at, "publisher")), "name",
                    path(at, "publisher"), NewsFields.MAX_NAME);
        }
        return StoryBuilder.build("polygon", NewsFields.id(m, "id", at),
                NewsFields.text(m, "title", at, NewsFields.MAX_HEADLINE),
                NewsFields.optText(m, "description", at, NewsFields.MAX_SUMMARY),
                null,
                NewsFields.url(m, "article_url", at),
                source,
                NewsFields.optText(m, "author", at, NewsFields.MAX_NAME),
                NewsFields.time(m, "published_utc", at, ingest), null,
                NewsFields.tickers(m, "tickers", at, false), insights(m, at), rawEventId, at);
    }

    private static List<NewsRecord.Insight> insights(JsonNode m, String at) {
        List<NewsRecord.Insight> out = new ArrayList<>();
        if (!m.hasNonNull("insights")) {
            return out;
        }
        JsonNode list = NewsFields.array(m.get("insights"), path(at, "insights"));
        for (int i = 0; i < list.size(); i++) {
            String p = path(path(at, "insights"), i);
            JsonNode in = NewsFields.object(list.get(i), p);
            String label = NewsFields.text(in, "sentiment", p, 32);
            if (!LABELS.contains(label)) {
                throw new InvalidInputException(RejectReason.INVALID_VALUE, path(p, "sentiment"),
                        "'" + label + "' is not one of " + LABELS);
            }
            out.add(new NewsRecord.Insight(NewsFields.text(in, "ticker", p, 32), label,
                    NewsFields.optText(in, "sentiment_reasoning", p, NewsFields.MAX_SUMMARY)));
        }
        return out;
    }
}
