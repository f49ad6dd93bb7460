package dev.marketfn.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleStateTest {

    private static final RuleSet CROSS = RulesLoader.parse("""
            - name: golden
              condition: "crosses_above(macd_12_26_9, macd_signal_12_26_9)"
              signal: 1
              score: 1
            - name: death
              condition: "crosses_below(macd_12_26_9, macd_signal_12_26_9)"
              signal: -1
              score: 1
            """, "cross.yaml");

    /** What the function does between invocations: the state leaves the process as JSON and comes back. */
    private static RuleState viaJson(RuleState state) throws Exception {
        byte[] json = Json.MAPPER.writeValueAsBytes(state);
        RuleState back = Json.MAPPER.readValue(json, RuleState.class);
        assertThat(back).isEqualTo(state);
        assertThat(Json.MAPPER.writeValueAsBytes(back)).isEqualTo(json);
        return back;
    }

    private static List<String> fired(Evaluation e) {
        return e.fired().stream().map(f -> f.rule().name()).toList();
    }

    @Test
    void crossIsDetectedAcrossTwoInvocations() throws Exception {
        Evaluation first = RuleEngine.evaluate(CROSS,
                Bars.bar(0, 100, "macd_12_26_9", -0.5, "macd_signal_12_26_9", 0.1), RuleState.EMPTY);
        assertThat(first.fired()).isEmpty();

        Evaluation second = RuleEngine.evaluate(CROSS,
                Bars.bar(1, 101, "macd_12_26_9", 0.3, "macd_signal_12_26_9", 0.2), viaJson(first.state()));
        assertThat(fired(second)).containsExactly("golden");
        assertThat(second.fired().getFirst().values()).containsEntry("macd_12_26_9", 0.3)
                .containsEntry("prev(macd_12_26_9)", -0.5).containsEntry("prev(macd_signal_12_26_9)", 0.1);

        Evaluation third = RuleEngine.evaluate(CROSS,
                Bars.bar(2, 102, "macd_12_26_9", 0.4, "macd_signal_12_26_9", 0.25), viaJson(second.state()));
        assertThat(third.fired()).isEmpty(); // still above: a cross fires once

        Evaluation fourth = RuleEngine.evaluate(CROSS,
                Bars.bar(3, 99, "macd_12_26_9", 0.1, "macd_signal_12_26_9", 0.25), viaJson(third.state()));
        assertThat(fired(fourth)).containsExactly("death");
    }

    @Test
    void withoutStateNoCrossIsInvented() {
        Evaluation e = RuleEngine.evaluate(CROSS,
                Bars.bar(1, 101, "macd_12_26_9", 0.3, "macd_signal_12_26_9", 0.2), RuleState.EMPTY);
        assertThat(e.fired()).isEmpty();
    }

    @Test
    void seriesAreKeptApart() throws Exception {
        RuleState s = RuleEngine.evaluate(CROSS,
                Bars.bar(0, 100, "macd_12_26_9", -0.5, "macd_signal_12_26_9", 0.1), RuleState.EMPTY).state();
        IndicatorComputed other = Bars.bar(1, 101, "macd_12_26_9", 0.3, "macd_signal_12_26_9", 0.2);
        other = new IndicatorComputed(other.provider(), "MSFT", other.interval(), other.ts(), other.bar(),
                other.indicators());
        Evaluation e = RuleEngine.evaluate(CROSS, other, viaJson(s));
        assertThat(e.fired()).isEmpty();
        assertThat(e.state().series()).containsOnlyKeys("alpaca|AAPL|1d", "alpaca|MSFT|1d");
        assertThat(e.state().only("alpaca|MSFT|1d").series()).containsOnlyKeys("alpaca|MSFT|1d");
    }

    @Test
    void prevLooksBackNBarsAndStateKeepsOnlyWhatIsNeeded() throws Exception {
        RuleSet set = RulesLoader.parse("""
                - {name: up3, condition: "close > prev(close, 3) and prev(close) > prev(prev(close))", signal: 1, score: 1}
                """, "prev.yaml");
        assertThat(set.history()).containsExactly(java.util.Map.entry("close", 3));
        RuleState state = RuleState.EMPTY;
        List<Boolean> fires = new ArrayList<>();
        double[] closes = {10, 9, 11, 12, 13, 12};
        for (int d = 0; d < closes.length; d++) {
            Evaluation e = RuleEngine.evaluate(set, Bars.bar(d, closes[d]), state);
            fires.add(!e.fired().isEmpty());
            state = viaJson(e.state());
        }
        // day 3: 12 > 10 and 11 > 9; day 4: 13 > 9 and 12 > 11; day 5: 12 > 11 but 13 > 12 → true
        assertThat(fires).containsExactly(false, false, false, true, true, true);
        assertThat(state.get("alpaca|AAPL|1d").values().get("close")).containsExactly(12.0, 13.0, 12.0, 11.0);
    }

    @Test
    void latchGivesHysteresis() throws Exception {
        RuleSet set = RulesLoader.parse("""
                - {name: ob_fn, condition: "latch(rsi_14 > 70, rsi_14 < 65)", signal: -1, score: 1}
                - {name: ob_field, condition: "rsi_14 > 70", reset: "rsi_14 < 65", signal: -1, score: 1}
                """, "latch.yaml");
        Double[] rsi = {null, 60.0, 71.0, 69.0, 66.0, 70.5, 64.0, 68.0, 72.0};
        boolean[] expected = {false, false, true, true, true, true, false, false, true};
        RuleState state = RuleState.EMPTY;
        for (int d = 0; d < rsi.length; d++) {
            Evaluation e = RuleEngine.evaluate(set, Bars.bar(d, 100, "rsi_14", rsi[d]), state);
            assertThat(e.fired()).as("day %d rsi %s", d, rsi[d]).hasSize(expected[d] ? 2 : 0);
            state = viaJson(e.state());
        }
    }

    @Test
    void redeliveredBarGivesTheSameResultAndState() throws Exception {
        RuleSet set = RulesLoader.parse("""
                - {name: golden, condition: "crosses_above(close, sma_20)", signal: 1, score: 1}
                - {name: ob, condition: "close > 100", reset: "close < 95", signal: -1, score: 1}
                """, "r.yaml");
        RuleState s1 = RuleEngine.evaluate(set, Bars.bar(0, 90, "sma_20", 95), RuleState.EMPTY).state();
        Evaluation once = RuleEngine.evaluate(set, Bars.bar(1, 101, "sma_20", 96), s1);
        Evaluation again = RuleEngine.evaluate(set, Bars.bar(1, 101, "sma_20", 96), viaJson(once.state()));
        assertThat(fired(once)).containsExactly("golden", "ob");
        assertThat(fired(again)).isEqualTo(fired(once));
        assertThat(again.state()).isEqualTo(once.state());
        assertThat(again.outOfOrder()).isFalse();
    }

    @Test
    void olderBarIsEvaluatedWithoutHistoryAndLeavesStateAlone() {
        RuleState s = RuleEngine.evaluate(CROSS,
                Bars.bar(5, 100, "macd_12_26_9", -0.5, "macd_signal_12_26_9", 0.1), RuleState.EMPTY).state();
        Evaluation late = RuleEngine.evaluate(CROSS,
                Bars.bar(4, 100, "macd_12_26_9", 0.5, "macd_signal_12_26_9", 0.1), s);
        assertThat(late.outOfOrder()).isTrue();
        assertThat(late.fired()).isEmpty();
        assertThat(late.state()).isSameAs(s);
    }
}
