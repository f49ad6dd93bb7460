package dev.marketfn.rules;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns fired rules (and optionally a model's vote) into an {@link AlphaCall}. With votes {@code s_i} ∈ [−1, 1] and
 * weights {@code w_i} ≥ 0 (the rules' {@code score}; the model votes {@code 2p − 1} with weight {@code modelWeight}):
 * <pre>
 *   score      = Σ s_i·w_i / Σ w_i                          (0 when Σ w_i = 0)
 *   agreement  = |Σ s_i·w_i| / Σ |s_i|·w_i                  (1: all voters agree, 0: they cancel out)
 *   support    = 1 − Π (1 − min(1, w_i))                    (more and stronger voters → closer to 1)
 *   confidence = agreement · support
 * </pre>
 * BUY when score ≥ buy, SELL when score ≤ sell, HOLD otherwise or when confidence &lt; min_confidence; NO_ACTION
 * when no rule fired. The model only refines calls: it never creates one on its own.
 */
public final class Ensemble {
    private final Scorer scorer;
    private final double modelWeight;
    private final CircuitBreaker breaker;

    private Ensemble(Scorer scorer, double modelWeight, CircuitBreaker breaker) {
        this.scorer = scorer;
        this.modelWeight = modelWeight;
        this.breaker = breaker;
    }

    public static Ensemble rulesOnly() {
        return new Ensemble(null, 0, null);
    }

    /** Rules blended with a model of weight {@code modelWeight} (≥ 0), guarded by {@code breaker}. */
    public static Ensemble withModel(Scorer scorer, double modelWeight, CircuitBreaker breaker) {
        if (!(modelWeight >= 0) || Double.isInfinite(modelWeight)) {
            throw new IllegalArgumentException("model weight must be a finite number >= 0, was " + modelWeight);
        }
        return new Ensemble(scorer, modelWeight, breaker);
    }

    public AlphaCall decide(RuleSet rules, IndicatorComputed record, Evaluation evaluation) {
        String signalId = SignalIds.of(record);
        if (evaluation.fired().isEmpty()) {
            return new AlphaCall(signalId, record.provider(), record.symbol(), record.interval(), record.ts(),
                    AlphaCall.Action.NO_ACTION, 0, 0, List.of(), null);
        }
        List<AlphaCall.Rationale> rationale = new ArrayList<>();
        for (Evaluation.Fired f : evaluation.fired()) {
            Rule r = f.rule();
            rationale.add(new AlphaCall.Rationale(r.name(), r.displayCondition(), f.values(), r.signal(), r.score()));
        }
        AlphaCall.Model model = null;
        OptionalDouble p = modelProbability(record);
        if (p.isPresent()) {
            model = scorer.model();
            Map<String, Object> inputs = new LinkedHashMap<>();
            for (String feature : scorer.features()) {
                inputs.put(feature, Identifiers.value(record, feature));
            }
            inputs.put("p", p.getAsDouble());
            rationale.add(new AlphaCall.Rationale("model:" + model.name(), "logistic p(up) = " + p.getAsDouble(),
                    inputs, 2 * p.getAsDouble() - 1, modelWeight));
        }

        double weighted = 0;
        double weights = 0;
        double absWeighted = 0;
        double unsupported = 1;
        for (AlphaCall.Rationale v : rationale) {
            weighted += v.vote() * v.weight();
            weights += v.weight();
            absWeighted += Math.abs(v.vote()) * v.weight();
            unsupported *= 1 - Math.min(1, v.weight());
        }
        double score = weights > 0 ? clamp(weighted / weights, -1, 1) : 0;
        double agreement = absWeighted > 0 ? Math.abs(weighted) / absWeighted : 0;
        double confidence = clamp(agreement * (1 - unsupported), 0, 1);

        Thresholds t = rules.thresholds();
        AlphaCall.Action action;
        if (confidence < t.minConfidence()) {
            action = AlphaCall.Action.HOLD;
        } else if (score >= t.buy()) {
            action = AlphaCall.Action.BUY;
        } else if (score <= t.sell()) {
            action = AlphaCall.Action.SELL;
        } else {
            action = AlphaCall.Action.HOLD;
        }
        return new AlphaCall(signalId, record.provider(), record.symbol(), record.interval(), record.ts(), action,
                confidence, score, List.copyOf(rationale), model);
    }

    /** The model's p, or empty when there is no model, the breaker is open, or the call failed (rules only then). */
    private OptionalDouble modelProbability(IndicatorComputed record) {
        if (scorer == null || !breaker.allow()) {
            return OptionalDouble.empty();
        }
        long start = breaker.now();
        OptionalDouble p;
        try {
            p = scorer.probability(record);
        } catch (RuntimeException e) {
            breaker.onFailure();
            return OptionalDouble.empty();
        }
        long elapsed = breaker.now() - start;
        if (p.isPresent() && !(p.getAsDouble() > 0 && p.getAsDouble() < 1)) {
            breaker.onFailure();
            return OptionalDouble.empty();
        }
        // A slow call still answered: its answer is used, but it counts towards opening the breaker.
        breaker.onSuccess(elapsed);
        return p;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
