package dev.marketfn.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A validated, immutable set of rules with its ensemble thresholds; {@code source} names where it came from. */
public record RuleSet(String source, List<Rule> rules, Thresholds thresholds) {

    public RuleSet {
        rules = List.copyOf(rules);
    }

    /**
     * For each variable read in the past by any rule, how many past bars the state must keep. Variables only read
     * on the current bar are absent: they cost no state.
     */
    public Map<String, Integer> history() {
        Map<String, Integer> lags = new TreeMap<>();
        for (Rule r : rules) {
            Ast.lags(r.expression(), 0, lags);
        }
        lags.values().removeIf(l -> l == 0);
        return Collections.unmodifiableMap(lags);
    }

    /** Whether any rule reads one of {@code names}, now or in the past (alpha-call reads news only when one does). */
    public boolean reads(Collection<String> names) {
        Map<String, Integer> read = new TreeMap<>();
        for (Rule r : rules) {
            Ast.lags(r.expression(), 0, read);
        }
        return names.stream().anyMatch(read::containsKey);
    }
}
