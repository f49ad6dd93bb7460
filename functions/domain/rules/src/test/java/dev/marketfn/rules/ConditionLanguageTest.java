package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.IndicatorComputed;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionLanguageTest {

    private static boolean fires(String condition, IndicatorComputed record) {
        Expr e = ConditionParser.parseCondition(condition, "r");
        RuleSet set = new RuleSet("test", List.of(new Rule("r", condition, null, 1, 1, null, e)), Thresholds.DEFAULT);
        return !RuleEngine.evaluate(set, record, RuleState.EMPTY).fired().isEmpty();
    }

    @Test
    void arithmeticPrecedenceAndComparisons() {
        IndicatorComputed r = Bars.bar(0, 100, "rsi_14", 25, "sma_20", 90);
        assertThat(fires("rsi_14 < 30 and close > sma_20", r)).isTrue();
        assertThat(fires("1 + 2 * 3 == 7", r)).isTrue();
        assertThat(fires("(1 + 2) * 3 == 9", r)).isTrue();
        assertThat(fires("-close + 100 == 0", r)).isTrue();
        assertThat(fires("10 - 4 - 3 == 3", r)).isTrue();
        assertThat(fires("8 / 4 / 2 == 1", r)).isTrue();
        assertThat(fires("close / sma_20 > 1.1", r)).isTrue();
        assertThat(fires("close >= 100 and close <= 100 and close != 99", r)).isTrue();
        assertThat(fires("not rsi_14 > 30", r)).isTrue();
        assertThat(fires("rsi_14 > 30 or close > 1e1", r)).isTrue();
        assertThat(fires("abs(-3) == 3 and min(rsi_14, 40, 50) == 25 and max(1, sma_20) == 90", r)).isTrue();
        assertThat(fires("not (rsi_14 < 30 and close > sma_20)", r)).isFalse();
        assertThat(fires("trade_count == 10 and volume == 1000 and high - low == 2", r)).isTrue();
    }

    @Test
    void nullOperandsNeverFireAndNeverFail() {
        IndicatorComputed warm = Bars.bar(0, 100); // every indicator null
        assertThat(fires("rsi_14 < 30", warm)).isFalse();
        assertThat(fires("not (rsi_14 < 30)", warm)).isFalse();
        assertThat(fires("rsi_14 < 30 or rsi_14 >= 30", warm)).isFalse();
        assertThat(fires("rsi_14 + 1 > 0", warm)).isFalse();
        assertThat(fires("abs(rsi_14) >= 0", warm)).isFalse();
        assertThat(fires("prev(close) > 0", warm)).isFalse();
        assertThat(fires("crosses_above(close, sma_20)", warm)).isFalse();
        // Kleene logic: a known true side of an or still fires; a known false side of an and still decides.
        assertThat(fires("rsi_14 < 30 or close > 50", warm)).isTrue();
        assertThat(fires("not (rsi_14 < 30 and close < 50)", warm)).isTrue();
        // Division by zero is no value, like warm-up.
        assertThat(fires("close / (close - close) > 0", warm)).isFalse();
        assertThat(fires("not (close / 0 > 0)", warm)).isFalse();
    }

    @Test
    void typeErrorsAreLoadErrors() {
        assertError("rsi_14 + 1", 7, "must be true/false");
        assertError("rsi_14 < 30 and close", 16, "expected a true/false expression");
        assertError("(rsi_14 < 30) + 1 > 2", 8, "expected a number");
        assertError("1 < 2 < 3", 6, "do not chain");
        assertError("prev(close, 0) > 1", 12, "whole number");
        assertError("prev(close, 1.5) > 1", 12, "whole number");
        assertError("prev(close, sma_20) > 1", 12, "whole number");
        assertError("crosses_above(close) ", 0, "takes 2");
        assertError("latch(close, close < 1)", 6, "true/false");
        assertError("rsi_14 = 30", 7, "use ==");
        assertError("rsi_14 < ", 9, "expected a number");
        assertError("rsi_14 < 30)", 11, "unexpected ')'");
        assertError("1.2.3 > 0", 3, "malformed number");
        assertError("foo(1) > 0", 0, "unknown function 'foo'");
        assertError("rsi_41 < 30", 0, "unknown identifier 'rsi_41'");
        assertError("   ", 0, "empty");
        assertError("and rsi_14 < 30", 0, "needs an operand");
    }

    @Test
    void newsFeaturesAreKnownNamesAndAbsentNewsDoesNotFire() {
        IndicatorComputed withNews = Bars.bar(0, 100, "news_sentiment_1h", 0.7, "news_count_1h", 1.0);
        assertThat(fires("news_sentiment_1h > 0.5 and news_count_1h >= 1", withNews)).isTrue();
        // no story: the count is 0 and the sentiment null (unknown), so neither a > nor a < rule on it fires
        IndicatorComputed noNews = Bars.bar(0, 100, "news_count_1d", 0.0, "news_sentiment_1d", null);
        assertThat(fires("news_sentiment_1d > 0.5", noNews)).isFalse();
        assertThat(fires("news_sentiment_1d <= 0.5", noNews)).isFalse();
        assertThat(fires("news_count_1d == 0", noNews)).isTrue();
        assertError("news_sentiment_2h > 0", 0, "unknown identifier 'news_sentiment_2h'");
        RuleSet set = new RuleSet("t", List.of(new Rule("n", "c", null, 1, 1, null,
                ConditionParser.parseCondition("prev(news_count_1d) < 1", "n"))), Thresholds.DEFAULT);
        assertThat(set.reads(Identifiers.NEWS)).isTrue();
        assertThat(RulesLoader.defaults().reads(Identifiers.NEWS)).isFalse();
    }

    @Test
    void lookBackIsBounded() {
        assertError("prev(prev(close, 30), 30) > 0", 10, "looks back 60 bars");
        assertError("crosses_above(prev(close, 50), 1)", 19, "looks back 51 bars");
        assertThat(ConditionParser.parseCondition("prev(close, 50) > 0", "r")).isNotNull();
    }

    private static void assertError(String condition, int position, String reason) {
        assertThatThrownBy(() -> ConditionParser.parseCondition(condition, "r"))
                .isInstanceOfSatisfying(ExpressionException.class, e -> {
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.position()).isEqualTo(position);
                });
    }
}
