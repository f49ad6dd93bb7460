package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** alpha-call configured with the shipped ONNX model: the model votes on a call and is named in it. */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
@TestProfile(AlphaCallOnnxTest.OnnxModel.class)
class AlphaCallOnnxTest {
    public static class OnnxModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketfn.model.file", "classpath:" + OnnxScorerTest.MODEL, "marketfn.model.timeout", "2s");
        }
    }

    @Test
    void onnxModelVotes() {
        JsonNode call = Events.call("onnx-1", Events.record("ONX", "2024-03-01T14:30:00.000000Z", 25.0, 0.1, 0.2));
        assertThat(call.get("model").get("name").asText()).isEqualTo("mean_reversion_sklearn");
        assertThat(Events.rules(call)).containsExactly("rsi_oversold", "model:mean_reversion_sklearn");
        assertThat(Events.fallback(call)).isNull();
    }
}
