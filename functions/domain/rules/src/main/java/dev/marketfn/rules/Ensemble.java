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
 *
 * <p>When a model is configured but does not vote on a call (warming up, breaker open, exception, p not in (0, 1),
 * slower than the breaker's budget), the call is the rules' alone, {@code model} is null, and the rationale ends with
 * a zero-weight entry {@code model:<name>} whose values say {@code fallback: true} and the {@code reason}.
 */
public final class Ensemble {
    /** Sees every model consultation (metrics, logs); {@code elapsedNanos} is −1 when the model was not called. */
    @FunctionalInterface
    public interface ModelObserver {
        ModelObserver NONE = (model, outcome, elapsedNanos, error) -> { };

        void observed(AlphaCall.Model model, ModelOutcome outcome, long elapsedNanos, Throwable error);
    }

    private final Scorer scorer;
    private final double modelWeight;
    private final CircuitBreaker breaker;
    private final ModelObserver observer;

    private Ensemble(Scorer scorer, double modelWeight, CircuitBreaker breaker, ModelObserver observer) {
        this.scorer = scorer;
        this.modelWeight = modelWeight;
        this.breaker = breaker;
        this.observer = observer;
    }

    public static Ensemble rulesOnly() {
        return new Ensemble(null, 0, null, ModelObserver.NONE);
    }

    /** Rules blended with a model of weight {@code modelWeight} (≥ 0), guarded by {@code breaker}. */
    public static Ensemble withModel(Scorer scorer, double modelWeight, CircuitBreaker breaker) {
        return withModel(scorer, modelWeight, breaker, ModelObserver.NONE);
    }

    /** As {@link #withModel(Scorer, double, CircuitBreaker)}, reporting every consultation to {@code observer}. */
    public static Ensemble withModel(Scorer scorer, double modelWeight, CircuitBreaker breaker,
            ModelObserver observer) {
        if (scorer == null || breaker == null || observer == null) {
            throw new IllegalArgumentException("scorer, breaker and observer are required");
        }
        if (!(modelWeight >= 0) || Double.isInfinite(modelWeight)) {
            throw new IllegalArgumentException("model weight must be a finite number >= 0, was " + modelWeight);
        }
        return new Ensemble(scorer, modelWeight, breaker, observer);
    }

    /** The model's name and version, or null for rules only. */
    public AlphaCall.Model model() {
        return scorer == null ? null : scorer.model();
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
        if (scorer != null) {
            AlphaCall.Model configured = scorer.model();
            Vote vote = consult(record);
            observer.observed(configured, vote.outcome(), vote.elapsedNanos(), vote.error());
            if (vote.outcome() == ModelOutcome.USED) {
                model = configured;
                double p = vote.p();
                Map<String, Object> inputs = new LinkedHashMap<>();
                for (String feature : scorer.features()) {
                    inputs.put(feature, Identifiers.value(record, feature));
                }
                inputs.put("p", p);
                rationale.add(new AlphaCall.Rationale("model:" + configured.name(), "logistic p(up) = " + p,
                        inputs, 2 * p - 1, modelWeight));
            } else {
                // Weight 0: shown, but changes neither score nor confidence.
                Map<String, Object> why = new LinkedHashMap<>();
                why.put("fallback", true);
                why.put("reason", vote.outcome().reason());
                why.put("version", configured.version());
                rationale.add(new AlphaCall.Rationale("model:" + configured.name(),
                        "model not used (" + vote.outcome().reason() + "): rules alone", why, 0, 0));
            }
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

    private record Vote(ModelOutcome outcome, double p, long elapsedNanos, Throwable error) {
        static Vote not(ModelOutcome outcome, long elapsedNanos, Throwable error) {
            return new Vote(outcome, Double.NaN, elapsedNanos, error);
        }
    }

    /**
     * Asks the model through the breaker. An exception, a p outside (0, 1) (NaN included) or an answer slower than
     * the breaker's budget is a failure and the answer is not used; a warming-up input is not a failure.
     */
    private Vote consult(IndicatorComputed record) {
        if (!breaker.allow()) {
            return Vote.not(ModelOutcome.CIRCUIT_OPEN, -1, null);
        }
        long start = breaker.now();
        OptionalDouble p;
        try {
            p = scorer.probability(record);
        } catch (ModelTimeoutException e) {
            breaker.onFailure(); // the scorer stopped waiting at its timeout: no answer, as for a late one
            return Vote.not(ModelOutcome.SLOW, breaker.now() - start, e);
        } catch (RuntimeException | StackOverflowError e) {
            breaker.onFailure();
            return Vote.not(ModelOutcome.ERROR, breaker.now() - start, e);
        } catch (Error e) {
            breaker.onFailure(); // never leave a half-open trial in flight
            throw e;
        }
        long elapsed = breaker.now() - start;
        if (p == null || (p.isPresent() && !(p.getAsDouble() > 0 && p.getAsDouble() < 1))) {
            breaker.onFailure();
            return Vote.not(ModelOutcome.INVALID_OUTPUT, elapsed, null);
        }
        if (!breaker.onSuccess(elapsed)) {
            // Over budget: counted as a failure, and the late answer is discarded so a call never waits on it.
            return Vote.not(ModelOutcome.SLOW, elapsed, null);
        }
        return p.isPresent() ? new Vote(ModelOutcome.USED, p.getAsDouble(), elapsed, null)
                : Vote.not(ModelOutcome.WARMING_UP, elapsed, null);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
