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
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RecordValidation;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final ZoneId US_EQUITIES = ZoneId.of("America/New_York");

    /** What a series remembers: the engine, the last bar it consumed, and the actions already applied to it. */
    public record SeriesState(@JsonProperty("engine") IndicatorState engine,
            @JsonProperty("last_bar_ts") Instant lastBarTs,
            @JsonProperty("applied_actions") Set<String> appliedActions) {
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
        for (var entry : trades.entrySet()) {
            merge = merge.chain(() -> bars.merge(entry.getKey().wire(), entry.getValue()).invoke(result -> {
                if (result.late() > 0) {
                    Counter.builder("bars_late_trades_total").tag("interval", entry.getKey().wire())
                            .register(registry).increment(result.late());
                }
            }).replaceWithVoid());
        }
        List<IndicatorComputed> closed = new ArrayList<>();
        for (var entry : maxEventTime.entrySet()) {
            merge = merge.chain(() -> bars.advanceMaxEventTime(entry.getKey(), entry.getValue())
                    .chain(max -> closeProvider(entry.getKey(), max.minus(lateness)))
                    .invoke(closed::addAll).replaceWithVoid());
        }
        return merge.map(v -> reply(event.id(), event.extension("traceparent"), closed));
    }

    /** Idle flush (timer): closes every window that ended more than the allowed lateness ago. */
    Uni<Reply> flush(InEvent event) {
        Instant cutoff = Instant.now().minus(lateness);
        List<IndicatorComputed> closed = new ArrayList<>();
        return bars.providersWithWatermark().chain(providers -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String provider : providers) {
                chain = chain.chain(() -> closeProvider(provider, cutoff).invoke(closed::addAll).replaceWithVoid());
            }
            return chain;
        }).map(v -> reply(event.id(), event.extension("traceparent"), closed));
    }

    /** A split or dividend: every series of the symbol rescales its state once per action version. */
    Uni<Reply> rescale(InEvent event) {
        CorporateActionApplied applied = Json.bind(event.json(), CorporateActionApplied.class, "data");
        String marker = applied.actionId() + "@" + event.id();
        return states.loadAll(SCOPE).chain(all -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String key : all.keySet()) {
                if (!key.split("\\|", -1)[1].equals(applied.symbol())) {
                    continue;
                }
                chain = chain.chain(() -> states.update(SCOPE, key, (conn, json) -> {
                    SeriesState s = parse(json);
                    if (s == null || s.appliedActions().contains(marker)) {
                        return Uni.createFrom().item(new StateRepository.Updated<Void>(null, null));
                    }
                    IndicatorEngine engine = IndicatorEngine.restore(s.engine());
                    engine.rescale(applied.priceAdjustmentFactor().doubleValue(),
                            applied.volumeAdjustmentFactor().doubleValue());
                    Set<String> done = new LinkedHashSet<>(s.appliedActions());
                    done.add(marker);
                    return Uni.createFrom().item(new StateRepository.Updated<Void>(
                            new String(Json.bytes(new SeriesState(engine.snapshot(), s.lastBarTs(), done))), null));
                }).replaceWithVoid());
            }
            return chain;
        }).replaceWith(Reply.none());
    }

    private Uni<List<IndicatorComputed>> closeProvider(String provider, Instant cutoff) {
        return bars.seriesReadyToClose(provider, cutoff).chain(series -> {
            List<IndicatorComputed> out = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String[] s : series) {
                chain = chain.chain(() -> closeSeries(provider, s[0], s[1], cutoff).invoke(out::addAll).replaceWithVoid());
            }
            return chain.replaceWith(out);
        });
    }

    private Uni<List<IndicatorComputed>> closeSeries(String provider, String symbol, String interval, Instant cutoff) {
        String key = provider + "|" + symbol + "|" + interval;
        return states.update(SCOPE, key, (conn, json) -> bars.closeReady(conn, provider, symbol, interval, cutoff)
                .chain(closedBars -> {
                    SeriesState s = parse(json);
                    IndicatorEngine engine = s == null ? new IndicatorEngine() : IndicatorEngine.restore(s.engine());
                    Instant last = s == null ? null : s.lastBarTs();
                    List<IndicatorComputed> computed = new ArrayList<>();
                    for (BarRepository.StoredBar bar : closedBars) {
                        // a bar older than the last one consumed arrived late: stored, revised, not re-emitted
                        if (bar.open() == null || (last != null && !bar.ts().isAfter(last))) {
                            continue;
                        }
                        Timer.Sample sample = Timer.start(registry);
                        Map<String, Double> values = engine.update(BarInput.of(bar.open(), bar.high(), bar.low(),
                                bar.close(), bar.volume()));
                        sample.stop(Timer.builder("features_update_duration_seconds").tag("symbol", symbol)
                                .tag("window", interval).register(registry));
                        last = bar.ts();
                        computed.add(new IndicatorComputed(provider, symbol, interval, bar.ts(), new BarValues(
                                bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.vwap(),
                                bar.tradeCount()), values));
                    }
                    SeriesState next = new SeriesState(engine.snapshot(), last,
                            s == null ? Set.of() : s.appliedActions());
                    return indicators.upsert(conn, computed).replaceWith(
                            new StateRepository.Updated<>(new String(Json.bytes(next)), computed));
                }));
    }

    private static SeriesState parse(String json) {
        return json == null ? null
                : Json.bind(Json.tree(json.getBytes(StandardCharsets.UTF_8)), SeriesState.class, "state");
    }

    /**
     * One event per {@link #RECORDS_PER_EVENT} closed bars: an idle flush can close thousands of bars at once, and a
     * single event that large (≈ 650 bytes per bar) would exceed Kafka's 1 MB record limit and never be delivered.
     * The first chunk is the reply, the rest go out as side events; ids are derived per chunk, so a retry repeats them.
     */
    static Reply reply(String inputId, String traceparent, List<IndicatorComputed> closed) {
        if (closed.isEmpty()) {
            return Reply.none();
        }
        List<OutEvent> events = new ArrayList<>();
        for (int from = 0; from < closed.size(); from += RECORDS_PER_EVENT) {
            List<IndicatorComputed> chunk = closed.subList(from, Math.min(closed.size(), from + RECORDS_PER_EVENT));
            String id = from == 0 ? EventIds.derive(inputId, NAME)
                    : EventIds.derive(inputId, NAME + "#" + from / RECORDS_PER_EVENT);
            events.add(OutEvent.builder(NAME, EventTypes.INDICATOR_COMPUTED, id)
                    .extension("traceparent", traceparent)
                    .symbols(chunk.stream().map(IndicatorComputed::symbol).toList())
                    .data(Batch.of(List.copyOf(chunk))));
        }
        return new Reply(events.get(0), List.copyOf(events.subList(1, events.size())));
    }

    static ZoneId zoneOf(CanonicalRecord r) {
        return "crypto".equals(r.assetClass()) || r.symbol().contains("-") ? ZoneOffset.UTC : US_EQUITIES;
    }
}
