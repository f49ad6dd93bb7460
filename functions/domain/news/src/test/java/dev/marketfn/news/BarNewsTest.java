package dev.marketfn.news;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BarNewsTest {
    private static final Instant START = Instant.parse("2024-03-01T14:59:00Z"); // a 1m bar ending 15:00

    private static IndicatorComputed bar(String symbol, String interval, Instant ts) {
        BigDecimal p = BigDecimal.TEN;
        Map<String, Double> indicators = new HashMap<>();
        indicators.put("rsi_14", 40.0);
        return new IndicatorComputed("alpaca", symbol, interval, ts, new BarValues(p, p, p, p, p, p, 1), indicators);
    }

    private static NewsFeatures.Scored story(Instant published, double score) {
        return new NewsFeatures.Scored(published, score);
    }

    @Test
    void featuresAreTakenAtTheBarsEndAndCountOnlyNewsPublishedByThen() {
        Instant end = START.plusSeconds(60);
        BarNews news = new BarNews(Map.of("AAPL", List.of(
                story(end.minus(Duration.ofDays(2)), -1.0),       // older than a day: no weight
                story(end.minus(Duration.ofMinutes(15)), 0.4),    // half weight in the hour
                story(START.plusSeconds(30), 0.8),                // inside the bar: counts, almost weight 1
                story(end, 0.6),                                  // at the end: counts, weight 1
                story(end.plusNanos(1000), -0.9))));              // after the bar closed: never seen
        Map<String, Double> f = news.features(bar("AAPL", "1m", START));
        double w30 = Math.pow(2, -30.0 / 900);
        double weights = 0.5 + w30 + 1;
        assertThat(f.get("news_count_1h")).isCloseTo(weights, within(1e-6));
        assertThat(f.get("news_sentiment_1h")).isCloseTo((0.2 + 0.8 * w30 + 0.6) / weights, within(1e-6));
        assertThat(f.get("news_count_1d")).isGreaterThan(2.9).isLessThan(3);
        assertThat(f.get("news_sentiment_1d")).isPositive();
    }

    @Test
    void aSymbolWithoutNewsHasCountZeroAndNoSentiment() {
        BarNews news = new BarNews(Map.of("AAPL", List.of(story(START, 0.9))));
        IndicatorComputed msft = news.withFeatures(bar("MSFT", "1m", START));
        assertThat(msft.indicators()).containsEntry("news_count_1h", 0.0).containsEntry("news_count_1d", 0.0)
                .containsEntry("news_sentiment_1h", null).containsEntry("news_sentiment_1d", null)
                .containsEntry("rsi_14", 40.0);
    }

    @Test
    void aDailyBarEndsAtItsExchangesNextMidnight() {
        // 2024-03-10 is the US spring DST change: that trading date lasts 23 hours
        Instant nyMidnight = Instant.parse("2024-03-10T05:00:00Z");
        assertThat(BarNews.end(bar("AAPL", "1d", nyMidnight))).isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
        assertThat(BarNews.end(bar("BTC-USD", "1d", Instant.parse("2024-03-10T00:00:00Z"))))
                .isEqualTo(Instant.parse("2024-03-11T00:00:00Z"));
        // a story in the hour after that 23-hour day is not news of the bar
        BarNews news = new BarNews(Map.of("AAPL", List.of(story(Instant.parse("2024-03-11T04:30:00Z"), 0.9))));
        assertThat(news.features(bar("AAPL", "1d", nyMidnight)).get("news_count_1d")).isZero();
    }

    @Test
    void theSpanOfARunReachesADayBeforeItsFirstEnd() {
        BarNews.Span span = BarNews.span(List.of(bar("AAPL", "1m", START.plusSeconds(120)), bar("MSFT", "5m", START)));
        assertThat(span.from()).isEqualTo(START.plusSeconds(180).minus(Duration.ofDays(1)));
        assertThat(span.to()).isEqualTo(START.plusSeconds(300));
    }
}
