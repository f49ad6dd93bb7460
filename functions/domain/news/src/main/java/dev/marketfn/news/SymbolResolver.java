package dev.marketfn.news;

import dev.marketfn.providers.Symbols;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Provider tickers → the canonical symbols the instrument table knows. A news ticker is written as the provider
 * writes it: Alpaca's crypto tickers are concatenated ({@code BTCUSD}), so each ticker is tried as itself and as a
 * crypto pair. A ticker the table does not know is dropped; a story none of whose tickers resolves keeps an empty list.
 */
public final class SymbolResolver {
    private SymbolResolver() {
    }

    /** Every symbol worth looking up for these stories. */
    public static Set<String> candidates(List<NewsRecord> stories) {
        Set<String> out = new LinkedHashSet<>();
        for (NewsRecord r : stories) {
            for (String t : r.symbols()) {
                out.add(t);
                String pair = asPair(t);
                if (pair != null) {
                    out.add(pair);
                }
            }
        }
        return out;
    }

    public static List<String> resolve(List<String> tickers, Set<String> known) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tickers) {
            if (known.contains(t)) {
                out.add(t);
            } else {
                String pair = asPair(t);
                if (pair != null && known.contains(pair)) {
                    out.add(pair);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String asPair(String ticker) {
        try {
            String pair = Symbols.crypto(ticker);
            return pair.equals(ticker) ? null : pair;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
