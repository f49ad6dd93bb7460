package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a news feed's polls resume. Per chain of requests (a ticker's, or the feed's one) a floor: stories published
 * before it are not sent. For the whole feed the ids sent at or after the oldest floor, so a story two chains return
 * (one naming two tickers) or a chain returns twice is emitted once. The next request asks from the floor, so the
 * stories around it come again (the providers' {@code start}/{@code gte} are inclusive, and a story can be indexed a
 * little after its publication time); the ids sent filter them out. A chain read to its last page has seen
 * everything up to the round's time, so its floor moves to that time minus the lookback; a chain cut short by the
 * page bound (oldest first) to the latest story it sent minus the lookback. Ids older than every floor are forgotten:
 * memory stays bounded by the stories of one lookback.
 */
final class NewsCursor {
    /** A story of a reply: the provider's id, its publication time (null when unreadable), its JSON as received. */
    record Story(String id, Instant published, JsonNode node) {
    }

    private final Instant start;
    private final Duration lookback;
    /** How many chains the feed polls: one that has not advanced yet keeps the start as its floor. */
    private final int chains;
    private final Map<String, Instant> sent = new HashMap<>();
    private final Map<String, Instant> floors = new HashMap<>();
    private final Map<String, Instant> latest = new HashMap<>();

    NewsCursor(Instant start, Duration lookback, int chains) {
        this.start = start;
        this.lookback = lookback;
        this.chains = chains;
    }

    Instant from(String chain) {
        return floors.getOrDefault(chain, start);
    }

    /** The stories not sent before and not older than the chain's floor, each once, in the reply's order. */
    List<Story> fresh(String chain, List<Story> stories) {
        Instant from = from(chain);
        List<Story> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Story s : stories) {
            if (s.published() != null && s.published().isBefore(from)) {
                continue;
            }
            if (!sent.containsKey(s.id()) && ids.add(s.id())) {
                out.add(s);
            }
        }
        return out;
    }

    /** Marks stories emitted; a time after {@code now} (a provider's clock ahead) counts as now, so no floor runs ahead. */
    void sent(String chain, List<Story> stories, Instant now) {
        for (Story s : stories) {
            Instant t = s.published() == null || s.published().isAfter(now) ? now : s.published();
            sent.put(s.id(), t);
            latest.merge(chain, t, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** After a chain's round: {@code complete} when it was read to its last page, at {@code now}. */
    void advance(String chain, boolean complete, Instant now) {
        Instant seen = complete ? now : latest.getOrDefault(chain, from(chain));
        Instant next = seen.minus(lookback);
        if (next.isAfter(from(chain))) {
            floors.put(chain, next);
        }
        Instant oldest = floors.size() < chains ? start : floors.values().stream().min(Instant::compareTo).orElse(start);
        sent.values().removeIf(t -> t.isBefore(oldest));
    }
}
