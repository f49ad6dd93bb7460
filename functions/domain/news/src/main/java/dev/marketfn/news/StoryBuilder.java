package dev.marketfn.news;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.providers.Symbols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The steps every parser shares: plain text, canonical tickers, the content hash and the deterministic id. */
final class StoryBuilder {
    private StoryBuilder() {
    }

    static NewsRecord build(String provider, String providerId, String headlineHtml, String summaryHtml, String bodyHtml,
            String url, String source, String author, Instant published, Instant updated, List<String> tickers,
            List<NewsRecord.Insight> insights, String rawEventId, String at) {
        String headline = Html.strip(headlineHtml);
        if (headline.isEmpty()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, at + ".headline", "the headline has no text once HTML is removed");
        }
        String summary = blankToNull(Html.strip(summaryHtml));
        String body = blankToNull(Html.strip(bodyHtml));
        String hash = ContentHash.of(headline, published);
        return new NewsRecord(EventIds.derive("news|" + hash, "news"), hash, provider, providerId, headline, summary,
                body, url, blankToNull(Html.strip(source)), blankToNull(Html.strip(author)), published,
                updated != null && updated.isBefore(published) ? published : updated, canonical(tickers), insights,
                rawEventId);
    }

    /**
     * The provider's tickers in canonical form, deduplicated in order. A ticker that is no symbol at all (Benzinga
     * tags such as {@code $SPX}) is dropped, not an error: the story stays, its symbols are what resolves.
     */
    static List<String> canonical(List<String> tickers) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tickers) {
            try {
                out.add(Symbols.looksLikeCryptoPair(t) ? Symbols.crypto(t) : Symbols.equity(t));
            } catch (IllegalArgumentException e) {
                // not a symbol: the story keeps the others
            }
        }
        return new ArrayList<>(out);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
