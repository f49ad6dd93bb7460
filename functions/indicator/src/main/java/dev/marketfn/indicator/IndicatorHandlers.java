package dev.marketfn.indicator;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.marketfn.bars.Interval;
import dev.marketfn.contracts.ExchangeZones;
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
import dev.marketfn.runtime.BatchEventHandler;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.codec.TraceContext;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.BarRepository;
import dev.marketfn.store.IndicatorRepository;
import dev.marketfn.store.StateCache;
import dev.marketfn.store.StateRepository;
import dev.marketfn.store.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    private final Transactions transactions;
    private final BarRepository bars;
    private final StateRepository states;
    private final IndicatorRepository indicators;
    private final MeterRegistry registry;
    private final BarWindowMeters windowMeters;
    private final List<Interval> intervals;
    private final Duration lateness;
    /** Series states decoded once and reused while their rows hold the same text (StateCache). */
    private final StateCache<SeriesState> seriesCache;

    public IndicatorHandlers(Transactions transactions, BarRepository bars, StateRepository states,
            IndicatorRepository indicators, MeterRegistry registry,
            @ConfigProperty(name = "marketfn.bars.intervals", defaultValue = "1s,1m") List<String> intervals,
            @ConfigProperty(name = "marketfn.bars.allowed-lateness", defaultValue = "PT0.5S") Duration lateness,
            @ConfigProperty(name = "marketfn.state-cache.entries") int cacheEntries) {
        this.transactions = transactions;
        this.bars = bars;
        this.states = states;
        this.indicators = indicators;
        this.registry = registry;
        this.windowMeters = new BarWindowMeters(registry);
        this.intervals = intervals.stream().map(Interval::fromWire).toList();
        this.lateness = lateness;
        this.seriesCache = StateCache.json(cacheEntries, IndicatorHandlers::parse);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.TICK_ADJUSTED, (BatchEventHandler) this::indicator,
                EventTypes.CORPORATE_ACTION_APPLIED, this::rescale, EventTypes.PING, this::flush);
    }

    /** What one tick.adjusted event brings: its trades per interval, given bars, and max event time per provider. */
    private record Input(InEvent event, Map<Interval, List<BarRepository.TradeInWindow>> trades,
            List<BarRepository.StoredBar> given, Map<String, Instant> maxEventTime,
            Map<String, Instant> earliestWindowEnd) {

        int tradeCount() {
            return trades.values().stream().mapToInt(List::size).sum();
        }
    }

    private Input read(InEvent event) {
        CanonicalBatch batch = event.bind(CanonicalBatch.class);
        RecordValidation.validate(batch.asBatch());
        Map<String, Instant> maxEventTime = new HashMap<>();
        Map<String, Instant> earliestWindowEnd = new HashMap<>();
        List<BarRepository.StoredBar> given = new ArrayList<>();
        Map<Interval, List<BarRepository.TradeInWindow>> trades = new LinkedHashMap<>();
        for (CanonicalRecord r : batch.records()) {
            ZoneId zone = ExchangeZones.of(r);
            if (r.kind() == Kind.TRADE) {
                maxEventTime.merge(r.provider(), r.ts(), (a, b) -> a.isAfter(b) ? a : b);
                for (Interval interval : intervals) {
                    Instant start = interval.windowStart(r.ts(), zone);
                    Instant end = interval.windowEnd(start, zone);
                    earliestWindowEnd.merge(r.provider(), end, (a, b) -> a.isBefore(b) ? a : b);
                    trades.computeIfAbsent(interval, i -> new ArrayList<>()).add(new BarRepository.TradeInWindow(
                            r.eventId(), r.provider(), r.symbol(), start, end, r.ts(), r.seq(), r.price(), r.size(),
                            r.mayTradeSetLast()));
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
        return new Input(event, trades, given, maxEventTime, earliestWindowEnd);
    }

    /**
     * A run of tick.adjusted events (one from the HTTP door, a partition's consecutive ones from the Kafka door), with
     * the result of handling them one by one. Handled one by one, each event merges its trades, raises its lane's
     * watermark and closes the windows the provider's watermark (the minimum over lanes) has passed. Consecutive
     * events whose trades all fall in windows still open when they arrive give the same bars, late trades and
     * indicator values when their trades are merged together and the windows closed once after the last of them; so
     * the run is cut into such groups — the watermarks are followed in memory to find the cuts — and each group costs
     * one merge per interval, one watermark update and one close per provider. An event with a trade in a window the
     * watermark has already passed (a late or disordered trade), or with given bars, starts a new group. The groups
     * run one after another in a single transaction, so the run commits once: a failure leaves nothing of it stored,
     * and the door handles its events again one at a time.
     */
    Uni<List<BatchEventHandler.Outcome>> indicator(List<InEvent> events) {
        BatchEventHandler.Outcome[] outcomes = new BatchEventHandler.Outcome[events.size()];
        Input[] inputs = new Input[events.size()];
        Set<String> providers = new TreeSet<>();
        int valid = 0;
        for (int i = 0; i < events.size(); i++) {
            try {
                inputs[i] = read(events.get(i));
                providers.addAll(inputs[i].maxEventTime().keySet());
                valid++;
            } catch (InvalidInputException e) {
                outcomes[i] = BatchEventHandler.Outcome.invalid(e);
            }
        }
        // the watermarks only decide where to cut: a single event (every HTTP request) is one group without them
        Uni<Map<String, Map<String, Instant>>> lanes = providers.isEmpty() || valid < 2
                ? Uni.createFrom().item(Map.of()) : bars.laneWatermarks(providers);
        return lanes.chain(watermarks -> {
            List<List<Integer>> groups = groups(inputs, watermarks);
            if (groups.isEmpty()) {
                return Uni.createFrom().item(Arrays.asList(outcomes));
            }
            return transactions.run(conn -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (List<Integer> group : groups) {
                    chain = chain.chain(() -> handleGroup(conn, group.stream().map(i -> inputs[i]).toList())
                            .invoke(reply -> {
                                for (int k = 0; k < group.size(); k++) {
                                    // the group's bars go out with its last event; the events before it answer nothing
                                    outcomes[group.get(k)] = BatchEventHandler.Outcome.of(k == group.size() - 1 ? reply
                                            : Reply.none());
                                }
                            }).replaceWithVoid());
                }
                return chain;
            }).map(v -> Arrays.asList(outcomes));
        });
    }

    /**
     * Cuts the valid inputs into groups that may be merged together (see {@link #indicator(List)}): the lanes'
     * watermarks are advanced in memory event by event, and an event starts a new group when one of its trades falls
     * in a window the provider's cutoff (minimum over lanes − lateness) has reached, when it has given bars (they
     * also end their group), or when it comes by another lane.
     */
    private List<List<Integer>> groups(Input[] inputs, Map<String, Map<String, Instant>> stored) {
        Map<String, Map<String, Instant>> lanes = new HashMap<>();
        stored.forEach((provider, byLane) -> lanes.put(provider, new HashMap<>(byLane)));
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        String currentLane = null;
        for (int i = 0; i < inputs.length; i++) {
            Input in = inputs[i];
            if (in == null) {
                continue;
            }
            String lane = laneOf(in.event());
            boolean behind = !in.given().isEmpty() || !lane.equals(currentLane);
            for (var e : in.earliestWindowEnd().entrySet()) {
                Instant cutoff = cutoff(lanes.get(e.getKey()));
                behind |= cutoff != null && !e.getValue().isAfter(cutoff);
            }
            if (behind && !current.isEmpty()) {
                groups.add(current);
                current = new ArrayList<>();
            }
            current.add(i);
            currentLane = lane;
            in.maxEventTime().forEach((provider, max) -> lanes.computeIfAbsent(provider, p -> new HashMap<>())
                    .merge(lane, max, (a, b) -> a.isAfter(b) ? a : b));
            if (!in.given().isEmpty()) {
                groups.add(current);
                current = new ArrayList<>();
                currentLane = null;
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private Instant cutoff(Map<String, Instant> lanes) {
        return lanes == null || lanes.isEmpty() ? null
                : lanes.values().stream().min(Comparator.naturalOrder()).orElseThrow().minus(lateness);
    }

    private static String laneOf(InEvent event) {
        return event.lane() == null ? "" : event.lane();
    }

    /**
     * Merges a group's trades, raises its lane's watermarks, closes what they passed (on {@code conn}, inside the run's
     * transaction); the records to emit.
     */
    private Uni<Reply> handleGroup(SqlConnection conn, List<Input> group) {
        Input last = group.get(group.size() - 1);
        String lane = laneOf(last.event());
        Map<Interval, List<BarRepository.TradeInWindow>> trades = new LinkedHashMap<>();
        List<BarRepository.StoredBar> given = new ArrayList<>();
        Map<String, Instant> maxEventTime = new TreeMap<>();
        String closedBy = null;
        int tradeCount = 0;
        for (Input in : group) {
            in.trades().forEach((interval, list) -> trades.computeIfAbsent(interval, i -> new ArrayList<>()).addAll(list));
            given.addAll(in.given());
            in.maxEventTime().forEach((p, t) -> maxEventTime.merge(p, t, (a, b) -> a.isAfter(b) ? a : b));
            tradeCount += in.tradeCount();
            if (!in.maxEventTime().isEmpty()) {
                closedBy = in.event().id(); // the last event that moves a watermark is the one that closes
            }
        }
        String closer = closedBy;
        Uni<Void> merge = bars.upsertGiven(conn, given).replaceWithVoid();
        long[] counted = {0};
        for (var entry : trades.entrySet()) {
            merge = merge.chain(() -> bars.merge(conn, entry.getKey().wire(), entry.getValue()).invoke(result -> {
                counted[0] += result.counted();
                if (result.late() > 0) {
                    Counter.builder("bars_late_trades_total").tag("interval", entry.getKey().wire())
                            .register(registry).increment(result.late());
                }
            }).replaceWithVoid());
        }
        List<IndicatorComputed> closed = new ArrayList<>();
        for (var entry : maxEventTime.entrySet()) {
            merge = merge.chain(() -> bars.advanceMaxEventTime(conn, entry.getKey(), lane, entry.getValue())
                    .chain(max -> closeProvider(conn, entry.getKey(), max.minus(lateness), closer))
                    .invoke(closed::addAll).replaceWithVoid());
        }
        int trades0 = tradeCount;
        return merge.chain(v -> {
            // Trades all new to bars_ohlcv prove that no earlier delivery of these events got as far as closing bars
            // (merges and closes commit together). Otherwise this may be a redelivery after a crash between the
            // commit and the send: reply with every bar these events have closed, this time or before (finding 7).
            boolean maybeRedelivered = !maxEventTime.isEmpty() && (counted[0] < trades0 || !given.isEmpty());
            return maybeRedelivered ? emittedBy(conn, group.stream().map(in -> in.event().id()).toList())
                    : Uni.createFrom().item(closed);
        }).map(emitted -> reply(last.event().id(), last.event().extension("traceparent"), emitted));
    }

    /** Idle flush (timer): closes every window that ended more than the allowed lateness ago, in one transaction. */
    Uni<Reply> flush(InEvent event) {
        Instant cutoff = Instant.now().minus(lateness);
        return bars.providersWithWatermark().chain(providers -> transactions.run(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String provider : providers) {
                chain = chain.chain(() -> closeProvider(conn, provider, cutoff, event.id()).replaceWithVoid());
            }
            // what this ping closed, now or in an earlier delivery of it (finding 7)
            return chain.chain(() -> emittedBy(conn, List.of(event.id())));
        })).map(emitted -> reply(event.id(), event.extension("traceparent"), emitted));
    }

    /** The records of every bar that the inputs {@code inputIds} closed, as emitted (indicator names in engine order). */
    private Uni<List<IndicatorComputed>> emittedBy(SqlConnection conn, List<String> inputIds) {
        return indicators.emittedBy(conn, inputIds).map(stored -> {
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
        CorporateActionApplied applied = event.bind(CorporateActionApplied.class);
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
                    : Json.read(json.getBytes(StandardCharsets.UTF_8), AppliedActions.class, "state");
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
     * Closes every series of the provider with bars ready by {@code cutoff}, in the caller's transaction on {@code conn}:
     * the series' state rows are locked together (in key order, as {@link #rescale} locks them), their ready bars
     * marked emitted by {@code inputId} with one statement, the engines advanced bar by bar, and the indicator values
     * stored with one batch. Five round trips whatever the number of series.
     */
    private Uni<List<IndicatorComputed>> closeProvider(SqlConnection conn, String provider, Instant cutoff,
            String inputId) {
        return bars.seriesReadyToClose(conn, provider, cutoff).chain(series -> {
            if (series.isEmpty()) {
                return Uni.createFrom().item(List.<IndicatorComputed>of());
            }
            Map<String, String[]> byKey = new TreeMap<>();
            series.forEach(s -> byKey.put(provider + "|" + s[0] + "|" + s[1], s));
            return states.updateAll(conn, SCOPE, byKey.keySet(), seriesCache, (c, saved) -> bars.closeReady(c,
                    provider, series, cutoff, inputId).chain(closedBySeries -> {
                        Map<String, SeriesState> next = new HashMap<>();
                        List<IndicatorComputed> computed = new ArrayList<>();
                        byKey.forEach((key, s) -> next.put(key, advance(provider, s[0], s[1], saved.get(key),
                                closedBySeries.getOrDefault(s[0] + "|" + s[1], List.of()), computed)));
                        return indicators.upsert(c, computed)
                                .replaceWith(new StateRepository.UpdatedStates<>(next, computed));
                    }));
        });
    }

    /**
     * Feeds a series' newly closed bars to its engine, adding a record per bar to {@code computed}; returns the series'
     * next state ({@code s} itself is left as it was: it may be a cached value).
     */
    private SeriesState advance(String provider, String symbol, String interval, SeriesState s,
            List<BarRepository.StoredBar> closedBars, List<IndicatorComputed> computed) {
        IndicatorEngine engine = s == null ? new IndicatorEngine() : IndicatorEngine.restore(s.engine());
        Instant last = s == null ? null : s.lastBarTs();
        BarWindowMeters.SeriesMeters meters = closedBars.isEmpty() ? null : windowMeters.of(symbol, interval);
        long closedAt = System.currentTimeMillis();
        int emitted = 0;
        for (BarRepository.StoredBar bar : closedBars) {
            // a bar older than the last one consumed arrived late: stored, revised, not re-emitted
            if (bar.open() == null || (last != null && !bar.ts().isAfter(last))) {
                continue;
            }
            long started = System.nanoTime();
            Map<String, Double> values = engine.update(BarInput.of(bar.open(), bar.high(), bar.low(), bar.close(),
                    bar.volume()));
            meters.updated(System.nanoTime() - started);
            meters.windowClosed(bar.windowEnd(), closedAt);
            emitted++;
            last = bar.ts();
            computed.add(new IndicatorComputed(provider, symbol, interval, bar.ts(), new BarValues(bar.open(),
                    bar.high(), bar.low(), bar.close(), bar.volume(), bar.vwap(), bar.tradeCount()), values));
        }
        if (emitted > 0) {
            meters.closed(emitted);
        }
        return new SeriesState(engine.snapshot(), last, s == null ? Set.of() : s.appliedActions());
    }

    private static SeriesState parse(String json) {
        return json == null ? null
                : Json.read(json.getBytes(StandardCharsets.UTF_8), SeriesState.class, "state");
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
                    .extension("traceparent", TraceContext.child(traceparent))
                    .symbol(symbol)
                    .data(Batch.of(chunk)));
            from = to;
        }
        return new Reply(events.get(0), List.copyOf(events.subList(1, events.size())));
    }

}
