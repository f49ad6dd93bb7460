package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.AlphaCall.Action;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultRulesTest {

    @Test
    void defaultRulesLoadAndCoverTheDocumentedFamilies() {
        RuleSet set = RulesLoader.defaults();
        assertThat(set.source()).isEqualTo("classpath:" + RulesLoader.DEFAULT_RESOURCE);
        assertThat(set.rules()).extracting(Rule::name).contains("rsi_oversold", "rsi_overbought",
                "macd_bullish_cross", "macd_bearish_cross", "momentum_up", "momentum_down", "bb_lower_touch",
                "bb_upper_touch", "high_volatility");
        assertThat(set.history()).containsKeys("macd_12_26_9", "macd_signal_12_26_9");
    }

    /** The shape of the sample model alpha-call ships (functions/alpha-call models/logit-v1.json). */
    static final String SAMPLE_MODEL = """
            {"name": "mean_reversion_lr", "version": "1.0.0",
             "features": ["rsi_14", "ret_1", "vol_20", "stoch_k_14", "cci_20"],
             "mean": [50.0, 0.0, 0.015, 50.0, 0.0], "std": [10.0, 0.015, 0.008, 28.0, 100.0],
             "intercept": 0.0, "coefficients": [-0.4, 0.15, -0.1, -0.2, -0.15]}
            """;

    /** A synthetic up-then-down market through the whole engine, state carried between bars as the function does. */
    @Test
    void engineRunsOverASeries() {
        AlphaEngine engine = new AlphaEngine(new RulesHolder(RulesLoader.defaults()),
                Ensemble.withModel(LogisticScorer.parse(SAMPLE_MODEL.getBytes(StandardCharsets.UTF_8), "sample.json"), 0.5,
                        new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(30))));
        RuleState state = RuleState.EMPTY;
        Set<Action> seen = EnumSet.noneOf(Action.class);
        int modelVotes = 0;
        for (int d = 0; d < 60; d++) {
            boolean warm = d >= 34;
            // Warm-up, then an oversold phase with a bullish MACD cross (d = 37), then an overbought phase with a
            // bearish cross (d = 50).
            double rsi = d < 45 ? 25 + (d - 34) * 2 : 75 - (d - 45);
            double macd = d < 45 ? -0.5 + (d - 34) * 0.2 : 1.5 - (d - 45) * 0.3;
            AlphaEngine.Result r = engine.process(Bars.bar(d, 100 + d,
                    "rsi_14", warm ? rsi : null,
                    "macd_12_26_9", warm ? macd : null,
                    "macd_signal_12_26_9", warm ? 0.0 : null,
                    "ret_1", warm ? 0.01 : null, "vol_20", warm ? 0.01 : null,
                    "stoch_k_14", warm ? 50 : null, "cci_20", warm ? 0 : null), state);
            AlphaCall c = r.call();
            if (!warm) {
                assertThat(c.action()).isEqualTo(Action.NO_ACTION);
            }
            assertThat(c.score()).isBetween(-1.0, 1.0);
            assertThat(c.confidence()).isBetween(0.0, 1.0);
            seen.add(c.action());
            if (c.model() != null) {
                modelVotes++;
                assertThat(c.model()).isEqualTo(new AlphaCall.Model("mean_reversion_lr", "1.0.0"));
            }
            state = r.state();
        }
        assertThat(seen).contains(Action.NO_ACTION, Action.BUY, Action.SELL);
        assertThat(modelVotes).isPositive();
    }
}
