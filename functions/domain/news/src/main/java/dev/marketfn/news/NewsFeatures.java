package dev.marketfn.news;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-symbol rolling news features at a time {@code t}, from the scores of stories published at or before {@code t}
 * (so the same stored rows give the same values live and in a replay: point in time by publication time).
 * <p>
 * For each window W (1 h, 1 d) a story published {@code a} before {@code t}, {@code 0 ≤ a < W}, weighs
 * {@code 2^(−a / H)} with half-life H = W / 4 (15 min, 6 h). {@code news_count_W} is the sum of the weights (a
 * time-decayed count: a story just out counts 1, one a half-life old 0.5), {@code news_sentiment_W} the weighted mean
 * score, or null when the window holds no story (a rule on it is then unknown and does not fire).
 */
public final class NewsFeatures {
    public static final Duration HOUR = Duration.ofHours(1);
    public static final Duration DAY = Duration.ofDays(1);
    /** The names alpha-call rules may use (docs/rules.md). */
    public static final List<String> NAMES = List.of("news_count_1h", "news_sentiment_1h", "news_count_1d", "news_sentiment_1d");

    private NewsFeatures() {
    }

    /** One scored story of a symbol. */
    public record Scored(Instant published, double score) {
    }

    public static Map<String, Double> at(Instant t, List<Scored> stories) {
        Map<String, Double> out = new LinkedHashMap<>();
        window(t, stories, HOUR, "1h", out);
        window(t, stories, DAY, "1d", out);
        return out;
    }

    private static void window(Instant t, List<Scored> stories, Duration w, String name, Map<String, Double> out) {
        double halfLife = w.toNanos() / 4.0;
        double weights = 0;
        double weighted = 0;
        for (Scored s : stories) {
            long age = Duration.between(s.published(), t).toNanos();
            if (age < 0 || age >= w.toNanos()) {
                continue;
            }
            double weight = Math.pow(2, -age / halfLife);
            weights += weight;
            weighted += weight * s.score();
        }
        out.put("news_count_" + name, SymbolScores.round(weights));
        out.put("news_sentiment_" + name, weights == 0 ? null : SymbolScores.round(weighted / weights));
    }
}
