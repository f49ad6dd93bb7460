package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.rules.ModelLoadException;
import dev.marketfn.rules.Scorer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped scikit-learn model in ONNX Runtime for Java: its outputs against scikit-learn's own on the same rows
 * (the fixture written by src/model/train_sklearn_onnx.py, which {@code --check} regenerates and compares).
 */
class OnnxScorerTest {
    static final String MODEL = "models/mean_reversion_sklearn-v1.onnx";
    /** The graph computes in float32, scikit-learn in float64. */
    static final double TOLERANCE = 1e-5;

    @Test
    void matchesScikitLearnOnTheReferenceRows() throws IOException {
        List<String> lines = resourceLines("models/mean_reversion_sklearn-reference.csv");
        List<String> header = List.of(lines.get(0).split(","));
        try (OnnxScorer scorer = OnnxScorer.loadResource(MODEL)) {
            assertThat(header.subList(0, header.size() - 1)).isEqualTo(scorer.features());
            List<float[]> rows = new ArrayList<>();
            List<Double> expected = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                float[] row = new float[cells.length - 1];
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) Double.parseDouble(cells[i]);
                }
                rows.add(row);
                expected.add(Double.parseDouble(cells[cells.length - 1]));
            }
            assertThat(rows).hasSize(64);
            double[] batch = scorer.score(rows.toArray(float[][]::new));
            double spread = 0;
            for (int i = 0; i < rows.size(); i++) {
                assertThat(batch[i]).as("row %d", i).isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(TOLERANCE));
                // one row at a time, through the Scorer interface, as alpha-call asks it
                assertThat(scorer.probability(record(scorer.features(), rows.get(i))).getAsDouble())
                        .isEqualTo(batch[i]);
                spread = Math.max(spread, Math.abs(expected.get(i) - 0.5));
            }
            assertThat(spread).as("the reference rows are not all at p = 0.5").isGreaterThan(0.3);
        }
    }

    @Test
    void describesItselfFromItsMetadata() {
        Scorer scorer = ScorerSource.open("classpath:" + MODEL);
        assertThat(scorer).isInstanceOf(TimeBoxedScorer.class);
        assertThat(scorer.model()).isEqualTo(new AlphaCall.Model("mean_reversion_sklearn", "1.0.0"));
        assertThat(scorer.features()).containsExactly("rsi_14", "ret_1", "vol_20", "stoch_k_14", "cci_20");
        Map<String, Double> warming = new HashMap<>();
        warming.put("rsi_14", 40.0);
        IndicatorComputed record = new IndicatorComputed("alpaca", "AAPL", "1d", Instant.parse("2024-03-04T00:00:00Z"),
                bar(), warming);
        assertThat(scorer.probability(record)).isEmpty();
    }

    @Test
    void refusesWhatIsNotAUsableModel(@TempDir Path dir) throws IOException {
        Path junk = Files.write(dir.resolve("junk.onnx"), "not a model".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> OnnxScorer.load(junk)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("junk.onnx").hasMessageContaining("not a usable ONNX model");
        assertThatThrownBy(() -> ScorerSource.open("classpath:models/absent.onnx"))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("resource not found");
        // the same graph without its marketfn metadata: name, version and feature order would be guesses
        byte[] model;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MODEL)) {
            model = in.readAllBytes();
        }
        byte[] stripped = new String(model, StandardCharsets.ISO_8859_1).replace("marketfn.name", "marketfn.nome")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> OnnxScorer.parse(stripped, "stripped.onnx")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'marketfn.name' is missing");
    }

    static IndicatorComputed record(List<String> features, float[] row) {
        Map<String, Double> values = new HashMap<>();
        for (int i = 0; i < row.length; i++) {
            values.put(features.get(i), (double) row[i]);
        }
        return new IndicatorComputed("alpaca", "AAPL", "1d", Instant.parse("2024-03-04T00:00:00Z"), bar(), values);
    }

    static BarValues bar() {
        BigDecimal p = new BigDecimal("100");
        return new BarValues(p, p, p, p, BigDecimal.TEN, p, 1);
    }

    private List<String> resourceLines(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
