package dev.marketfn.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A split at bar {@code k}: the raw series trades at {@code price / factor} before it; the engine that saw the raw
 * history and is rescaled at the split must continue exactly like an engine fed the pre-split-adjusted series.
 */
class IndicatorRescaleTest {

    @ParameterizedTest(name = "price x{0}, volume x{1}")
    @CsvSource({"0.25, 4", "0.6666666666666666, 1.5", "10, 0.1"})
    void rescaledEngineContinuesLikeTheAdjustedSeries(double priceFactor, double volumeFactor) {
        List<BarInput> adjusted = SyntheticBars.walk(11, 600, 80.0);
        int split = 300;
        List<BarInput> raw = new ArrayList<>();
        for (int t = 0; t < adjusted.size(); t++) {
            raw.add(t < split ? SyntheticBars.scaled(adjusted.get(t), 1 / priceFactor, 1 / volumeFactor)
                    : adjusted.get(t));
        }
        IndicatorEngine live = new IndicatorEngine();
        IndicatorEngine reference = new IndicatorEngine();
        for (int t = 0; t < adjusted.size(); t++) {
            if (t == split) {
                live.rescale(priceFactor, volumeFactor);
                assertClose(live.current(), reference.current(), t);
            }
            Map<String, Double> a = live.update(raw.get(t));
            Map<String, Double> b = reference.update(adjusted.get(t));
            if (t >= split) {
                assertClose(a, b, t);
            }
        }
    }

    @Test
    void fourForOneSplitKeepsIndicatorsContinuous() {
        // Without the rescale, the 4:1 drop shows up as a -75% return and a collapsed SMA; with it, nothing jumps.
        List<BarInput> adjusted = SyntheticBars.walk(5, 200, 400.0);
        IndicatorEngine live = new IndicatorEngine();
        IndicatorEngine unadjusted = new IndicatorEngine();
        for (int t = 0; t < 100; t++) {
            live.update(SyntheticBars.scaled(adjusted.get(t), 4, 0.25));
            unadjusted.update(SyntheticBars.scaled(adjusted.get(t), 4, 0.25));
        }
        live.rescale(0.25, 4);
        Map<String, Double> after = live.update(adjusted.get(100));
        Map<String, Double> broken = unadjusted.update(adjusted.get(100));
        assertThat(Math.abs(after.get("ret_1"))).isLessThan(0.1);
        assertThat(broken.get("ret_1")).isLessThan(-0.6);
        assertThat(after.get("sma_20") / adjusted.get(100).close()).isBetween(0.8, 1.25);
    }

    @Test
    void rejectsNonPositiveFactors() {
        IndicatorEngine engine = new IndicatorEngine();
        assertThatThrownBy(() -> engine.rescale(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.rescale(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertClose(Map<String, Double> actual, Map<String, Double> expected, int t) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, want) -> {
            Double got = actual.get(name);
            if (want == null) {
                assertThat(got).as("%s row %d", name, t).isNull();
            } else {
                assertThat(got).as("%s row %d", name, t).isNotNull();
                assertThat(Math.abs(got - want)).as("%s row %d: %s vs %s", name, t, got, want)
                        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(want)));
            }
        });
    }
}
