package dev.marketfn.rules;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;

/** What the alpha-call function runs per record: evaluate the current rules with the series state, then vote. */
public final class AlphaEngine {
    private final RulesHolder rules;
    private final Ensemble ensemble;

    public AlphaEngine(RulesHolder rules, Ensemble ensemble) {
        this.rules = rules;
        this.ensemble = ensemble;
    }

    /** The call for {@code record} and the state to persist for the next record of its series. */
    public Result process(IndicatorComputed record, RuleState previous) {
        return process(rules.current(), record, previous);
    }

    /** The rule set in force now: take it once per event so a concurrent reload cannot split a batch. */
    public RuleSet rules() {
        return rules.current();
    }

    /** As {@link #process(IndicatorComputed, RuleState)} with a given rule set (from {@link #rules()}). */
    public Result process(RuleSet set, IndicatorComputed record, RuleState previous) {
        Evaluation evaluation = RuleEngine.evaluate(set, record, previous);
        return new Result(ensemble.decide(set, record, evaluation), evaluation.state(), evaluation.outOfOrder());
    }

    /**
     * {@code outOfOrder}: the record was older than the series' last bar, so it was evaluated without history and
     * {@code state} is the state passed in (see {@link Evaluation#outOfOrder()}).
     */
    public record Result(AlphaCall call, RuleState state, boolean outOfOrder) {
    }
}
