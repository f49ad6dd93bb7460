package dev.marketfn.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.Json;
import dev.marketfn.rules.LogisticScorer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingTest {
    static final List<String> FEATURES = List.of("rsi_14", "ret_1");

    /** Label 1 exactly when 2·a − b > 0 (b on another scale): separable, so a fit must classify (nearly) all. */
    static Dataset separable(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        long[] time = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = 100 * r.nextGaussian();
            x[i] = new double[] {50 + 10 * a, b};
            y[i] = 2 * a - b / 100 > 0 ? 1 : 0;
            time[i] = i * 60_000L;
            end[i] = time[i];
        }
        return new Dataset(FEATURES, x, y, time, end);
    }

    @Test
    void learnsASeparableSetAndBeatsTheBaseRate() {
        Training.Result result = Training.run(separable(2_000, 7), new LogisticTrainer(1e-3, 25), 4);
        assertThat(result.folds()).hasSize(4);
        for (Training.FoldResult f : result.folds()) {
            assertThat(f.model().accuracy()).isGreaterThan(0.97);
            assertThat(f.model().auc()).isGreaterThan(0.99);
            assertThat(f.model().logLoss()).isLessThan(f.baseline().logLoss());
            assertThat(f.baseline().auc()).isEqualTo(0.5);
        }
        // the direction the data encodes: up with the first feature, down with the second
        assertThat(result.model().coefficients()[0]).isPositive();
        assertThat(result.model().coefficients()[1]).isNegative();
        assertThat(result.model().coefficients()[0] / -result.model().coefficients()[1]).isBetween(1.6, 2.4);
    }

    @Test
    void noiseDoesNotBeatTheBaselineByMuch() {
        Dataset d = separable(2_000, 11);
        Random r = new Random(3);
        for (int i = 0; i < d.rows(); i++) {
            d.y()[i] = r.nextBoolean() ? 1 : 0;
        }
        Training.Result result = Training.run(d, new LogisticTrainer(1.0, 25), 4);
        assertThat(result.meanModel(Scores::auc)).isBetween(0.4, 0.6);
    }

    @Test
    void theModelFileLoadsInAlphaCallsScorerAndScoresAsTheFit() {
        Training.Result result = Training.run(separable(500, 5), new LogisticTrainer(1e-2, 20), 3);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("label", "forward-return:5");
        byte[] file = ModelFile.model("trained_lr", "1", FEATURES, result, meta);
        LogisticScorer scorer = LogisticScorer.parse(file, "trained");
        assertThat(scorer.features()).isEqualTo(FEATURES);
        assertThat(scorer.model().name()).isEqualTo("trained_lr");
        var record = Json.MAPPER.convertValue(Map.of("provider", "p", "symbol", "S", "interval", "1m",
                "ts", "2026-01-05T15:00:00Z", "bar", Map.of("open", 1, "high", 1, "low", 1, "close", 1, "volume", 1, "trade_count", 1),
                "indicators", Map.of("rsi_14", 61.0, "ret_1", -12.0)), dev.marketfn.contracts.IndicatorComputed.class);
        assertThat(scorer.probability(record).getAsDouble())
                .isCloseTo(result.model().probability(new double[] {61.0, -12.0}), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void sameInputsGiveByteIdenticalFiles() {
        byte[] first = ModelFile.model("m", "1", FEATURES, Training.run(separable(800, 9), new LogisticTrainer(0.1, 15), 3),
                Map.of("label", "forward-return:1"));
        byte[] again = ModelFile.model("m", "1", FEATURES, Training.run(separable(800, 9), new LogisticTrainer(0.1, 15), 3),
                Map.of("label", "forward-return:1"));
        assertThat(again).isEqualTo(first);
        assertThat(ModelFile.metrics(Training.run(separable(800, 9), new LogisticTrainer(0.1, 15), 3)))
                .isEqualTo(ModelFile.metrics(Training.run(separable(800, 9), new LogisticTrainer(0.1, 15), 3)));
    }
}
