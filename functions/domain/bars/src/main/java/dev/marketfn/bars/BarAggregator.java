package dev.marketfn.bars;

import dev.marketfn.contracts.ExchangeZones;
import dev.marketfn.contracts.CanonicalRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * In-memory tumbling event-time windows per provider, symbol and interval (docs/contract/bars.md), with the same semantics as the
 * store's commutative merge: every distinct trade (by event_id) is counted exactly once in each of its windows, in
 * any arrival order.
 *
 * <ul>
 *   <li>A window {@code [start, end)} closes (its bar is emitted once) when the provider's {@link Watermark} (max event
 *       time − allowed lateness, default 500 ms) reaches {@code end}, or when {@link #flushIdle} finds
 *       {@code end <= now − allowed lateness}.</li>
 *   <li>A trade whose window is still open is counted before the bar is emitted, however disordered.</li>
 *   <li>A trade beyond the allowed lateness ({@code end <= watermark} on arrival, or its window already emitted) is
 *       still merged; an emitted bar becomes {@code revised} and is returned in {@link Accepted#revised()}; the trade
 *       is reported {@link Arrival#LATE}.</li>
 *   <li>A trade whose event_id was already counted is a {@link Arrival#DUPLICATE} and changes nothing.</li>
 * </ul>
 *
 * Emitted windows stay in memory (for revisions and deduplication) until {@link #evictClosedThrough}. Not
 * thread-safe: one aggregator per partition (Kafka partition key = symbol).
 */
public final class BarAggregator {
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMillis(500);

    private static final Comparator<Window> BY_END = Comparator.comparing((Window w) -> w.end)
            .thenComparing(w -> w.key.symbol()).thenComparing(w -> w.key.interval());

    private final List<Interval> intervals;
    private final Watermark watermark;
    private final Map<BarKey, Window> windows = new HashMap<>();
    private final Map<String, PriorityQueue<Window>> openByProvider = new HashMap<>();
    private final Map<ZoneId, Instant[]> dayCache = new HashMap<>();
    private Instant evictedThrough = Instant.MIN;

    public BarAggregator() {
        this(EnumSet.allOf(Interval.class), DEFAULT_ALLOWED_LATENESS);
    }

    public BarAggregator(Set<Interval> intervals, Duration allowedLateness) {
        if (intervals.isEmpty()) {
            throw new IllegalArgumentException("at least one interval");
        }
        this.intervals = List.copyOf(EnumSet.copyOf(intervals));
        this.watermark = new Watermark(allowedLateness);
    }

    /** A canonical trade; the 1d zone comes from its asset class and symbol ({@link ExchangeZones#of(CanonicalRecord)}). */
    public Accepted accept(CanonicalRecord trade) {
        return accept(trade.provider(), trade.symbol(), ExchangeZones.of(trade),
                TradeTick.of(trade));
    }

    public Accepted accept(String provider, String symbol, ZoneId exchangeZone, TradeTick tick) {
        int n = intervals.size();
        Window[] targets = new Window[n];
        // The coarsest window holds every trade of the finer ones and is evicted last: it alone keeps the event ids.
        targets[n - 1] = window(provider, symbol, intervals.get(n - 1), tick.ts(), exchangeZone);
        if (!targets[n - 1].eventIds().add(tick.eventId())) {
            return new Accepted(Arrival.DUPLICATE, List.of(), List.of());
        }
        for (int i = 0; i < n - 1; i++) {
            targets[i] = window(provider, symbol, intervals.get(i), tick.ts(), exchangeZone);
        }
        Instant before = watermark.current(provider);
        BarAccumulator trade = BarAccumulator.of(tick);
        boolean late = false;
        List<ClosedBar> revised = List.of();
        for (Window w : targets) {
            w.values = w.values.merge(trade);
            boolean beyondLateness = before != null && !before.isBefore(w.end);
            if (w.closed || beyondLateness) {
                late = true;
                w.lateTrades++;
            }
            if (w.closed) {
                w.revised = true;
                if (revised.isEmpty()) {
                    revised = new ArrayList<>(targets.length);
                }
                revised.add(w.toBar());
            }
        }
        Instant now = watermark.observe(provider, tick.ts());
        List<ClosedBar> closed = closeThrough(provider, now);
        return new Accepted(late ? Arrival.LATE : Arrival.ON_TIME, closed, revised);
    }

    /** Closes every open window, of any provider, whose end is at or before {@code now − allowed lateness}. */
    public List<ClosedBar> flushIdle(Instant now) {
        Instant horizon = now.minus(watermark.allowedLateness());
        List<ClosedBar> out = new ArrayList<>();
        for (String provider : openByProvider.keySet()) {
            out.addAll(closeThrough(provider, horizon));
        }
        out.sort(Comparator.comparing(ClosedBar::end).thenComparing(b -> b.key().provider())
                .thenComparing(b -> b.key().symbol()).thenComparing(b -> b.key().interval()));
        return out;
    }

    /** Closes every open window (e.g. at end of a replay). */
    public List<ClosedBar> flushAll() {
        return flushIdle(Instant.MAX.minus(watermark.allowedLateness()));
    }

    /**
     * Forgets emitted windows ending at or before {@code end}. A later trade for such a window is reported late and
     * returned as a {@code partial} revision holding only the trades since (the store merges it; its
     * deduplication by event_id is then the store's).
     */
    public int evictClosedThrough(Instant end) {
        int removed = 0;
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            Window w = it.next();
            if (w.closed && !w.end.isAfter(end)) {
                it.remove();
                removed++;
            }
        }
        if (end.isAfter(evictedThrough)) {
            evictedThrough = end;
        }
        return removed;
    }

    /** The current bar of a window (open or emitted), if in memory. */
    public Optional<ClosedBar> bar(BarKey key) {
        Window w = windows.get(key);
        return w == null ? Optional.empty() : Optional.of(w.toBar());
    }

    /** Every window in memory, open or emitted. */
    public Collection<ClosedBar> bars() {
        List<ClosedBar> out = new ArrayList<>(windows.size());
        for (Window w : windows.values()) {
            out.add(w.toBar());
        }
        return out;
    }

    public int openWindows() {
        int n = 0;
        for (PriorityQueue<Window> q : openByProvider.values()) {
            n += q.size();
        }
        return n;
    }

    public Watermark watermark() {
        return watermark;
    }

    private Window window(String provider, String symbol, Interval interval, Instant ts, ZoneId zone) {
        BarKey key = new BarKey(provider, symbol, interval, windowStart(interval, ts, zone));
        Window w = windows.get(key);
        return w == null ? newWindow(key, zone) : w;
    }

    private Window newWindow(BarKey key, ZoneId zone) {
        Instant end = key.interval().windowEnd(key.start(), zone);
        Window w = new Window(key, end);
        if (!end.isAfter(evictedThrough)) {
            // The window may have been emitted and evicted: what follows is a partial revision of the stored bar.
            w.closed = true;
            w.partial = true;
        } else {
            openByProvider.computeIfAbsent(key.provider(), p -> new PriorityQueue<>(BY_END)).add(w);
        }
        windows.put(key, w);
        return w;
    }

    private List<ClosedBar> closeThrough(String provider, Instant horizon) {
        PriorityQueue<Window> open = openByProvider.get(provider);
        if (open == null || open.isEmpty() || open.peek().end.isAfter(horizon)) {
            return List.of();
        }
        List<ClosedBar> out = new ArrayList<>();
        while (!open.isEmpty() && !open.peek().end.isAfter(horizon)) {
            Window w = open.poll();
            w.closed = true;
            out.add(w.toBar());
        }
        return out;
    }

    private Instant windowStart(Interval interval, Instant ts, ZoneId zone) {
        if (interval != Interval.D1) {
            return interval.windowStart(ts, zone);
        }
        Instant[] day = dayCache.get(zone); // trading dates change rarely: skip the calendar arithmetic
        if (day == null || ts.isBefore(day[0]) || !ts.isBefore(day[1])) {
            Instant start = interval.windowStart(ts, zone);
            day = new Instant[] {start, interval.windowEnd(start, zone)};
            dayCache.put(zone, day);
        }
        return day[0];
    }

    private static final class Window {
        final BarKey key;
        final Instant end;
        /** Event ids counted here; kept only for the coarsest interval (see {@link #accept}), else null. */
        private Set<String> eventIds;
        BarAccumulator values = BarAccumulator.EMPTY;
        boolean closed;
        boolean revised;
        boolean partial;
        long lateTrades;

        Window(BarKey key, Instant end) {
            this.key = key;
            this.end = end;
        }

        Set<String> eventIds() {
            if (eventIds == null) {
                eventIds = new HashSet<>();
            }
            return eventIds;
        }

        ClosedBar toBar() {
            return new ClosedBar(key, end, values, revised, lateTrades, partial);
        }
    }
}
