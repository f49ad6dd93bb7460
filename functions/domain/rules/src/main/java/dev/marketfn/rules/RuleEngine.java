package dev.marketfn.rules;

import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a rule set on one record. Pure: the only memory is the {@link RuleState} passed in and returned.
 *
 * <p>Null semantics (three-valued, like SQL): arithmetic on a null (warming-up or missing past) value is null, a
 * comparison with a null is <em>unknown</em>, {@code not unknown} is unknown, {@code and}/{@code or} follow Kleene's
 * logic, and a rule fires only when its condition is <em>true</em>. So a warming-up indicator never fires a rule
 * and never raises an error.
 */
public final class RuleEngine {
    private RuleEngine() {
    }

    public static Evaluation evaluate(RuleSet rules, IndicatorComputed record, RuleState previous) {
        if (record == null || record.ts() == null) {
            throw InvalidInputException.missing(record == null ? "record" : "ts");
        }
        RuleState state = previous == null ? RuleState.EMPTY : previous;
        String key = RuleState.seriesKey(record);
        RuleState.Series last = state.get(key);

        Map<String, List<Double>> past;
        Map<String, Boolean> latchesIn;
        boolean outOfOrder = false;
        if (last == null || last.ts() == null || record.ts().isAfter(last.ts())) {
            past = last == null ? Map.of() : last.values();
            latchesIn = last == null ? Map.of() : last.latches();
        } else if (record.ts().equals(last.ts())) {
            // A redelivered bar: evaluate it against what was known before it, so the output is the same again.
            past = new HashMap<>();
            last.values().forEach((name, vals) -> past.put(name, vals.isEmpty() ? vals : vals.subList(1, vals.size())));
            latchesIn = last.latchesBefore();
        } else {
            past = Map.of();
            latchesIn = Map.of();
            outOfOrder = true;
        }

        Map<String, Boolean> latchesOut = new HashMap<>();
        List<Evaluation.Fired> fired = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            Context ctx = new Context(record, past, latchesIn, latchesOut);
            if (Boolean.TRUE.equals(ctx.bool(rule.expression(), 0))) {
                fired.add(new Evaluation.Fired(rule, Collections.unmodifiableMap(ctx.seen)));
            }
        }
        if (outOfOrder) {
            return new Evaluation(fired, state, true);
        }

        Map<String, List<Double>> values = new HashMap<>();
        rules.history().forEach((name, lag) -> {
            List<Double> kept = new ArrayList<>(lag + 1);
            kept.add(Identifiers.value(record, name));
            List<Double> older = past.getOrDefault(name, List.of());
            // lag + 1 values: the current bar and `lag` before it, so a redelivery of this bar still sees `lag`.
            for (int i = 0; i < lag && i < older.size(); i++) {
                kept.add(older.get(i));
            }
            values.put(name, Collections.unmodifiableList(kept));
        });
        Map<String, Boolean> before = new HashMap<>(latchesIn);
        before.keySet().retainAll(latchesOut.keySet());
        RuleState.Series next = new RuleState.Series(record.ts(), values, latchesOut, before);
        return new Evaluation(fired, state.with(key, next), false);
    }

    /** Evaluation of one rule: reads the record and the past, updates latches, records what it saw. */
    private static final class Context {
        private final IndicatorComputed record;
        private final Map<String, List<Double>> past;
        private final Map<String, Boolean> latchesIn;
        private final Map<String, Boolean> latchesOut;
        private final Map<String, Object> seen = new LinkedHashMap<>();

        Context(IndicatorComputed record, Map<String, List<Double>> past, Map<String, Boolean> latchesIn,
                Map<String, Boolean> latchesOut) {
            this.record = record;
            this.past = past;
            this.latchesIn = latchesIn;
            this.latchesOut = latchesOut;
        }

        private Double lookup(String name, int lag) {
            Double v;
            if (lag == 0) {
                v = Identifiers.value(record, name);
            } else {
                List<Double> vals = past.get(name);
                v = vals == null || vals.size() < lag ? null : vals.get(lag - 1);
            }
            seen.put(lag == 0 ? name : lag == 1 ? "prev(" + name + ")" : "prev(" + name + ", " + lag + ")", v);
            return v;
        }

        Double num(Expr e, int lag) {
            Double v = switch (e) {
                case Expr.Num n -> n.value();
                case Expr.Var v2 -> lookup(v2.name(), lag);
                case Expr.Neg n -> {
                    Double x = num(n.operand(), lag);
                    yield x == null ? null : -x;
                }
                case Expr.Prev p -> num(p.operand(), lag + p.lag());
                case Expr.Arith a -> arith(a, lag);
                case Expr.Fn f -> fn(f, lag);
                default -> throw new IllegalStateException("not numeric: " + e);
            };
            // Division by zero and overflow are "no value", like warm-up, not an error and not infinity.
            return v == null || !Double.isFinite(v) ? null : v;
        }

        private Double arith(Expr.Arith a, int lag) {
            Double l = num(a.left(), lag);
            Double r = num(a.right(), lag);
            if (l == null || r == null) {
                return null;
            }
            return switch (a.op()) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> r == 0 ? null : l / r;
                default -> throw new IllegalStateException("operator " + a.op());
            };
        }

        private Double fn(Expr.Fn f, int lag) {
            List<Double> args = new ArrayList<>(f.args().size());
            for (Expr arg : f.args()) {
                args.add(num(arg, lag));
            }
            if (args.contains(null)) {
                return null;
            }
            return switch (f.name()) {
                case "abs" -> Math.abs(args.getFirst());
                case "min" -> args.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case "max" -> args.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                default -> throw new IllegalStateException("function " + f.name());
            };
        }

        /** TRUE, FALSE or null (unknown). Every branch is evaluated (no short-circuit) so every latch updates. */
        Boolean bool(Expr e, int lag) {
            return switch (e) {
                case Expr.Compare c -> compare(c.op(), num(c.left(), lag), num(c.right(), lag));
                case Expr.Not n -> {
                    Boolean b = bool(n.operand(), lag);
                    yield b == null ? null : !b;
                }
                case Expr.Logic l -> {
                    Boolean a = bool(l.left(), lag);
                    Boolean b = bool(l.right(), lag);
                    yield l.and() ? and(a, b) : or(a, b);
                }
                case Expr.Cross c -> {
                    Boolean now = compare(c.above() ? ">" : "<", num(c.left(), lag), num(c.right(), lag));
                    Boolean before = compare(c.above() ? "<=" : ">=", num(c.left(), lag + 1), num(c.right(), lag + 1));
                    yield and(now, before);
                }
                case Expr.Latch l -> latch(l, lag);
                default -> throw new IllegalStateException("not boolean: " + e);
            };
        }

        private Boolean latch(Expr.Latch l, int lag) {
            Boolean set = bool(l.set(), lag);
            Boolean reset = bool(l.reset(), lag);
            Boolean was = latchesIn.get(l.id());
            Boolean now;
            if (!Boolean.TRUE.equals(was) && Boolean.TRUE.equals(set)) {
                now = true;
            } else if (Boolean.TRUE.equals(was) && Boolean.TRUE.equals(reset)) {
                now = false;
            } else if (was == null && Boolean.FALSE.equals(set)) {
                now = false;
            } else {
                now = was;
            }
            if (now != null) {
                latchesOut.put(l.id(), now);
            }
            return now;
        }

        private static Boolean compare(String op, Double l, Double r) {
            if (l == null || r == null) {
                return null;
            }
            // Primitive comparison, so that -0.0 == 0.0 (Double.compare would order them).
            double a = l;
            double b = r;
            return switch (op) {
                case "<" -> a < b;
                case "<=" -> a <= b;
                case ">" -> a > b;
                case ">=" -> a >= b;
                case "==" -> a == b;
                case "!=" -> a != b;
                default -> throw new IllegalStateException("comparison " + op);
            };
        }

        private static Boolean and(Boolean a, Boolean b) {
            if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
                return false;
            }
            return a == null || b == null ? null : true;
        }

        private static Boolean or(Boolean a, Boolean b) {
            if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
                return true;
            }
            return a == null || b == null ? null : false;
        }
    }
}
