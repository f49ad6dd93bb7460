package dev.marketfn.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndicatorStateTest {

    @Test
    void snapshotThroughJsonEveryBarGivesIdenticalResults() throws Exception {
        List<BarInput> bars = SyntheticBars.walk(42, 2000, 100.0);
        IndicatorEngine straight = new IndicatorEngine();
        IndicatorEngine resumed = new IndicatorEngine();
        for (BarInput bar : bars) {
            Map<String, Double> expected = straight.update(bar);
            byte[] json = Json.MAPPER.writeValueAsBytes(resumed.snapshot());
            resumed = IndicatorEngine.restore(Json.MAPPER.readValue(json, IndicatorState.class));
            Map<String, Double> actual = resumed.update(bar);
            assertThat(actual).containsExactlyEntriesOf(expected); // Double.equals: bit-identical
        }
        assertThat(resumed.bars()).isEqualTo(2000);
        assertThat(straight.current().values()).doesNotContainNull();
    }

    @Test
    void restoredEngineWritesTheSameJsonAgain() throws Exception {
        IndicatorEngine engine = new IndicatorEngine();
        SyntheticBars.walk(7, 77, 50.0).forEach(engine::update);
        String json = Json.MAPPER.writeValueAsString(engine.snapshot());
        IndicatorEngine restored = IndicatorEngine.restore(Json.MAPPER.readValue(json, IndicatorState.class));
        assertThat(Json.MAPPER.writeValueAsString(restored.snapshot())).isEqualTo(json);
        JsonNode tree = Json.MAPPER.readTree(json);
        assertThat(tree.path("version").asInt()).isEqualTo(IndicatorState.VERSION);
        assertThat(tree.path("fibonacci").path("highs").size()).isEqualTo(50);
    }

    @Test
    void snapshotDuringWarmUpRestoresWarmUp() throws Exception {
        IndicatorEngine engine = new IndicatorEngine();
        SyntheticBars.walk(3, 5, 10.0).forEach(engine::update);
        IndicatorEngine restored = IndicatorEngine.restore(
                Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(engine.snapshot()), IndicatorState.class));
        assertThat(restored.current()).isEqualTo(engine.current());
        assertThat(restored.current().get("sma_20")).isNull();
        assertThat(restored.current().get("ret_1")).isNotNull();
    }

    /** A function keeps decoded states between invocations (StateCache): an engine must not write into its source. */
    @Test
    void aRestoredEngineLeavesTheStateItCameFromUnchanged() throws Exception {
        IndicatorEngine engine = new IndicatorEngine();
        SyntheticBars.walk(11, 60, 80.0).forEach(engine::update);
        IndicatorState source = engine.snapshot();
        String before = Json.MAPPER.writeValueAsString(source);
        IndicatorEngine restored = IndicatorEngine.restore(source);
        SyntheticBars.walk(12, 60, 90.0).forEach(restored::update);
        restored.rescale(0.5, 2.0);
        assertThat(Json.MAPPER.writeValueAsString(source)).isEqualTo(before);
    }
}
