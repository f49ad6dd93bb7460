package dev.marketfn.news;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentTest {
    private final Sentiment model = Sentiment.standard();

    @Test
    void theShippedLexiconLoads() {
        assertThat(Lexicon.afinnFinancial().size()).isEqualTo(3555);
    }

    @Test
    void directionAndRange() {
        assertThat(model.score("Shares surge after record revenue and an upgrade")).isGreaterThan(0.5).isLessThan(1);
        assertThat(model.score("Company files for bankruptcy amid fraud lawsuit")).isLessThan(-0.5).isGreaterThan(-1);
        assertThat(model.score("Company to hold annual meeting on Tuesday")).isZero();
        assertThat(model.score("")).isZero();
        assertThat(model.score(null)).isZero();
        // one mild word: 1 / sqrt(1 + 15)
        assertThat(model.score("revenue rises")).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void inflectionsFallBackToTheirBase() {
        assertThat(model.score("Intersil beats")).isEqualTo(model.score("Intersil beat"));
    }

    @Test
    void negationFlipsTheNextWordsOfItsClauseOnly() {
        double good = model.score("the results were good");
        assertThat(good).isPositive();
        double flipped = -0.75 * 3; // "good" is +3 in AFINN
        assertThat(model.score("the results were not good")).isCloseTo(flipped / Math.sqrt(flipped * flipped + 15), within(1e-9));
        assertThat(model.score("the results weren't good")).isNegative();
        // a clause ends at a comma; beyond three tokens the negation is spent
        assertThat(model.score("no, the results were good")).isCloseTo(good, within(1e-9));
        assertThat(model.score("not that the results were good")).isCloseTo(good, within(1e-9));
    }

    @Test
    void aSymbolScoresTheSentencesThatNameIt() {
        NewsRecord story = new NewsRecord("id", "h", "alpaca", "1", "Chip makers report",
                "AAA posts record profit and strong growth. BBB warns of losses after a lawsuit.", null, null, null, null,
                Fixtures.NOW, null, List.of("AAA", "BBB", "CCC"), List.of(), "r");
        List<SymbolScores.Score> scores = SymbolScores.of(story, model);
        assertThat(scores).extracting(SymbolScores.Score::symbol).containsExactly("AAA", "BBB", "CCC");
        assertThat(scores.get(0).score()).isPositive();
        assertThat(scores.get(1).score()).isNegative();
        assertThat(scores.get(2).score()).isEqualTo(SymbolScores.round(model.score(story.scoredText())));
        NewsRecord none = story.withSymbols(List.of());
        assertThat(SymbolScores.of(none, model)).singleElement()
                .satisfies(s -> assertThat(s.symbol()).isEqualTo(SymbolScores.STORY));
    }

    @Test
    void strongScoresOnNamedSymbolsRaiseAlerts() {
        NewsRecord story = new NewsRecord("nid", "h", "finnhub", "1", "h", null, null, "https://x.test/a", null, null,
                Fixtures.NOW, null, List.of("AAA", "BBB"), List.of(), "r");
        List<NewsAlert> alerts = NewsAlert.of(story, List.of(new SymbolScores.Score("AAA", 0.9),
                new SymbolScores.Score("BBB", -0.59), new SymbolScores.Score(SymbolScores.STORY, 0.99)), 0.6);
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.alertType()).isEqualTo("NEWS_SIGNIFICANT");
            assertThat(a.symbol()).isEqualTo("AAA");
            assertThat(a.severity()).isEqualTo("HIGH");
            assertThat(a.eventId()).isEqualTo("nid");
            assertThat(a.values()).containsEntry("score", 0.9).containsEntry("model", Sentiment.MODEL);
        });
    }
}
