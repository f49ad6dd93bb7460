package dev.marketfn.rules;

/**
 * The AST of a condition. Every node carries {@code pos}, its 0-based offset in the source text, so load errors
 * (types, lags) point at the offending token. Nodes are either numeric (value may be null) or boolean (three-valued).
 */
public sealed interface Expr {
    int pos();

    boolean isBoolean();

    record Num(int pos, double value) implements Expr {
        public boolean isBoolean() { return false; }
    }

    /** An indicator or bar field. */
    record Var(int pos, String name) implements Expr {
        public boolean isBoolean() { return false; }
    }

    record Neg(int pos, Expr operand) implements Expr {
        public boolean isBoolean() { return false; }
    }

    record Arith(int pos, char op, Expr left, Expr right) implements Expr {
        public boolean isBoolean() { return false; }
    }

    /** abs(x), min(a, b, ...), max(a, b, ...). */
    record Fn(int pos, String name, java.util.List<Expr> args) implements Expr {
        public boolean isBoolean() { return false; }
    }

    /** {@code prev(e, lag)}: e evaluated {@code lag} bars ago (every variable inside shifted by lag). */
    record Prev(int pos, Expr operand, int lag) implements Expr {
        public boolean isBoolean() { return false; }
    }

    record Compare(int pos, String op, Expr left, Expr right) implements Expr {
        public boolean isBoolean() { return true; }
    }

    record Not(int pos, Expr operand) implements Expr {
        public boolean isBoolean() { return true; }
    }

    /** and / or. */
    record Logic(int pos, boolean and, Expr left, Expr right) implements Expr {
        public boolean isBoolean() { return true; }
    }

    /** crosses_above / crosses_below: a relation that holds now and did not hold one bar ago. */
    record Cross(int pos, boolean above, Expr left, Expr right) implements Expr {
        public boolean isBoolean() { return true; }
    }

    /**
     * A set/reset flip-flop (hysteresis): becomes true when {@code set} holds, stays true until {@code reset} holds.
     * {@code id} keys its state in {@link RuleState}.
     */
    record Latch(int pos, String id, Expr set, Expr reset) implements Expr {
        public boolean isBoolean() { return true; }
    }
}
