package dev.marketfn.news;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A story's score per symbol it names. A symbol scores the headline plus the summary's sentences that mention its
 * ticker (as a whole word: {@code (NASDAQ:CRSR)}), or the whole text when no sentence does; a story naming no
 * symbol gets one story-level score under {@link #STORY}.
 */
public final class SymbolScores {
    /** The {@code symbol} of the score of a story that names no symbol. */
    public static final String STORY = "*";

    private SymbolScores() {
    }

    public record Score(String symbol, double score) {
    }

    public static List<Score> of(NewsRecord story, Sentiment model) {
        List<Score> out = new ArrayList<>();
        if (story.symbols().isEmpty()) {
            out.add(new Score(STORY, round(model.score(story.scoredText()))));
            return out;
        }
        String[] sentences = story.summary() == null ? new String[0] : story.summary().split("(?<=[.!?])\\s+");
        for (String symbol : story.symbols()) {
            String ticker = symbol.contains("-") ? symbol.substring(0, symbol.indexOf('-')) : symbol;
            Pattern word = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(ticker) + "(?![A-Za-z0-9])");
            StringBuilder text = new StringBuilder(story.headline());
            boolean named = false;
            for (String s : sentences) {
                if (word.matcher(s).find()) {
                    text.append(". ").append(s);
                    named = true;
                }
            }
            out.add(new Score(symbol, round(model.score(named ? text.toString() : story.scoredText()))));
        }
        return out;
    }

    /** Six decimals: what is stored and what the features read, so a replay computes the same numbers. */
    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
