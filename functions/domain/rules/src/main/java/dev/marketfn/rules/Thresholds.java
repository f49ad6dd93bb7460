package dev.marketfn.rules;

/**
 * How the ensemble score becomes an action: BUY when score ≥ {@code buy}, SELL when score ≤ {@code sell}, HOLD
 * otherwise or when the confidence is below {@code minConfidence}.
 */
public record Thresholds(double buy, double sell, double minConfidence) {
    public static final Thresholds DEFAULT = new Thresholds(0.3, -0.3, 0.0);

    public Thresholds {
        if (!(buy > 0 && buy <= 1)) {
            throw new IllegalArgumentException("buy threshold must be in (0, 1], was " + buy);
        }
        if (!(sell < 0 && sell >= -1)) {
            throw new IllegalArgumentException("sell threshold must be in [-1, 0), was " + sell);
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min_confidence must be in [0, 1], was " + minConfidence);
        }
    }
}
