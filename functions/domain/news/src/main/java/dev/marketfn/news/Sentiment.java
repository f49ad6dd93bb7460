package dev.marketfn.news;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A finance lexicon scorer with negation: text → a score in (−1, 1).
 *
 * <ul>
 *   <li>Tokens are runs of letters, digits, apostrophes and inner hyphens, lower-cased; {@code . , ; : ! ? —}
 *       end a clause.</li>
 *   <li>Each token (or two-token phrase) in the lexicon adds its valence; a token not in it is looked up once more
 *       without a regular inflection ({@code -s}, {@code -es}, {@code -ed}, {@code -d}, {@code -ing}), so
 *       {@code beats} counts as {@code beat}.</li>
 *   <li>A negator ({@code not}, {@code no}, {@code never}, {@code without}, {@code n't}…) flips and damps (× −0.75)
 *       the valence of the next three tokens of its clause.</li>
 *   <li>The sum {@code s} becomes {@code s / sqrt(s² + 15)} (VADER's normalization), so one mild word is ±0.25 and
 *       the score saturates smoothly.</li>
 * </ul>
 * Pure and thread-safe. {@link #MODEL} and {@link #VERSION} are stored with every score; change the version with
 * any change to the lexicon or the rules above.
 */
public final class Sentiment {
    public static final String MODEL = "afinn165-fmn-negation";
    public static final String VERSION = "1.0.0";
    /** A score at or beyond ± this is labelled positive / negative (the evaluation's three classes). */
    public static final double NEUTRAL_BAND = 0.05;

    private static final Set<String> NEGATORS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "without", "cannot", "lack", "lacks", "lacking", "barely", "hardly");
    private static final int NEGATION_SCOPE = 3;
    private static final double NEGATION_FACTOR = -0.75;
    private static final double ALPHA = 15;

    private final Lexicon lexicon;

    public Sentiment(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    public static Sentiment standard() {
        return new Sentiment(Lexicon.afinnFinancial());
    }

    public double score(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        double sum = 0;
        for (List<String> clause : clauses(text)) {
            int negatedUntil = -1;
            for (int i = 0; i < clause.size(); i++) {
                String t = clause.get(i);
                if (NEGATORS.contains(t) || t.endsWith("n't")) {
                    negatedUntil = i + NEGATION_SCOPE;
                    continue;
                }
                Integer v = null;
                if (i + 1 < clause.size()) {
                    v = lexicon.phrase(t, clause.get(i + 1));
                }
                boolean phrase = v != null;
                if (v == null) {
                    v = valence(t);
                }
                if (v != null) {
                    sum += i <= negatedUntil ? v * NEGATION_FACTOR : v;
                }
                if (phrase) {
                    i++;
                }
            }
        }
        return sum / Math.sqrt(sum * sum + ALPHA);
    }

    /** {@code positive}, {@code negative} or {@code neutral}. */
    public static String label(double score) {
        return score >= NEUTRAL_BAND ? "positive" : score <= -NEUTRAL_BAND ? "negative" : "neutral";
    }

    private Integer valence(String t) {
        Integer v = lexicon.word(t);
        if (v != null) {
            return v;
        }
        for (String suffix : new String[] {"ing", "es", "ed", "s", "d"}) {
            if (t.length() > suffix.length() + 2 && t.endsWith(suffix)) {
                v = lexicon.word(t.substring(0, t.length() - suffix.length()));
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    static List<List<String>> clauses(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> clause = new ArrayList<>();
        StringBuilder tok = new StringBuilder();
        String s = text.toLowerCase(Locale.ROOT).replace('’', '\'');
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            boolean inner = (c == '\'' || c == '-') && tok.length() > 0 && i + 1 < s.length()
                    && Character.isLetterOrDigit(s.charAt(i + 1));
            if (Character.isLetterOrDigit(c) || inner) {
                tok.append(c);
                continue;
            }
            if (tok.length() > 0) {
                clause.add(tok.toString());
                tok.setLength(0);
            }
            if (".,;:!?—–()\"".indexOf(c) >= 0 && !clause.isEmpty()) {
                out.add(clause);
                clause = new ArrayList<>();
            }
        }
        if (!clause.isEmpty()) {
            out.add(clause);
        }
        return out;
    }
}
