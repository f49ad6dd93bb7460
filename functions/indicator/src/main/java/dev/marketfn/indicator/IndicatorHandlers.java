package dev.marketfn.indicator;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.bars.Interval;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.CorporateActionApplied;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RecordValidation;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.indicators.BarInput;
import dev.marketfn.indicators.IndicatorEngine;
import dev.marketfn.indicators.IndicatorState;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.runtime.InEvent;
import dev.marketfn.runtime.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.BarRepository;
import dev.marketfn.store.IndicatorRepository;
import dev.marketfn.store.StateRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * adjusted ticks → exact bars → indicators. Trades merge into bars_ohlcv exactly once each (store module); the
 * provider watermark (max event time − lateness) closes windows; each series' closed bars run through its indicator
 * engine under the series lock, in bar order, and the engine state is saved in the same transaction.
 */
@ApplicationScoped
public class IndicatorHandlers implements FunctionHandlers {
    public static final String NAME = "indicator";
    /** Closed bars per emitted event (≈ 130 kB), far below Kafka's 1 MB default record limit. */
    static final int RECORDS_PER_EVENT = 200;
    private static final String SCOPE = "indicator";
    /** Per instrument (key: the symbol): the corporate actions already applied to its series, with their factors. */
    static final String ACTIONS_SCOPE = "indicator-actions";
    static final ZoneId US_EQUITIES = ZoneId.of("America/New_York");

    /**
     * What a series remembers: the engine and the last bar it consumed. {@code applied_actions} is only read: older
     * builds marked each series with the actions applied to it ({@code action_id@event_id}); actions are now recorded
     * per instrument ({@link AppliedActions}).
     */
    public record SeriesState(@JsonProperty("engine") IndicatorState engine,
            @JsonProperty("last_bar_ts") Instant lastBarTs,
            @JsonProperty("applied_actions") Set<String> appliedActions) {

        public SeriesState {
            appliedActions = appliedActions == null ? Set.of() : appliedActions;
        }
    }

    /** What has been applied to the series of one instrument: action id → the factors applied (sorted for stable JSON). */
    public record AppliedActions(@JsonProperty("actions") Map<String, AppliedAction> actions) {
        static final AppliedActions NONE = new AppliedActions(Map.of());

        public AppliedActions {
            actions = actions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(actions));
        }

        AppliedActions with(String actionId, AppliedAction action) {
            Map<String, AppliedAction> copy = new TreeMap<>(actions);
            copy.put(actionId, action);
            return new AppliedActions(copy);
        }
    }

    /** The factors of the version last applied, and the applied event that carried it. */
    public record AppliedAction(@JsonProperty("price_factor") BigDecimal priceFactor,
            @JsonProperty("volume_factor") BigDecimal volumeFactor,
            @JsonProperty("event_id") String eventId) {

        boolean sameFactors(AppliedAction other) {
            return priceFactor.compareTo(other.priceFactor) == 0 && volumeFactor.compareTo(other.volumeFactor) == 0;
        }
    }

    private final BarRepository bars;
    private final StateRepository states;
    private final IndicatorRepository indicators;
    private final MeterRegistry registry;
    private final List<Interval> intervals;
    private final Duration lateness;

    public IndicatorHandlers(BarRepository bars, StateRepository states, IndicatorRepository indicators,
            MeterRegistry registry,
            @ConfigProperty(name = "marketfn.bars.intervals", defaultValue = "1s,1m") List<String> intervals,
            @ConfigProperty(name = "marketfn.bars.allowed-lateness", defaultValue = "PT0.5S") Duration lateness) {
        this.bars = bars;
        this.states = states;
        this.indicators = indicators;
        this.registry = registry;
        this.intervals = intervals.stream().map(Interval::fromWire).toList();
        this.lateness = lateness;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.TICK_ADJUSTED, this::indicator, EventTypes.CORPORATE_ACTION_APPLIED, this::rescale,
                EventTypes.PING, this::flush);
    }

    Uni<Reply> indicator(InEvent event) {
        CanonicalBatch batch = Json.bind(event.json(), CanonicalBatch.class, "data");
        RecordValidation.validate(batch.asBatch());
        Map<String, Instant> maxEventTime = new HashMap<>();
        List<BarRepository.StoredBar> given = new ArrayList<>();
        Map<Interval, List<BarRepository.TradeInWindow>> trades = new HashMap<>();
        for (CanonicalRecord r : batch.records()) {
            ZoneId zone = zoneOf(r);
            if (r.kind() == Kind.TRADE) {
                maxEventTime.merge(r.provider(), r.ts(), (a, b) -> a.isAfter(b) ? a : b);
                for (Interval interval : intervals) {
                    Instant start = interval.windowStart(r.ts(), zone);
                    trades.computeIfAbsent(interval, i -> new ArrayList<>()).add(new BarRepository.TradeInWindow(
                            r.eventId(), r.provider(), r.symbol(), start, interval.windowEnd(start, zone), r.ts(),
                            r.seq(), r.price(), r.size(), r.mayTradeSetLast()));
                }
            } else if (r.kind() == Kind.BAR) {
                Interval interval = Interval.fromWire(r.interval());
                Instant end = interval.windowEnd(r.ts(), zone);
                // a given bar is complete: its event time is its end
                maxEventTime.merge(r.provider(), end, (a, b) -> a.isAfter(b) ? a : b);
                given.add(new BarRepository.StoredBar(r.provider(), r.symbol(), r.interval(), r.ts(), end, r.open(),
                        r.high(), r.low(), r.close(), r.volume(), r.vwap(),
                        r.tradeCount() == null ? 0 : r.tradeCount(), false));
            }
        }
        Uni<Void> merge = bars.upsertGiven(given).replaceWithVoid();
        boolean[] freshTrade = {false};
        for (var entry : trades.entrySet()) {
            merge = merge.chain(() -> bars.merge(entry.getKey().wire(), entry.getValue()).invoke(result -> {
                if (result.counted() > 0) {
                    freshTrade[0] = true;
                }
                if (result.late() > 0) {
                    Counter.builder("bars_late_trades_total").tag("interval", entry.getKey().wire())
                            .register(registry).increment(result.late());
                }
            }).replaceWithVoid());
        }
        List<IndicatorComputed> closed = new ArrayList<>();
        for (var entry : maxEventTime.entrySet()) {
            merge = merge.chain(() -> bars.advanceMaxEventTime(entry.getKey(), event.lane(), entry.getValue())
                    .chain(max -> closeProvider(entry.getKey(), max.minus(lateness), event.id()))
                    .invoke(closed::addAll).replaceWithVoid());
        }
        return merge.chain(v -> {
            // A trade new to bars_ohlcv proves that no earlier delivery of this event got as far as closing bars (the
            // merges all commit before any close). Otherwise this may be a redelivery after a crash between the commit
            // and the send: reply with every bar this event has closed, this time or before (finding 7).
            boolean maybeRedelivered = !maxEventTime.isEmpty() && (!freshTrade[0] || !given.isEmpty());
            return maybeRedelivered ? emittedBy(event.id()) : Uni.createFrom().item(closed);
        }).map(emitted -> reply(event.id(), event.extension("traceparent"), emitted));
    }

    /** Idle flush (timer): closes every window that ended more than the allowed lateness ago. */
    Uni<Reply> flush(InEvent event) {
        Instant cutoff = Instant.now().minus(lateness);
        return bars.providersWithWatermark().chain(providers -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String provider : providers) {
                chain = chain.chain(() -> closeProvider(provider, cutoff, event.id()).replaceWithVoid());
            }
            // what this ping closed, now or in an earlier delivery of it (finding 7)
            return chain.chain(() -> emittedBy(event.id()));
        }).map(emitted -> reply(event.id(), event.extension("traceparent"), emitted));
    }

    /** The records of every bar that input {@code inputId} closed, as emitted (indicator names in engine order). */
    private Uni<List<IndicatorComputed>> emittedBy(String inputId) {
        return indicators.emittedBy(inputId).map(stored -> {
            List<IndicatorComputed> out = new ArrayList<>(stored.size());
            for (IndicatorComputed r : stored) {
                Map<String, Double> ordered = new LinkedHashMap<>();
                for (String name : IndicatorEngine.NAMES) {
                    if (r.indicators().containsKey(name)) {
                        ordered.put(name, r.indicators().get(name));
                    }
                }
                ordered.putAll(r.indicators());
                out.add(new IndicatorComputed(r.provider(), r.symbol(), r.interval(), r.ts(), r.bar(), ordered));
            }
            return out;
        });
    }

    /**
     * A split or dividend: every series of the symbol rescales its engine state, once per action. What has been applied
     * is recorded per instrument (scope {@value #ACTIONS_SCOPE}, key the symbol: action id → factors), not per series,
     * so a redelivered action is a no-op for every series, including series created after its first application,
     * which are already in the adjusted basis (finding 10). A later version of the action with other factors (a
     * correction) rescales by the ratio of the new factors to the applied ones. The instrument's row lock is taken
     * first, then the series' rows in key order.
     */
    Uni<Reply> rescale(InEvent event) {
        CorporateActionApplied applied = Json.bind(event.json(), CorporateActionApplied.class, "data");
        if (applied.actionId() == null || applied.symbol() == null || applied.priceAdjustmentFactor() == null
                || applied.volumeAdjustmentFactor() == null) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "data",
                    "action_id, symbol, price_adjustment_factor and volume_adjustment_factor are required");
        }
        if (applied.priceAdjustmentFactor().signum() <= 0 || applied.volumeAdjustmentFactor().signum() <= 0) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, "data.price_adjustment_factor",
                    "adjustment factors must be positive");
        }
        String legacyMarker = applied.actionId() + "@" + event.id();
        return states.update(ACTIONS_SCOPE, applied.symbol(), (conn, json) -> {
            AppliedActions done = json == null ? AppliedActions.NONE
                    : Json.bind(Json.tree(json.getBytes(StandardCharsets.UTF_8)), AppliedActions.class, "state");
            AppliedAction before = done.actions().get(applied.actionId());
            AppliedAction now = new AppliedAction(applied.priceAdjustmentFactor(), applied.volumeAdjustmentFactor(),
                    event.id());
            if (before != null && before.sameFactors(now)) {
                Counter.builder("indicator_rescale_skipped_total").register(registry).increment();
                return Uni.createFrom().item(new StateRepository.Updated<Void>(null, null));
            }
            double price = now.priceFactor().doubleValue() / (before == null ? 1 : before.priceFactor().doubleValue());
            double volume = now.volumeFactor().doubleValue()
                    / (before == null ? 1 : before.volumeFactor().doubleValue());
            return states.keysWithPart(conn, SCOPE, 2, applied.symbol())
                    .chain(keys -> states.updateAll(conn, SCOPE, keys, (c, current) -> {
                        Map<String, String> next = new HashMap<>();
                        current.forEach((key, stateJson) -> {
                            SeriesState s = parse(stateJson);
                            // a series rescaled for this very event before this record existed (older builds)
                            if (s == null || (before == null && s.appliedActions().contains(legacyMarker))) {
                                return;
                            }
                            IndicatorEngine engine = IndicatorEngine.restore(s.engine());
                            engine.rescale(price, volume);
                            next.put(key, new String(Json.bytes(
                                    new SeriesState(engine.snapshot(), s.lastBarTs(), s.appliedActions()))));
                        });
                        return Uni.createFrom().item(new StateRepository.UpdatedAll<Void>(next, null));
                    }))
                    .replaceWith(() -> new StateRepository.Updated<Void>(
                            new String(Json.bytes(done.with(applied.actionId(), now))), null));
        }).replaceWith(Reply.none());
    }

    /**
     * Closes every series of the provider with bars ready by {@code cutoff}, in one transaction: the series' state rows
     * are locked together (in key order, as {@link #rescale} locks them), their ready bars marked emitted by
     * {@code inputId} with one statement, the engines advanced bar by bar, and the indicator values stored with one
     * batch. Four round trips plus one per statement, whatever the number of series.
     */
    private Uni<List<IndicatorComputed>> closeProvider(String provider, Instant cutoff, String inputId) {
        return bars.seriesReadyToClose(provider, cutoff).chain(series -> {
            if (series.isEmpty()) {
                return Uni.createFrom().item(List.<IndicatorComputed>of());
            }
            Map<String, String[]> byKey = new TreeMap<>();
            series.forEach(s -> byKey.put(provider + "|" + s[0] + "|" + s[1], s));
            return states.updateAll(SCOPE, byKey.keySet(), (conn, saved) -> bars.closeReady(conn, provider, series,
                    cutoff, inputId).chain(closedBySeries -> {
                        Map<String, String> next = new HashMap<>();
                        List<IndicatorComputed> computed = new ArrayList<>();
                        byKey.forEach((key, s) -> next.put(key, advance(provider, s[0], s[1], parse(saved.get(key)),
                                closedBySeries.getOrDefault(s[0] + "|" + s[1], List.of()), computed)));
                        return indicators.upsert(conn, computed)
                                .replaceWith(new StateRepository.UpdatedAll<>(next, computed));
                    }));
        });
    }

    /**
     * Feeds a series' newly closed bars to its engine, adding a record per bar to {@code computed}; returns the series'
     * next state (JSON).
     */
    private String advance(String provider, String symbol, String interval, SeriesState s,
            List<BarRepository.StoredBar> closedBars, List<IndicatorComputed> computed) {
        IndicatorEngine engine = s == null ? new IndicatorEngine() : IndicatorEngine.restore(s.engine());
        Instant last = s == null ? null : s.lastBarTs();
        for (BarRepository.StoredBar bar : closedBars) {
            // a bar older than the last one consumed arrived late: stored, revised, not re-emitted
            if (bar.open() == null || (last != null && !bar.ts().isAfter(last))) {
                continue;
            }
            Timer.Sample sample = Timer.start(registry);
            Map<String, Double> values = engine.update(BarInput.of(bar.open(), bar.high(), bar.low(), bar.close(),
                    bar.volume()));
            sample.stop(Timer.builder("features_update_duration_seconds").tag("symbol", symbol).tag("window", interval)
                    .register(registry));
            last = bar.ts();
            computed.add(new IndicatorComputed(provider, symbol, interval, bar.ts(), new BarValues(bar.open(),
                    bar.high(), bar.low(), bar.close(), bar.volume(), bar.vwap(), bar.tradeCount()), values));
        }
        return new String(Json.bytes(new SeriesState(engine.snapshot(), last,
                s == null ? Set.of() : s.appliedActions())));
    }

    private static SeriesState parse(String json) {
        return json == null ? null
                : Json.bind(Json.tree(json.getBytes(StandardCharsets.UTF_8)), SeriesState.class, "state");
    }

    /** The order of emitted records: by symbol (one partition key per event), then provider, interval and bar start. */
    static final Comparator<IndicatorComputed> EMISSION_ORDER = Comparator.comparing(IndicatorComputed::symbol)
            .thenComparing(IndicatorComputed::provider).thenComparing(IndicatorComputed::interval)
            .thenComparing(IndicatorComputed::ts);

    /**
     * The events for the bars an input closed: one symbol per event, so the partition key (the symbol) keeps every
     * series on one partition and in bar order for alpha-call (finding 6), and at most {@link #RECORDS_PER_EVENT}
     * records per event: an idle flush can close thousands of bars at once, and a single event that large (≈ 650
     * bytes per bar) would exceed Kafka's 1 MB record limit and never be delivered. Records are put in
     * {@link #EMISSION_ORDER} first, so the same bars always make the same events whatever order they were closed
     * in; the first event is the reply, the rest go out as side events, and the ids are derived from the input id and
     * the event's position, so a redelivered input that re-emits its bars repeats the same ids with the same content.
     */
    static Reply reply(String inputId, String traceparent, List<IndicatorComputed> closed) {
        if (closed.isEmpty()) {
            return Reply.none();
        }
        List<IndicatorComputed> sorted = new ArrayList<>(closed);
        sorted.sort(EMISSION_ORDER);
        List<OutEvent> events = new ArrayList<>();
        int from = 0;
        while (from < sorted.size()) {
            String symbol = sorted.get(from).symbol();
            int to = from;
            while (to < sorted.size() && to - from < RECORDS_PER_EVENT && sorted.get(to).symbol().equals(symbol)) {
                to++;
            }
            List<IndicatorComputed> chunk = List.copyOf(sorted.subList(from, to));
            int n = events.size();
            String id = n == 0 ? EventIds.derive(inputId, NAME) : EventIds.derive(inputId, NAME + "#" + n);
            events.add(OutEvent.builder(NAME, EventTypes.INDICATOR_COMPUTED, id)
                    .extension("traceparent", traceparent)
                    .symbol(symbol)
                    .data(Batch.of(chunk)));
            from = to;
        }
        return new Reply(events.get(0), List.copyOf(events.subList(1, events.size())));
    }

    static ZoneId zoneOf(CanonicalRecord r) {
        return "crypto".equals(r.assetClass()) || r.symbol().contains("-") ? ZoneOffset.UTC : US_EQUITIES;
    }
}
