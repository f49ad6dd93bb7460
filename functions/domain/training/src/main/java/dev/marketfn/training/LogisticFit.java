package dev.marketfn.training;

/**
 * A fitted logistic regression in the terms of a {@code marketfn.logistic.v1} file: {@code p = 1 / (1 + exp(-(intercept
 * + Σ coefficients[i]·(x[i] − mean[i]) / std[i])))}, p the probability that the label is 1.
 */
public record LogisticFit(double[] mean, double[] std, double intercept, double[] coefficients) {
    public double probability(double[] x) {
        double z = intercept;
        for (int i = 0; i < x.length; i++) {
            z += coefficients[i] * (x[i] - mean[i]) / std[i];
        }
        // the same clamp as alpha-call's LogisticScorer, so a fold is scored as the function would score it
        double clamped = Math.max(-30, Math.min(30, z));
        return 1.0 / (1.0 + Math.exp(-clamped));
    }
}
