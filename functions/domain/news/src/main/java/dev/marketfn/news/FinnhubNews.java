package dev.marketfn.news;

import static dev.marketfn.news.NewsFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finnhub {@code GET /company-news} and {@code GET /news} (market news): a JSON array of
 * {@code {category, datetime, headline, id, image, related, source, summary, url}}, {@code datetime} in Unix seconds,
 * {@code related} the tickers as comma-separated text (empty for market news). One object alone is read as a page of one.
 */
public final class FinnhubNews implements NewsParser {
    @Override
    public String provider() {
        return "finnhub";
    }

    @Override
    public List<NewsRecord> parse(JsonNode data, String rawEventId, Instant ingest) {
        List<NewsRecord> out = new ArrayList<>();
        if (data != null && data.isArray()) {
            NewsFields.array(data, "data");
            for (int i = 0; i < data.size(); i++) {
                String at = path("data", i);
                out.add(story(NewsFields.object(data.get(i), at), at, rawEventId, ingest));
            }
        } else {
            out.add(story(NewsFields.object(data, "data"), "data", rawEventId, ingest));
        }
        return out;
    }

    private static NewsRecord story(JsonNode m, String at, String rawEventId, Instant ingest) {
        return StoryBuilder.build("finnhub", NewsFields.id(m, "id", at),
                NewsFields.text(m, "headline", at, NewsFields.MAX_HEADLINE),
                NewsFields.optText(m, "summary", at, NewsFields.MAX_SUMMARY),
                null,
                NewsFields.url(m, "url", at),
                NewsFields.optText(m, "source", at, NewsFields.MAX_NAME),
                null,
                NewsFields.epochSeconds(m, "datetime", at, ingest), null,
                NewsFields.tickers(m, "related", at, true), List.of(), rawEventId, at);
    }
}
