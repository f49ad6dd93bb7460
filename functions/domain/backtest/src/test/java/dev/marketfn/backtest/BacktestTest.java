package dev.marketfn.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.rules.AlphaEngine;
import dev.marketfn.rules.Ensemble;
import dev.marketfn.rules.RuleSet;
import dev.marketfn.rules.RuleState;
import dev.marketfn.rules.RulesHolder;
import dev.marketfn.rules.RulesLoader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacktestTest {
    static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");
    static final String RULES = """
            - name: oversold
              condition: "rsi_14 < 30"
              signal: BUY
              score: 1
            - name: overbought
              condition: "rsi_14 > 70"
              signal: SELL
              score: 1
            """;

    /** A price that rises then falls with an RSI that crosses the thresholds. */
    static List<IndicatorComputed> series(String symbol, int n, double start) {
        List<IndicatorComputed> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BigDecimal c = BigDecimal.valueOf(start + 10 * Math.sin(i / 7.0)).setScale(2, java.math.RoundingMode.HALF_EVEN);
            Map<String, Double> ind = new HashMap<>();
            ind.put("rsi_14", 50 - 40 * Math.sin(i / 7.0));
            out.add(new IndicatorComputed("polygon", symbol, "1m", T0.plusSeconds(60L * i),
                    new BarValues(c, c, c, c, BigDecimal.TEN, c, 1), ind));
        }
        return out;
    }

    static SimulatorSettings settings() {
        return new SimulatorSettings(new BigDecimal("10000"), new BigDecimal("0.005"), new BigDecimal("2"), 10, false);
    }

    @Test
    void sameInputsGiveByteIdenticalReports() {
        RuleSet rules = RulesLoader.parse(RULES, "rules.yaml");
        Map<String, List<IndicatorComputed>> data = Map.of("AAA", series("AAA", 200, 100), "BBB", series("BBB", 150, 50));
        Backtest.Inputs in = new Backtest.Inputs(RULES.getBytes(StandardCharsets.UTF_8), null,
                Instant.parse("2024-03-05T00:00:00Z"), 252 * 390);
        Backtest.Report a = Backtest.run(rules, null, 0.5, settings(), in, data);
        Backtest.Report b = Backtest.run(RulesLoader.parse(RULES, "rules.yaml"), null, 0.5, settings(), in,
                new HashMap<>(data));
        assertThat(ReportWriter.json(a)).isEqualTo(ReportWriter.json(b));
        assertThat(a.snapshotId()).hasSize(64);
        assertThat(a.bars()).isEqualTo(350);
        assertThat(a.fills()).isNotEmpty();
        assertThat(ReportWriter.html(a)).contains("<svg").contains(a.snapshotId());

        Backtest.Report other = Backtest.run(rules, null, 0.5, settings(), new Backtest.Inputs(
                RULES.getBytes(StandardCharsets.UTF_8), null, Instant.parse("2024-03-06T00:00:00Z"), 252 * 390), data);
        assertThat(other.snapshotId()).isNotEqualTo(a.snapshotId());
    }

    /** The simulator trades exactly on the calls the alpha-call engine makes for the same records. */
    @Test
    void fillsFollowTheEngineCalls() {
        RuleSet rules = RulesLoader.parse(RULES, "rules.yaml");
        List<IndicatorComputed> s = series("AAA", 120, 100);
        AlphaEngine engine = new AlphaEngine(new RulesHolder(rules), Ensemble.rulesOnly());
        RuleState state = RuleState.EMPTY;
        OrderSimulator expected = new OrderSimulator("AAA", settings());
        for (IndicatorComputed r : s) {
            AlphaEngine.Result res = engine.process(r, state);
            state = res.state();
            AlphaCall c = res.call();
            expected.onBar(r.ts(), r.bar().open(), r.bar().close(), c.action());
        }
        Backtest.Report report = Backtest.run(rules, null, 0.5, settings(),
                new Backtest.Inputs(null, null, null, 252 * 390), Map.of("AAA", s));
        assertThat(report.fills()).isEqualTo(expected.fills());
        assertThat(report.strategy().pnl()).isEqualByComparingTo(
                expected.equity().getLast().equity().subtract(new BigDecimal("10000")));
    }
}
