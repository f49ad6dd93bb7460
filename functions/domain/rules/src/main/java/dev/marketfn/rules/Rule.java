package dev.marketfn.rules;

/**
 * One rule of a rules file. {@code signal} is its vote (+1 buy … −1 sell), {@code score} its weight in the ensemble;
 * {@code reset} (optional) turns the condition into a latch that holds until the reset condition is true.
 */
public record Rule(String name, String condition, String reset, double signal, double score, String description,
        Expr expression) {

    /** The condition as shown in a rationale: with its reset when it has one. */
    public String displayCondition() {
        return reset == null ? condition : condition + " (until " + reset + ")";
    }
}
