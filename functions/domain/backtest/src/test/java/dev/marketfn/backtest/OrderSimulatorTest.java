package dev.marketfn.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.marketfn.contracts.AlphaCall.Action;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases: every number below is worked out in the comments. */
class OrderSimulatorTest {
    static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");

    static SimulatorSettings settings(String commission, String slippageBps, boolean shorts) {
        return new SimulatorSettings(new BigDecimal("10000"), new BigDecimal(commission), new BigDecimal(slippageBps),
                10, shorts);
    }

    static void bar(OrderSimulator s, int i, String open, String close, Action call) {
        s.onBar(T0.plusSeconds(60L * i), new BigDecimal(open), new BigDecimal(close), call);
    }

    @Test
    void nextBarFillsWithCommissionAndSlippage() {
        OrderSimulator s = new OrderSimulator("AAPL", settings("0.01", "10", false));
        bar(s, 0, "100", "101", Action.BUY);   // call at the close of bar 0: nothing traded yet
        assertThat(s.position()).isZero();
        // bar 1 opens at 102: buy 10 at 102 + 10 bps = 102.102, commission 10 × 0.01 = 0.10
        // cash = 10000 − 1021.02 − 0.10 = 8978.88; equity at close 103 = 8978.88 + 1030 = 10008.88
        bar(s, 1, "102", "103", Action.SELL);
        assertThat(s.fills()).containsExactly(new Fill("AAPL", T0.plusSeconds(60), 10, new BigDecimal("102.102"),
                new BigDecimal("0.10")));
        assertThat(s.cash()).isEqualByComparingTo("8978.88");
        assertThat(s.equity().get(1).equity()).isEqualByComparingTo("10008.88");
        // bar 2 opens at 105: sell 10 at 105 − 0.105 = 104.895, commission 0.10
        // cash = 8978.88 + 1048.95 − 0.10 = 10027.73, flat: PnL 27.73
        bar(s, 2, "105", "104", Action.HOLD);
        assertThat(s.position()).isZero();
        assertThat(s.cash()).isEqualByComparingTo("10027.73");
        Metrics m = Metrics.of(new BigDecimal("10000"), s.equity(), s.fills(), 252 * 390);
        assertThat(m.pnl()).isEqualByComparingTo("27.73");
        assertThat(m.trades()).isEqualTo(2);
        assertThat(m.hitRate()).isEqualTo(1.0);
        assertThat(m.exposure()).isCloseTo(1.0 / 3, within(1e-12));
        // turnover: (1021.02 + 1048.95) / mean(10000, 10008.88, 10027.73)
        assertThat(m.turnover()).isCloseTo(2069.97 / ((10000 + 10008.88 + 10027.73) / 3), within(1e-12));
    }

    @Test
    void sellGoesShortOnlyWhenAllowedAndHoldKeepsThePosition() {
        OrderSimulator flat = new OrderSimulator("X", settings("0", "0", false));
        bar(flat, 0, "10", "10", Action.SELL);
        bar(flat, 1, "10", "10", Action.HOLD);
        assertThat(flat.fills()).isEmpty();

        OrderSimulator shorts = new OrderSimulator("X", settings("0", "0", true));
        bar(shorts, 0, "10", "10", Action.SELL);
        bar(shorts, 1, "10", "9", Action.NO_ACTION);   // short 10 at 10
        bar(shorts, 2, "9", "8", Action.BUY);
        bar(shorts, 3, "8", "8", Action.HOLD);          // buy 20 at 8: +10 long, short PnL (10 − 8) × 10 = 20
        assertThat(shorts.position()).isEqualTo(10);
        assertThat(shorts.equity().get(3).equity()).isEqualByComparingTo("10020");
        assertThat(Metrics.hitRate(shorts.fills())).isEqualTo(1.0);
    }

    @Test
    void drawdownAndBenchmark() {
        List<BuyAndHold.Bar> bars = List.of(new BuyAndHold.Bar(T0, new BigDecimal("100"), new BigDecimal("110")),
                new BuyAndHold.Bar(T0.plusSeconds(60), new BigDecimal("110"), new BigDecimal("99")),
                new BuyAndHold.Bar(T0.plusSeconds(120), new BigDecimal("99"), new BigDecimal("120")));
        OrderSimulator bh = BuyAndHold.run("X", settings("0", "0", false), bars);
        // 10 shares at 100: equity 10100, 9990, 10200; peak 10100 → 9990 is a drawdown of 110 / 10100
        assertThat(bh.equity()).extracting(OrderSimulator.EquityPoint::equity)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("10100"), new BigDecimal("9990"), new BigDecimal("10200"));
        Metrics m = Metrics.of(new BigDecimal("10000"), bh.equity(), bh.fills(), 252 * 390);
        assertThat(m.maxDrawdown()).isCloseTo(110.0 / 10100, within(1e-15));
        assertThat(m.pnl()).isEqualByComparingTo("200");
        assertThat(m.exposure()).isEqualTo(1.0);
        double r1 = 0.01, r2 = 9990.0 / 10100 - 1, r3 = 10200.0 / 9990 - 1;
        double mean = (r1 + r2 + r3) / 3;
        double sd = Math.sqrt(((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean) + (r3 - mean) * (r3 - mean)) / 2);
        assertThat(m.sharpe()).isCloseTo(mean / sd * Math.sqrt(252 * 390), within(1e-9));
        assertThat(m.sortino()).isCloseTo(mean / Math.sqrt(r2 * r2 / 3) * Math.sqrt(252 * 390), within(1e-9));
    }
}
