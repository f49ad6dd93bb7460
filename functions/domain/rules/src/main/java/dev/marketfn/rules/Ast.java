package dev.marketfn.rules;

import java.util.Map;

/** Static analysis of a parsed condition: depth, look-back per variable, and the latches it owns. */
final class Ast {
    private Ast() {
    }

    static int depth(Expr e) {
        return 1 + switch (e) {
            case Expr.Num n -> 0;
            case Expr.Var v -> 0;
            case Expr.Neg n -> depth(n.operand());
            case Expr.Not n -> depth(n.operand());
            case Expr.Prev p -> depth(p.operand());
            case Expr.Arith a -> Math.max(depth(a.left()), depth(a.right()));
            case Expr.Compare c -> Math.max(depth(c.left()), depth(c.right()));
            case Expr.Logic l -> Math.max(depth(l.left()), depth(l.right()));
            case Expr.Cross c -> Math.max(depth(c.left()), depth(c.right()));
            case Expr.Latch l -> Math.max(depth(l.set()), depth(l.reset()));
            case Expr.Fn f -> f.args().stream().mapToInt(Ast::depth).max().orElse(0);
        };
    }

    /** Rejects look-back beyond {@link ConditionParser#MAX_LAG} bars (prev of prev adds up, a cross needs one more). */
    static void checkLags(Expr e, int lag) {
        if (lag > ConditionParser.MAX_LAG) {
            throw new ExpressionException(e.pos(), "looks back " + lag + " bars, limit " + ConditionParser.MAX_LAG);
        }
        switch (e) {
            case Expr.Num n -> { }
            case Expr.Var v -> { }
            case Expr.Neg n -> checkLags(n.operand(), lag);
            case Expr.Not n -> checkLags(n.operand(), lag);
            case Expr.Prev p -> checkLags(p.operand(), lag + p.lag());
            case Expr.Arith a -> { checkLags(a.left(), lag); checkLags(a.right(), lag); }
            case Expr.Compare c -> { checkLags(c.left(), lag); checkLags(c.right(), lag); }
            case Expr.Logic l -> { checkLags(l.left(), lag); checkLags(l.right(), lag); }
            case Expr.Cross c -> { checkLags(c.left(), lag + 1); checkLags(c.right(), lag + 1); }
            case Expr.Latch l -> { checkLags(l.set(), lag); checkLags(l.reset(), lag); }
            case Expr.Fn f -> f.args().forEach(a -> checkLags(a, lag));
        }
    }

    /** Adds, for every variable, the deepest look-back at which {@code e} reads it (0 = current bar only). */
    static void lags(Expr e, int lag, Map<String, Integer> out) {
        switch (e) {
            case Expr.Num n -> { }
            case Expr.Var v -> out.merge(v.name(), lag, Math::max);
            case Expr.Neg n -> lags(n.operand(), lag, out);
            case Expr.Not n -> lags(n.operand(), lag, out);
            case Expr.Prev p -> lags(p.operand(), lag + p.lag(), out);
            case Expr.Arith a -> { lags(a.left(), lag, out); lags(a.right(), lag, out); }
            case Expr.Compare c -> { lags(c.left(), lag, out); lags(c.right(), lag, out); }
            case Expr.Logic l -> { lags(l.left(), lag, out); lags(l.right(), lag, out); }
            case Expr.Cross c -> { lags(c.left(), lag + 1, out); lags(c.right(), lag + 1, out); }
            case Expr.Latch l -> { lags(l.set(), lag, out); lags(l.reset(), lag, out); }
            case Expr.Fn f -> f.args().forEach(a -> lags(a, lag, out));
        }
    }
}
