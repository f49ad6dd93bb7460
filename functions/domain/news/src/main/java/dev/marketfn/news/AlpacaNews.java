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
 * Alpaca news (Benzinga): the stream's frames ({@code wss://stream.data.alpaca.markets/v1beta1/news}, a JSON array
 * of messages; news is {@code T: "n"}, control messages {@code success}/{@code subscription}/{@code error} are
 * skipped), one message alone, or a REST page of {@code GET /v1beta1/news} ({@code {"news": [...], "next_page_token"}}).
 * {@code content} is HTML and becomes the body; {@code created_at} is the publication time.
 */
public final class AlpacaNews implements NewsParser {
    private static final Set<String> CONTROL = Set.of("success", "subscription", "error");

    @Override
    public String provider() {
        return "alpaca";
    }

    @Override
    public List<NewsRecord> parse(JsonNode data, String rawEventId, Instant ingest) {
        List<NewsRecord> out = new ArrayList<>();
        if (data != null && data.isObject() && data.has("news")) {
            JsonNode news = NewsFields.array(data.get("news"), "data.news");
            for (int i = 0; i < news.size(); i++) {
                String at = path("data.news", i);
                out.add(story(NewsFields.object(news.get(i), at), at, rawEventId, ingest));
            }
        } else if (data != null && data.isArray()) {
            NewsFields.array(data, "data");
            for (int i = 0; i < data.size(); i++) {
                String at = path("data", i);
                message(NewsFields.object(data.get(i), at), at, rawEventId, ingest, out);
            }
        } else {
            message(NewsFields.object(data, "data"), "data", rawEventId, ingest, out);
        }
        return out;
    }

    private static void message(JsonNode m, String at, String rawEventId, Instant ingest, List<NewsRecord> out) {
        String type = NewsFields.optText(m, "T", at, 32);
        if (type == null) {
            throw InvalidInputException.missing(path(at, "T"));
        }
        if (type.equals("n")) {
            out.add(story(m, at, rawEventId, ingest));
        } else if (!CONTROL.contains(type)) {
            throw new InvalidInputException(RejectReason.UNSUPPORTED_MESSAGE, path(at, "T"),
                    "'" + type + "' is not an Alpaca news message (n)");
        }
    }

    private static NewsRecord story(JsonNode m, String at, String rawEventId, Instant ingest) {
        Instant published = NewsFields.time(m, "created_at", at, ingest);
        return StoryBuilder.build("alpaca", NewsFields.id(m, "id", at),
                NewsFields.text(m, "headline", at, NewsFields.MAX_HEADLINE),
                NewsFields.optText(m, "summary", at, NewsFields.MAX_SUMMARY),
                NewsFields.optText(m, "content", at, NewsFields.MAX_BODY),
                NewsFields.url(m, "url", at),
                NewsFields.optText(m, "source", at, NewsFields.MAX_NAME),
                NewsFields.optText(m, "author", at, NewsFields.MAX_NAME),
                published, NewsFields.optTime(m, "updated_at", at, ingest),
                NewsFields.tickers(m, "symbols", at, false), List.of(), rawEventId, at);
    }
}
