package dev.marketfn.rules;

import java.util.List;
import java.util.Map;

/**
 * The outcome of evaluating a rule set on one record: the rules whose condition was true, and the state to persist
 * for the next record of the series. {@code outOfOrder}: the record was older than the last one of its series, so
 * it was evaluated without history (prev/crosses unknown) and the state was left unchanged.
 */
public record Evaluation(List<Fired> fired, RuleState state, boolean outOfOrder) {

    public Evaluation {
        fired = List.copyOf(fired);
    }

    /** A rule that fired, with every value its condition read ({@code name}, {@code prev(name)}, {@code prev(name, n)}). */
    public record Fired(Rule rule, Map<String, Object> values) {
    }
}
