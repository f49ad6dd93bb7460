package dev.marketfn.news;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.contracts.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data of {@code dev.marketfn.news.alert.v1}: a strong-sentiment story naming a symbol. The fields are those of a
 * quality alert ({@code dev.marketfn.quality.alert.v1}), so an alerting sink reads both alike; {@code event_id} is
 * the story's {@code news_id}.
 */
public record NewsAlert(
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("alert_type") String alertType,
        @JsonProperty("severity") String severity,
        @JsonProperty("provider") String provider,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("ts") Instant ts,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("detail") String detail,
        @JsonProperty("values") Map<String, Object> values) {

    public static final String NEWS_SIGNIFICANT = "NEWS_SIGNIFICANT";
    /** |score| at or above which a story is significant for the symbol (one strong word alone, ±5, gives 0.79). */
    public static final double DEFAULT_THRESHOLD = 0.6;

    /** The alerts of one story: one per named symbol whose |score| reaches the threshold. */
    public static List<NewsAlert> of(NewsRecord story, List<SymbolScores.Score> scores, double threshold) {
        List<NewsAlert> out = new ArrayList<>();
        for (SymbolScores.Score s : scores) {
            if (s.symbol().equals(SymbolScores.STORY) || Math.abs(s.score()) < threshold) {
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("score", s.score());
            values.put("model", Sentiment.MODEL);
            values.put("model_version", Sentiment.VERSION);
            values.put("headline", story.headline());
            if (story.url() != null) {
                values.put("url", story.url());
            }
            out.add(new NewsAlert(EventIds.derive(story.newsId() + "|" + s.symbol(), "alert:" + NEWS_SIGNIFICANT),
                    NEWS_SIGNIFICANT, Math.abs(s.score()) >= 0.85 ? "HIGH" : "MEDIUM", story.provider(), s.symbol(),
                    story.publishedTs(), story.newsId(),
                    (s.score() > 0 ? "strongly positive" : "strongly negative") + " story names " + s.symbol(),
                    values));
        }
        return out;
    }
}
