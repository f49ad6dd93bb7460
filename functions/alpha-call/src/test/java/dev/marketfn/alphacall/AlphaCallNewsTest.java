package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.news.NewsFeatures;
import dev.marketfn.news.Sentiment;
import dev.marketfn.rules.Identifiers;
import dev.marketfn.runtime.testing.MarketfnInfra;
import dev.marketfn.store.NewsRepository;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules on news features (docs/news.md): the scores stored by the news function make {@code news_sentiment_1h > 0.5}
 * fire for the symbol with good news and not for the one whose good news came after the bar closed; a symbol with no
 * news sees a count of 0.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
@TestProfile(AlphaCallNewsTest.NewsRules.class)
class AlphaCallNewsTest {

    /** A fixed path: the profile is loaded by JUnit and again by Quarkus' class loader (see RulesReloadTest). */
    public static class NewsRules implements QuarkusTestProfile {
        static final Path FILE = Path.of("target", "alpha-call-news-test", "rules.yaml").toAbsolutePath();

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, """
                        rules:
                          - name: good_news
                            condition: "news_sentiment_1h > 0.5"
                            signal: 1
                            score: 1
                          - name: no_news_today
                            condition: "news_count_1d == 0"
                            signal: -1
                            score: 0.5
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("marketfn.rules.file", FILE.toString());
        }
    }

    private static final Instant BAR = Instant.parse("2024-03-04T15:00:00Z"); // a 1m bar: it ends at 15:01

    @Inject
    NewsRepository news;

    @Test
    void theRuleNamesAreTheNewsDomainsFeatures() {
        assertThat(Identifiers.NEWS).containsExactlyElementsOf(NewsFeatures.NAMES);
    }

    @Test
    void storedNewsFiresTheRuleForOneSymbolAndNotAnother() {
        store("nws-a-1", "NWSA", BAR.minus(Duration.ofMinutes(10)), 0.8);
        store("nws-b-1", "NWSB", BAR.minus(Duration.ofMinutes(30)), -0.6);
        // published after NWSB's bar closed: a replay must not see it either
        store("nws-b-2", "NWSB", BAR.plusSeconds(90), 0.9);

        JsonNode a = Events.call("news-a", Events.record("NWSA", "2024-03-04T15:00:00.000000Z", 50.0, 0.1, 0.2));
        assertThat(rulesFired(a)).containsExactly("good_news");
        JsonNode values = a.get("rationale").get(0).get("values");
        assertThat(values.get("news_sentiment_1h").asDouble()).isEqualTo(0.8);

        JsonNode b = Events.call("news-b", Events.record("NWSB", "2024-03-04T15:00:00.000000Z", 50.0, 0.1, 0.2));
        assertThat(rulesFired(b)).isEmpty();

        JsonNode c = Events.call("news-c", Events.record("NWSC", "2024-03-04T15:00:00.000000Z", 50.0, 0.1, 0.2));
        assertThat(rulesFired(c)).containsExactly("no_news_today");
    }

    private static List<String> rulesFired(JsonNode call) {
        return Events.rules(call).stream().filter(r -> !r.startsWith("model:")).toList();
    }

    /** A story naming {@code symbol}, stored with its score as the news function stores it. */
    private void store(String id, String symbol, Instant published, double score) {
        String raw = "raw-" + id;
        NewsRepository.Story story = new NewsRepository.Story(id, "hash-" + id, "alpaca", id, "Headline " + id,
                null, null, null, "test", null, published, null, List.of(symbol), "[]", raw);
        NewsRepository.Score scored = new NewsRepository.Score(id, symbol, Sentiment.MODEL, Sentiment.VERSION, score,
                published, raw);
        news.store(List.of(story), List.of(scored), raw).await().atMost(Duration.ofSeconds(30));
    }
}
