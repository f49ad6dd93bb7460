package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.AlphaCall.Action;
import org.junit.jupiter.api.Test;

/** The seed's rules file (test resource seed-rules.yaml) loads as written and votes on the platform's indicators. */
class SeedRulesTest {
    private final RuleSet seed = RulesLoader.loadResource("dev/marketfn/rules/seed-rules.yaml");

    @Test
    void seedFileLoadsWithAliasesAndSignalWords() {
        assertThat(seed.rules()).extracting(Rule::name).containsExactly("momentum_breakout", "momentum_breakdown",
                "rsi_oversold", "rsi_overbought", "high_volatility");
        assertThat(seed.rules()).extracting(Rule::signal).containsExactly(1.0, -1.0, 1.0, -1.0, 0.0);
        assertThat(seed.rules()).extracting(Rule::score).containsExactly(0.7, 0.7, 0.6, 0.6, 0.5);
        // The aliases resolve to the indicator function's names, which is what the engine reads and keeps.
        assertThat(seed.rules().get(0).expression().toString()).contains("mom_10").contains("vol_20")
                .doesNotContain("momentum");
    }

    @Test
    void aliasedRulesFireOnThePlatformIndicators() {
        AlphaEngine engine = new AlphaEngine(new RulesHolder(seed), Ensemble.rulesOnly());
        AlphaCall buy = engine.process(Bars.bar(0, 100, "mom_10", 2.5, "vol_20", 0.01, "rsi_14", 25), RuleState.EMPTY)
                .call();
        assertThat(buy.action()).isEqualTo(Action.BUY);
        assertThat(buy.rationale()).extracting(AlphaCall.Rationale::rule)
                .containsExactly("momentum_breakout", "rsi_oversold");
        assertThat(buy.rationale().get(0).values()).containsEntry("mom_10", 2.5).containsEntry("vol_20", 0.01);

        AlphaCall sell = engine.process(Bars.bar(1, 100, "mom_10", -1.0, "vol_20", 0.02, "rsi_14", 80), RuleState.EMPTY)
                .call();
        assertThat(sell.action()).isEqualTo(Action.SELL);

        AlphaCall filtered = engine.process(Bars.bar(2, 100, "mom_10", 1.0, "vol_20", 0.08, "rsi_14", 50),
                RuleState.EMPTY).call();
        assertThat(filtered.action()).isEqualTo(Action.HOLD);
        assertThat(filtered.rationale()).extracting(AlphaCall.Rationale::rule).containsExactly("high_volatility");

        AlphaCall warmingUp = engine.process(Bars.bar(3, 100), RuleState.EMPTY).call();
        assertThat(warmingUp.action()).isEqualTo(Action.NO_ACTION);
    }

    @Test
    void anotherSignalWordIsALoadErrorAtItsPosition() {
        assertThatThrownBy(() -> RulesLoader.parse("""
                - name: a
                  condition: "rsi < 30"
                  signal: STRONG_BUY
                  score: 1
                """, "r.yaml")).isInstanceOf(RulesLoadException.class)
                .hasMessageContaining("r.yaml:3:11").hasMessageContaining("BUY, SELL, HOLD");
    }

    @Test
    void anUnknownShortNameStaysAnError() {
        assertThatThrownBy(() -> RulesLoader.parse("""
                - name: a
                  condition: "macd > 0"
                  signal: 1
                  score: 1
                """, "r.yaml")).isInstanceOf(RulesLoadException.class).hasMessageContaining("unknown identifier 'macd'");
    }
}
