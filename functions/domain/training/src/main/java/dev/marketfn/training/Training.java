package dev.marketfn.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward purged validation, then the model fitted on every row. Each fold is scored against the base-rate
 * baseline: the training rows' share of 1 labels predicted for every test row.
 */
public final class Training {
    public record FoldResult(WalkForward.Fold fold, Scores model, Scores baseline) {
    }

    public record Result(LogisticFit model, List<FoldResult> folds, int rows, double positiveRate) {
        public double meanModel(java.util.function.ToDoubleFunction<Scores> metric) {
            return mean(folds.stream().map(FoldResult::model).toList(), metric);
        }

        public double meanBaseline(java.util.function.ToDoubleFunction<Scores> metric) {
            return mean(folds.stream().map(FoldResult::baseline).toList(), metric);
        }

        private static double mean(List<Scores> scores, java.util.function.ToDoubleFunction<Scores> metric) {
            return scores.stream().mapToDouble(metric).filter(Double::isFinite).average().orElse(Double.NaN);
        }
    }

    private Training() {
    }

    public static Result run(Dataset data, LogisticTrainer trainer, int folds) {
        if (data.rows() == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
        List<FoldResult> results = new ArrayList<>();
        for (WalkForward.Fold fold : WalkForward.folds(data.time(), data.labelEnd(), folds)) {
            int[] trainY = data.y(fold.train());
            LogisticFit fit = trainer.fit(data.x(fold.train()), trainY);
            double base = rate(trainY);
            int m = fold.testTo() - fold.testFrom();
            double[] p = new double[m];
            double[] b = new double[m];
            int[] y = new int[m];
            for (int i = 0; i < m; i++) {
                int row = fold.testFrom() + i;
                p[i] = fit.probability(data.x()[row]);
                b[i] = base;
                y[i] = data.y()[row];
            }
            results.add(new FoldResult(fold, Scores.of(p, y), Scores.of(b, y)));
        }
        return new Result(trainer.fit(data.x(), data.y()), List.copyOf(results), data.rows(), rate(data.y()));
    }

    private static double rate(int[] y) {
        long ones = 0;
        for (int v : y) {
            ones += v;
        }
        return (double) ones / y.length;
    }
}
