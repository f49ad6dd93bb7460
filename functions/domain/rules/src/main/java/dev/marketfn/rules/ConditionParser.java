package dev.marketfn.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexer and recursive-descent parser of the condition language (grammar in docs/rules.md). It builds an AST of
 * a fixed, closed set of nodes: there is no way to name a class, a file or a host, and input size, nesting depth
 * and look-back are bounded so that a hostile rules file cannot exhaust the stack or the state store.
 */
public final class ConditionParser {
    public static final int MAX_LENGTH = 1000;
    public static final int MAX_DEPTH = 32;
    /** Largest total look-back of prev/crosses, in bars; bounds the per-series history kept in {@link RuleState}. */
    public static final int MAX_LAG = 50;
    static final int MAX_NODES = 256;

    private enum T { NUMBER, IDENT, OP, LPAREN, RPAREN, COMMA, EOF }

    private record Token(T type, String text, int pos) {
    }

    private final String ruleName;
    private final List<Token> tokens;
    private int i;
    private int depth;
    private int nodes;
    private int latches;

    private ConditionParser(String src, String ruleName) {
        this.ruleName = ruleName;
        this.tokens = lex(src);
    }

    /** Parses a boolean condition of rule {@code ruleName} (the name keys its latch states). */
    public static Expr parseCondition(String text, String ruleName) {
        return new ConditionParser(check(text), ruleName).parseTop();
    }

    private static String check(String text) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException(0, "empty expression");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException(MAX_LENGTH, "expression longer than " + MAX_LENGTH + " characters");
        }
        return text;
    }

    private Expr parseTop() {
        Expr e = parseOr();
        Token t = peek();
        if (t.type != T.EOF) {
            throw new ExpressionException(t.pos, "unexpected '" + t.text + "'");
        }
        if (!e.isBoolean()) {
            throw new ExpressionException(e.pos(), "a condition must be true/false, not a number (add a comparison)");
        }
        int d = Ast.depth(e);
        if (d > MAX_DEPTH) {
            throw new ExpressionException(e.pos(), "expression nested " + d + " deep, limit " + MAX_DEPTH);
        }
        Ast.checkLags(e, 0);
        return e;
    }

    // ---- lexer ------------------------------------------------------------------------------------------------

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int p = 0;
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                p++;
            } else if (isDigit(c) || (c == '.' && p + 1 < s.length() && isDigit(s.charAt(p + 1)))) {
                int start = p;
                while (p < s.length() && isDigit(s.charAt(p))) p++;
                if (p < s.length() && s.charAt(p) == '.') {
                    p++;
                    while (p < s.length() && isDigit(s.charAt(p))) p++;
                }
                if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
                    int q = p + 1;
                    if (q < s.length() && (s.charAt(q) == '+' || s.charAt(q) == '-')) q++;
                    if (q < s.length() && isDigit(s.charAt(q))) {
                        p = q;
                        while (p < s.length() && isDigit(s.charAt(p))) p++;
                    }
                }
                if (p < s.length() && (Character.isLetter(s.charAt(p)) || s.charAt(p) == '_' || s.charAt(p) == '.')) {
                    throw new ExpressionException(p, "malformed number '" + s.substring(start, p + 1) + "'");
                }
                out.add(new Token(T.NUMBER, s.substring(start, p), start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = p;
                while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || s.charAt(p) == '_')) p++;
                out.add(new Token(T.IDENT, s.substring(start, p), start));
            } else if (c == '(') {
                out.add(new Token(T.LPAREN, "(", p++));
            } else if (c == ')') {
                out.add(new Token(T.RPAREN, ")", p++));
            } else if (c == ',') {
                out.add(new Token(T.COMMA, ",", p++));
            } else if ((c == '<' || c == '>' || c == '=' || c == '!') && p + 1 < s.length() && s.charAt(p + 1) == '=') {
                out.add(new Token(T.OP, s.substring(p, p + 2), p));
                p += 2;
            } else if (c == '<' || c == '>' || c == '+' || c == '-' || c == '*' || c == '/') {
                out.add(new Token(T.OP, String.valueOf(c), p++));
            } else {
                throw new ExpressionException(p, "unexpected character '" + printable(s.codePointAt(p)) + "'"
                        + (c == '=' ? " (use == to compare)" : ""));
            }
        }
        out.add(new Token(T.EOF, "end of expression", s.length()));
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(int cp) {
        return cp < 0x20 || cp == 0x7f ? String.format("\\u%04x", cp) : new String(Character.toChars(cp));
    }

    // ---- parser -----------------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(i);
    }

    private Token next() {
        return tokens.get(i++);
    }

    private boolean atWord(String w) {
        Token t = peek();
        return t.type == T.IDENT && t.text.equals(w);
    }

    private boolean atOp(String op) {
        Token t = peek();
        return t.type == T.OP && t.text.equals(op);
    }

    private Token expect(T type, String what) {
        Token t = peek();
        if (t.type != type) {
            throw new ExpressionException(t.pos, "expected " + what + " but found '" + t.text + "'");
        }
        return next();
    }

    private void enter(int pos) {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException(pos, "expression nested deeper than " + MAX_DEPTH);
        }
        if (++nodes > MAX_NODES) {
            throw new ExpressionException(pos, "expression has more than " + MAX_NODES + " parts");
        }
    }

    private Expr parseOr() {
        enter(peek().pos);
        Expr left = parseAnd();
        while (atWord("or")) {
            Token op = next();
            Expr right = parseAnd();
            left = new Expr.Logic(op.pos, false, bool(left), bool(right));
            nodes++;
        }
        depth--;
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (atWord("and")) {
            Token op = next();
            Expr right = parseNot();
            left = new Expr.Logic(op.pos, true, bool(left), bool(right));
            nodes++;
        }
        return left;
    }

    private Expr parseNot() {
        if (atWord("not")) {
            Token op = next();
            enter(op.pos);
            Expr e = new Expr.Not(op.pos, bool(parseNot()));
            depth--;
            return e;
        }
        return parseComparison();
    }

    private Expr parseComparison() {
        Expr left = parseAdditive();
        Token t = peek();
        if (t.type == T.OP && isComparison(t.text)) {
            next();
            Expr right = parseAdditive();
            Token again = peek();
            if (again.type == T.OP && isComparison(again.text)) {
                throw new ExpressionException(again.pos, "comparisons do not chain; write 'a < b and b < c'");
            }
            return new Expr.Compare(t.pos, t.text, num(left), num(right));
        }
        return left;
    }

    private static boolean isComparison(String op) {
        return switch (op) {
            case "<", "<=", ">", ">=", "==", "!=" -> true;
            default -> false;
        };
    }

    private Expr parseAdditive() {
        Expr left = parseTerm();
        while (atOp("+") || atOp("-")) {
            Token op = next();
            Expr right = parseTerm();
            left = new Expr.Arith(op.pos, op.text.charAt(0), num(left), num(right));
            nodes++;
        }
        return left;
    }

    private Expr parseTerm() {
        Expr left = parseUnary();
        while (atOp("*") || atOp("/")) {
            Token op = next();
            Expr right = parseUnary();
            left = new Expr.Arith(op.pos, op.text.charAt(0), num(left), num(right));
            nodes++;
        }
        return left;
    }

    private Expr parseUnary() {
        if (atOp("-")) {
            Token op = next();
            enter(op.pos);
            Expr operand = num(parseUnary());
            depth--;
            return operand instanceof Expr.Num n ? new Expr.Num(op.pos, -n.value()) : new Expr.Neg(op.pos, operand);
        }
        return parsePrimary();
    }

    private Expr parsePrimary() {
        Token t = next();
        switch (t.type) {
            case NUMBER -> {
                double v = Double.parseDouble(t.text);
                if (!Double.isFinite(v)) {
                    throw new ExpressionException(t.pos, "number out of range '" + t.text + "'");
                }
                return new Expr.Num(t.pos, v);
            }
            case LPAREN -> {
                Expr e = parseOr();
                expect(T.RPAREN, "')'");
                return e;
            }
            case IDENT -> {
                if (peek().type == T.LPAREN) {
                    return parseCall(t);
                }
                if (isKeyword(t.text)) {
                    throw new ExpressionException(t.pos, "'" + t.text + "' needs an operand");
                }
                String name = NameAliases.canonical(t.text);
                if (!Identifiers.isKnown(name)) {
                    throw new ExpressionException(t.pos, "unknown identifier '" + t.text
                            + "' (indicators of docs/contract/indicators.md, bar fields " + Identifiers.BAR_FIELDS
                            + " or news features " + Identifiers.NEWS + ")");
                }
                return new Expr.Var(t.pos, name);
            }
            default -> throw new ExpressionException(t.pos, "expected a number, name or '(' but found '" + t.text + "'");
        }
    }

    private static boolean isKeyword(String w) {
        return w.equals("and") || w.equals("or") || w.equals("not");
    }

    private Expr parseCall(Token name) {
        enter(name.pos);
        next(); // '('
        List<Expr> args = new ArrayList<>();
        if (peek().type != T.RPAREN) {
            args.add(parseOr());
            while (peek().type == T.COMMA) {
                next();
                args.add(parseOr());
            }
        }
        expect(T.RPAREN, "')' or ','");
        depth--;
        return switch (name.text) {
            case "prev" -> prev(name, args);
            case "crosses_above", "crosses_below" -> {
                arity(name, args, 2, 2);
                yield new Expr.Cross(name.pos, name.text.equals("crosses_above"), num(args.get(0)), num(args.get(1)));
            }
            case "abs" -> {
                arity(name, args, 1, 1);
                yield new Expr.Fn(name.pos, "abs", List.of(num(args.get(0))));
            }
            case "min", "max" -> {
                arity(name, args, 2, 8);
                args.forEach(this::num);
                yield new Expr.Fn(name.pos, name.text, List.copyOf(args));
            }
            case "latch" -> {
                arity(name, args, 2, 2);
                yield new Expr.Latch(name.pos, ruleName + "#" + latches++, bool(args.get(0)), bool(args.get(1)));
            }
            default -> throw new ExpressionException(name.pos, "unknown function '" + name.text
                    + "' (functions: prev, crosses_above, crosses_below, latch, abs, min, max)");
        };
    }

    private Expr prev(Token name, List<Expr> args) {
        arity(name, args, 1, 2);
        int lag = 1;
        if (args.size() == 2) {
            if (!(args.get(1) instanceof Expr.Num n) || n.value() != Math.rint(n.value()) || n.value() < 1
                    || n.value() > MAX_LAG) {
                throw new ExpressionException(args.get(1).pos(), "prev's bar count must be a whole number 1.." + MAX_LAG);
            }
            lag = (int) n.value();
        }
        return new Expr.Prev(name.pos, num(args.get(0)), lag);
    }

    private static void arity(Token name, List<Expr> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String want = min == max ? String.valueOf(min) : min + ".." + max;
            throw new ExpressionException(name.pos, name.text + "() takes " + want + " argument(s), got " + args.size());
        }
    }

    private Expr num(Expr e) {
        if (e.isBoolean()) {
            throw new ExpressionException(e.pos(), "expected a number here, found a true/false expression");
        }
        return e;
    }

    private Expr bool(Expr e) {
        if (!e.isBoolean()) {
            throw new ExpressionException(e.pos(), "expected a true/false expression here, found a number");
        }
        return e;
    }
}
