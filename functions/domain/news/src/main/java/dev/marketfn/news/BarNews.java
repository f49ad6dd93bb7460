package dev.marketfn.news;

import dev.marketfn.bars.Interval;
import dev.marketfn.contracts.ExchangeZones;
import dev.marketfn.contracts.IndicatorComputed;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The news features of bars: one read of the scores for a run of bars ({@link #span}), then {@link NewsFeatures} per
 * bar at the bar's end (a bar's {@code ts} is its start; the features count only stories published at or before the
 * end, so a bar never sees news from after it closed). A symbol with no stored story gets the features of no news:
 * counts 0, sentiments null.
 */
public final class BarNews {
    private final Map<String, List<NewsFeatures.Scored>> bySymbol;

    /** {@code bySymbol}: each symbol's scores, oldest first, covering at least {@link #span} of the bars asked about. */
    public BarNews(Map<String, List<NewsFeatures.Scored>> bySymbol) {
        this.bySymbol = Map.copyOf(bySymbol);
    }

    /** The publication times to read for {@code bars}: from a day before the earliest end to the latest end. */
    public record Span(Instant from, Instant to) {
    }

    public static Span span(Collection<IndicatorComputed> bars) {
        Instant first = null;
        Instant last = null;
        for (IndicatorComputed bar : bars) {
            Instant end = end(bar);
            first = first == null || end.isBefore(first) ? end : first;
            last = last == null || end.isAfter(last) ? end : last;
        }
        if (first == null) {
            throw new IllegalArgumentException("no bars");
        }
        return new Span(first.minus(NewsFeatures.DAY), last);
    }

    /**
     * The end of a bar: its start plus the interval, or for {@code 1d} the next midnight of its exchange's zone (a
     * trading date lasts 23 or 25 hours across a DST change).
     */
    public static Instant end(IndicatorComputed bar) {
        return Interval.fromWire(bar.interval()).windowEnd(bar.ts(), ExchangeZones.of(null, bar.symbol()));
    }

    /** The features of {@link NewsFeatures#NAMES} for {@code bar}. */
    public Map<String, Double> features(IndicatorComputed bar) {
        Instant t = end(bar);
        List<NewsFeatures.Scored> stories = bySymbol.getOrDefault(bar.symbol(), List.of());
        // only the stories a day before t and up to t can weigh: a binary search on the sorted list, not a scan
        return NewsFeatures.at(t, stories.subList(firstAfter(stories, t.minus(NewsFeatures.DAY)),
                firstAfter(stories, t)));
    }

    /** {@code bar} with its indicators and the news features (which replace any of the same names it carried). */
    public IndicatorComputed withFeatures(IndicatorComputed bar) {
        Map<String, Double> indicators = new HashMap<>(bar.indicators());
        indicators.putAll(features(bar));
        return new IndicatorComputed(bar.provider(), bar.symbol(), bar.interval(), bar.ts(), bar.bar(), indicators);
    }

    /** The index of the first story published after {@code t} (the size when none is). */
    private static int firstAfter(List<NewsFeatures.Scored> stories, Instant t) {
        int lo = 0;
        int hi = stories.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (stories.get(mid).published().isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
