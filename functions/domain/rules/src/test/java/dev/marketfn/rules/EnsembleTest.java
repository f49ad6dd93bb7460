package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.AlphaCall.Action;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import org.junit.jupiter.api.Test;

class EnsembleTest {

    private static final RuleSet RULES = RulesLoader.parse("""
            thresholds: {buy: 0.3, sell: -0.3}
            rules:
              - {name: strong_buy, condition: "rsi_14 < 30", signal: 1.0, score: 0.8}
              - {name: weak_buy, condition: "mom_10 > 0", signal: 0.5, score: 0.4}
              - {name: sell, condition: "ret_1 < -0.02", signal: -1.0, score: 0.6}
              - {name: calm, condition: "vol_20 > 0.05", signal: 0.0, score: 1.0}
            """, "ens.yaml");

    private static AlphaCall call(IndicatorComputed r) {
        return Ensemble.rulesOnly().decide(RULES, r, RuleEngine.evaluate(RULES, r, RuleState.EMPTY));
    }

    @Test
    void nothingFiredIsNoAction() {
        AlphaCall c = call(Bars.bar(0, 100, "rsi_14", 50, "mom_10", -1, "ret_1", 0.0, "vol_20", 0.01));
        assertThat(c.action()).isEqualTo(Action.NO_ACTION);
        assertThat(c.score()).isZero();
        assertThat(c.confidence()).isZero();
        assertThat(c.rationale()).isEmpty();
        assertThat(c.model()).isNull();
    }

    @Test
    void warmingUpIsNoAction() {
        assertThat(call(Bars.bar(0, 100)).action()).isEqualTo(Action.NO_ACTION);
    }

    @Test
    void agreeingRulesBuyWithWeightedScoreAndConfidence() {
        AlphaCall c = call(Bars.bar(0, 100, "rsi_14", 25, "mom_10", 2, "ret_1", 0.0, "vol_20", 0.01));
        // score = (1·0.8 + 0.5·0.4) / (0.8 + 0.4); agreement = 1; support = 1 − 0.2·0.6
        assertThat(c.action()).isEqualTo(Action.BUY);
        assertThat(c.score()).isCloseTo(1.0 / 1.2, within(1e-12));
        assertThat(c.confidence()).isCloseTo(1 - 0.2 * 0.6, within(1e-12));
        assertThat(c.rationale()).extracting(AlphaCall.Rationale::rule).containsExactly("strong_buy", "weak_buy");
        AlphaCall.Rationale first = c.rationale().getFirst();
        assertThat(first.condition()).isEqualTo("rsi_14 < 30");
        assertThat(first.values()).containsEntry("rsi_14", 25.0);
        assertThat(first.vote()).isEqualTo(1.0);
        assertThat(first.weight()).isEqualTo(0.8);
    }

    @Test
    void conflictingRulesHoldWithLowConfidence() {
        AlphaCall c = call(Bars.bar(0, 100, "rsi_14", 25, "mom_10", -1, "ret_1", -0.03, "vol_20", 0.01));
        // (0.8 − 0.6) / 1.4 = 0.142… → between the thresholds; agreement 0.2 / 1.4
        assertThat(c.action()).isEqualTo(Action.HOLD);
        assertThat(c.score()).isCloseTo(0.2 / 1.4, within(1e-12));
        assertThat(c.confidence()).isCloseTo((0.2 / 1.4) * (1 - 0.2 * 0.4), within(1e-12));
    }

    @Test
    void sellAndNeutralFilterDilutesTheScore() {
        AlphaCall sell = call(Bars.bar(0, 100, "rsi_14", 50, "mom_10", -1, "ret_1", -0.03, "vol_20", 0.01));
        assertThat(sell.action()).isEqualTo(Action.SELL);
        assertThat(sell.score()).isEqualTo(-1.0);

        AlphaCall filtered = call(Bars.bar(0, 100, "rsi_14", 50, "mom_10", -1, "ret_1", -0.03, "vol_20", 0.08));
        // −0.6 / 1.6 = −0.375: still a sell, but the neutral vote lowered the score
        assertThat(filtered.score()).isCloseTo(-0.375, within(1e-12));
        assertThat(filtered.action()).isEqualTo(Action.SELL);
    }

    @Test
    void minConfidenceTurnsWeakCallsIntoHold() {
        RuleSet strict = new RuleSet("s", RULES.rules(), new Thresholds(0.3, -0.3, 0.9));
        IndicatorComputed r = Bars.bar(0, 100, "rsi_14", 50, "mom_10", 2, "ret_1", 0.0, "vol_20", 0.01);
        AlphaCall c = Ensemble.rulesOnly().decide(strict, r, RuleEngine.evaluate(strict, r, RuleState.EMPTY));
        // one rule of weight 0.4: score 0.5 but confidence 0.4 < 0.9
        assertThat(c.score()).isEqualTo(0.5);
        assertThat(c.action()).isEqualTo(Action.HOLD);
    }

    @Test
    void signalIdIsAFunctionOfTheBarOnly() throws Exception {
        IndicatorComputed r = Bars.bar(3, 100, "rsi_14", 25);
        AlphaCall a = call(r);
        Thread.sleep(2);
        AlphaCall b = call(r);
        assertThat(a.signalId()).isEqualTo(b.signalId()).isEqualTo(SignalIds.of(r));
        assertThat(a).isEqualTo(b);
        assertThat(SignalIds.of(Bars.bar(4, 100))).isNotEqualTo(a.signalId());
        assertThat(a.ts()).isEqualTo(r.ts());
        assertThat(a.provider()).isEqualTo("alpaca");
        assertThat(Json.MAPPER.writeValueAsString(a)).contains("\"action\":\"BUY\"").contains("\"model\":null");
    }
}
