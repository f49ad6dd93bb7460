package dev.marketfn.news;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A word list rated for valence (−5..5), single words and a few two-word phrases, read from a TSV resource. */
public final class Lexicon {
    public static final String AFINN_FINANCIAL = "afinn-165-financialmarketnews.tsv";

    private final Map<String, Integer> words;
    private final Map<String, Integer> phrases;

    private Lexicon(Map<String, Integer> words, Map<String, Integer> phrases) {
        this.words = Map.copyOf(words);
        this.phrases = Map.copyOf(phrases);
    }

    /** AFINN-165 with its financial-market-news changes (npm afinn-165-financialmarketnews 3.0.0, MIT). */
    public static Lexicon afinnFinancial() {
        return load(AFINN_FINANCIAL);
    }

    static Lexicon load(String resource) {
        Map<String, Integer> words = new HashMap<>();
        Map<String, Integer> phrases = new HashMap<>();
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("lexicon resource " + resource + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                String term = line.substring(0, tab);
                int valence = Integer.parseInt(line.substring(tab + 1).strip());
                (term.contains(" ") ? phrases : words).put(term, valence);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Lexicon(words, phrases);
    }

    public Integer word(String w) {
        return words.get(w);
    }

    public Integer phrase(String first, String second) {
        return phrases.get(first + " " + second);
    }

    public int size() {
        return words.size() + phrases.size();
    }
}
