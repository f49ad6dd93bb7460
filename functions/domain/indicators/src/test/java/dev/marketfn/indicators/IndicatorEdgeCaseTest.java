package dev.marketfn.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.BarValues;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndicatorEdgeCaseTest {

    @Test
    void flatMarketGivesTheDocumentedZeros() {
        IndicatorEngine engine = new IndicatorEngine();
        Map<String, Double> v = null;
        for (int t = 0; t < 60; t++) {
            v = engine.update(new BarInput(10, 10, 10, 10, t == 0 ? 5 : 0));
        }
        assertThat(v.get("rsi_14")).isEqualTo(0.0);
        assertThat(v.get("stoch_k_14")).isEqualTo(0.0);
        assertThat(v.get("willr_14")).isEqualTo(0.0);
        assertThat(v.get("cci_20")).isEqualTo(0.0);
        assertThat(v.get("skew_20")).isEqualTo(0.0);
        assertThat(v.get("kurt_20")).isEqualTo(0.0);
        assertThat(v.get("vol_20")).isEqualTo(0.0);
        assertThat(v.get("vwap_20")).isEqualTo(10.0); // all 20 volumes zero: mean typical price
        assertThat(v.get("obv")).isEqualTo(5.0);
        assertThat(v.get("bb_upper_20_2")).isEqualTo(10.0);
        assertThat(v.get("fib_618_50")).isEqualTo(10.0);
    }

    @Test
    void firstRowsMatchIndicatorsMd() {
        IndicatorEngine engine = new IndicatorEngine();
        Map<String, Integer> firstRow = new java.util.HashMap<>();
        int t = 0;
        for (BarInput bar : SyntheticBars.walk(1, 60, 20)) {
            int row = t++;
            engine.update(bar).forEach((name, value) -> {
                if (value != null) {
                    firstRow.putIfAbsent(name, row);
                }
            });
        }
        assertThat(firstRow).containsAllEntriesOf(Map.ofEntries(
                Map.entry("sma_20", 19), Map.entry("ema_20", 19), Map.entry("rsi_14", 14),
                Map.entry("macd_12_26_9", 33), Map.entry("macd_signal_12_26_9", 33), Map.entry("macd_hist_12_26_9", 33),
                Map.entry("bb_middle_20_2", 19), Map.entry("bb_upper_20_2", 19), Map.entry("bb_lower_20_2", 19),
                Map.entry("atr_14", 14), Map.entry("stoch_k_14", 13), Map.entry("stoch_d_14_3", 15),
                Map.entry("vwap_20", 19), Map.entry("ret_1", 1), Map.entry("vol_20", 20), Map.entry("mom_10", 10),
                Map.entry("skew_20", 20), Map.entry("kurt_20", 20), Map.entry("willr_14", 13), Map.entry("cci_20", 19),
                Map.entry("obv", 0), Map.entry("fib_236_50", 49), Map.entry("fib_382_50", 49),
                Map.entry("fib_500_50", 49), Map.entry("fib_618_50", 49)));
        assertThat(firstRow).hasSize(25);
    }

    @Test
    void slidingMaximumMatchesAScanOfTheWindow() {
        SlidingExtremum max = SlidingExtremum.max(7);
        SlidingExtremum min = SlidingExtremum.min(7);
        RingBuffer window = new RingBuffer(7);
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int i = 0; i < 5000; i++) {
            double x = random.nextInt(20); // many ties
            max.add(x);
            min.add(x);
            window.add(x);
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            for (int k = 0; k < window.size(); k++) {
                hi = Math.max(hi, window.get(k));
                lo = Math.min(lo, window.get(k));
            }
            assertThat(max.get()).isEqualTo(hi);
            assertThat(min.get()).isEqualTo(lo);
        }
    }

    @Test
    void barWithoutPricesIsNotAnInput() {
        BarValues onlyOddLots = new BarValues(null, null, null, null, new BigDecimal("30"), new BigDecimal("10.5"), 3);
        assertThatThrownBy(() -> BarInput.of(onlyOddLots)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BarInput(1, 1, 1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BarInput(1, 1, 1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        BarInput exact = BarInput.of(new BarValues(new BigDecimal("185.12"), new BigDecimal("186"),
                new BigDecimal("185"), new BigDecimal("185.5"), new BigDecimal("1200"), new BigDecimal("185.4"), 9));
        assertThat(exact.close()).isEqualTo(185.5);
    }
}
