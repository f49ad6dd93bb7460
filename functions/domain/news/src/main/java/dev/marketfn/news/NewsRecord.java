package dev.marketfn.news;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * The canonical news record (docs/news.md): one story as one provider published it, text already plain (HTML
 * stripped), times in UTC at microsecond precision, symbols canonical and known to the instrument table.
 *
 * @param newsId         {@code EventIds.derive("news|" + contentHash, "news")}: the same story from two providers
 *                       has one id, so it is stored once
 * @param contentHash    {@link ContentHash#of}: SHA-256 of the normalized headline and the UTC day of publication
 * @param providerNewsId the provider's own id of the story (Benzinga's article id on Alpaca, Finnhub's, Polygon's)
 * @param symbols        canonical symbols the instrument table knows, in the provider's order; empty when none resolve
 * @param insights       per-ticker sentiment the provider itself publishes (Polygon), verbatim labels; empty otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewsRecord(
        @JsonProperty("news_id") String newsId,
        @JsonProperty("content_hash") String contentHash,
        @JsonProperty("provider") String provider,
        @JsonProperty("provider_news_id") String providerNewsId,
        @JsonProperty("headline") String headline,
        @JsonProperty("summary") String summary,
        @JsonProperty("body") String body,
        @JsonProperty("url") String url,
        @JsonProperty("source") String source,
        @JsonProperty("author") String author,
        @JsonProperty("published_ts") Instant publishedTs,
        @JsonProperty("updated_ts") Instant updatedTs,
        @JsonProperty("symbols") List<String> symbols,
        @JsonProperty("insights") List<Insight> insights,
        @JsonProperty("raw_event_id") String rawEventId) {

    public NewsRecord {
        symbols = symbols == null ? List.of() : List.copyOf(symbols);
        insights = insights == null ? List.of() : List.copyOf(insights);
    }

    /** A provider's own per-ticker label (Polygon {@code insights[]}): {@code positive}, {@code negative}, {@code neutral}. */
    public record Insight(@JsonProperty("ticker") String ticker, @JsonProperty("sentiment") String sentiment,
            @JsonProperty("reasoning") String reasoning) {
    }

    /** The same story with its symbols resolved through the instrument table. */
    public NewsRecord withSymbols(List<String> resolved) {
        return new NewsRecord(newsId, contentHash, provider, providerNewsId, headline, summary, body, url, source,
                author, publishedTs, updatedTs, resolved, insights, rawEventId);
    }

    /** The text the sentiment model reads: headline and summary (the body repeats the summary at length). */
    public String scoredText() {
        return summary == null || summary.isEmpty() ? headline : headline + ". " + summary;
    }
}
