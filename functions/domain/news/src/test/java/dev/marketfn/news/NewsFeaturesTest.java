package dev.marketfn.news;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewsFeaturesTest {
    private static final Instant T = Instant.parse("2024-03-01T15:00:00Z");

    @Test
    void noNewsIsACountOfZeroAndAnUnknownSentiment() {
        Map<String, Double> f = NewsFeatures.at(T, List.of());
        assertThat(f).containsOnlyKeys(NewsFeatures.NAMES);
        assertThat(f.get("news_count_1h")).isZero();
        assertThat(f.get("news_sentiment_1h")).isNull();
        assertThat(f.get("news_sentiment_1d")).isNull();
    }

    @Test
    void weightsHalveEveryQuarterWindow() {
        List<NewsFeatures.Scored> stories = List.of(
                new NewsFeatures.Scored(T, 0.8),                                  // weight 1 in both windows
                new NewsFeatures.Scored(T.minus(Duration.ofMinutes(15)), -0.4),   // 0.5 in 1 h
                new NewsFeatures.Scored(T.minus(Duration.ofHours(6)), 0.2),       // outside 1 h; 0.5 in 1 d
                new NewsFeatures.Scored(T.minus(Duration.ofDays(1)), 1.0),        // outside both (window is [t-W, t) by age)
                new NewsFeatures.Scored(T.plusSeconds(1), -1.0));                 // the future: never seen
        Map<String, Double> f = NewsFeatures.at(T, stories);
        assertThat(f.get("news_count_1h")).isCloseTo(1.5, within(1e-6));
        assertThat(f.get("news_sentiment_1h")).isCloseTo((0.8 - 0.2) / 1.5, within(1e-6));
        double w15 = Math.pow(2, -15.0 / 360);
        assertThat(f.get("news_count_1d")).isCloseTo(1 + w15 + 0.5, within(1e-6));
        assertThat(f.get("news_sentiment_1d")).isCloseTo((0.8 - 0.4 * w15 + 0.1) / (1 + w15 + 0.5), within(1e-6));
    }

    @Test
    void pointInTimeReplayGivesTheValuesSeenLive() {
        List<NewsFeatures.Scored> all = List.of(new NewsFeatures.Scored(T.minusSeconds(600), 0.7),
                new NewsFeatures.Scored(T.plusSeconds(600), -0.9));
        // at T only the first story was out; a replay over every stored row must not see the later one
        assertThat(NewsFeatures.at(T, all)).isEqualTo(NewsFeatures.at(T, all.subList(0, 1)));
    }
}
