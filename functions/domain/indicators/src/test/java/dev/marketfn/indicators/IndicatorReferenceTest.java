package dev.marketfn.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every row of the real {@code ttrc} data set (5,550 daily bars) against TA-Lib (C, via WebAssembly) and the
 * docs/contract/indicators.md formulas: {@code |x − ref| <= 1e-9 · max(1, |ref|)}, obv exact, null exactly where undefined.
 */
class IndicatorReferenceTest {
    static final double TOLERANCE = 1e-9;
    static ReferenceData ref;

    @BeforeAll
    static void load() throws Exception {
        ref = ReferenceData.load();
    }

    @Test
    void referenceCoversEveryPublishedNameOnAtLeast2000Bars() {
        assertThat(ref.names()).containsExactlyElementsOf(IndicatorEngine.NAMES);
        assertThat(ref.bars()).hasSizeGreaterThanOrEqualTo(2000);
    }

    @Test
    void everyRowMatchesTheReference() {
        IndicatorEngine engine = new IndicatorEngine();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (int t = 0; t < ref.bars().size(); t++) {
            Map<String, Double> values = engine.update(ref.bars().get(t));
            assertThat(values.keySet()).containsExactlyElementsOf(IndicatorEngine.NAMES);
            Double[] expected = ref.expected().get(t);
            for (int i = 0; i < expected.length; i++) {
                String name = ref.names().get(i);
                Double actual = values.get(name);
                Double want = expected[i];
                boolean ok;
                if (want == null || actual == null) {
                    ok = want == actual;
                } else if (name.equals("obv")) {
                    ok = actual.doubleValue() == want.doubleValue();
                } else {
                    ok = Math.abs(actual - want) <= TOLERANCE * Math.max(1.0, Math.abs(want));
                    compared++;
                }
                if (!ok && mismatches.size() < 20) {
                    mismatches.add("row " + t + " " + name + ": got " + actual + ", reference " + want);
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(compared).isGreaterThan(20 * 5000);
    }

    @Test
    void neverNullAfterTheFirstRow() {
        IndicatorEngine engine = new IndicatorEngine();
        boolean[] seen = new boolean[IndicatorEngine.NAMES.size()];
        for (BarInput bar : ref.bars()) {
            Map<String, Double> values = engine.update(bar);
            for (int i = 0; i < seen.length; i++) {
                Double v = values.get(IndicatorEngine.NAMES.get(i));
                if (seen[i]) {
                    assertThat(v).as(IndicatorEngine.NAMES.get(i)).isNotNull();
                }
                if (v != null) {
                    assertThat(v).as(IndicatorEngine.NAMES.get(i)).isFinite();
                    seen[i] = true;
                }
            }
        }
    }
}
