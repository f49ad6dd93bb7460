package dev.marketfn.rules;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A {@link Scorer} of a fixed feature row, what the model file formats share (the JSON {@link LogisticScorer},
 * alpha-call's ONNX scorer): the record's values of its features in their order ({@link Identifiers#values}), no
 * score while one warms up, else the model's p(up) of the row.
 */
public abstract class FeatureScorer implements Scorer {
    private final AlphaCall.Model model;
    private final List<String> features;

    protected FeatureScorer(AlphaCall.Model model, List<String> features) {
        this.model = model;
        this.features = List.copyOf(features);
    }

    @Override
    public final AlphaCall.Model model() {
        return model;
    }

    @Override
    public final List<String> features() {
        return features;
    }

    @Override
    public final OptionalDouble probability(IndicatorComputed record) {
        double[] row = Identifiers.values(record, features);
        return row == null ? OptionalDouble.empty() : OptionalDouble.of(probability(row));
    }

    /** p(up) of one complete row, one value per feature in {@link #features()} order. */
    protected abstract double probability(double[] row);
}
