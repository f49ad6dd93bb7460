package dev.marketfn.qualitycheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Quality;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.quality.PeerPrice;
import dev.marketfn.quality.QualityCheck;
import dev.marketfn.quality.QualityConfig;
import dev.marketfn.quality.QualityResult;
import dev.marketfn.quality.SeriesCheckpoint;
import dev.marketfn.quality.SeriesRun;
import dev.marketfn.quality.SeriesState;
import dev.marketfn.runtime.BatchEventHandler;
import dev.marketfn.runtime.BatchEventHandler.Outcome;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.AlertRepository;
import dev.marketfn.store.RejectedRepository;
import dev.marketfn.store.StateCache;
import dev.marketfn.store.StateRepository;
import dev.marketfn.store.TickRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * normalized → checked, a batch at a time: the records are grouped by series, every series of the batch is loaded
 * and locked at once (one transaction, rows locked in key order), each series' records are checked in batch order
 * against its state, and the states and the alerts are written back with one statement each. Accepted records flow
 * on with {@code quality}; failed ones are stored as rejected and raise alerts while the rest of the batch still
 * flows. A timer event sweeps for stale feeds. Design: docs/quality.md "Batching and concurrency".
 */
@ApplicationScoped
public class QualityCheckHandlers implements FunctionHandlers {
    public static final String NAME = "quality-check";
    private static final String SCOPE = "quality";
    /** {@code data.task} of the stale-sweep PingSource (knative/base/pingsources.yaml). */
    static final String STALE_SWEEP_TASK = "stale-sweep";

    private final QualityConfig config = QualityConfig.defaults();
    @Inject
    StateRepository states;
    @Inject
    TickRepository ticks;
    @Inject
    AlertRepository alerts;
    @Inject
    RejectedRepository rejected;
    @Inject
    Provider<Dispatcher> dispatcher;
    @Inject
    QualityScoreMeters scores;
    /** Checkpoints decoded once and reused while their rows hold the same text (StateCache). */
    private final StateCache<SeriesCheckpoint> checkpointCache;

    @Inject
    QualityCheckHandlers(@ConfigProperty(name = "marketfn.state-cache.entries") int cacheEntries) {
        this.checkpointCache = StateCache.json(cacheEntries, QualityCheckHandlers::parse);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.TICK_NORMALIZED, (BatchEventHandler) this::check, EventTypes.PING, this::staleSweep);
    }

    /**
     * A run of normalized events in one transaction: every series they touch is locked at once, the events are checked
     * in order (each sees the states the events before it left, exactly as if they came one by one), then the states,
     * the alerts and the records are written with one statement each.
     */
    Uni<List<Outcome>> check(List<InEvent> events) {
        Instant now = Instant.now();
        Outcome[] outcomes = new Outcome[events.size()];
        List<Input> inputs = new ArrayList<>();
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < events.size(); i++) {
            InEvent event = events.get(i);
            List<CanonicalRecord> records;
            try {
                CanonicalBatch batch = event.bind(CanonicalBatch.class);
                if (batch == null || batch.records() == null) {
                    throw InvalidInputException.missing("records");
                }
                records = batch.records();
            } catch (InvalidInputException e) {
                outcomes[i] = Outcome.invalid(e);
                continue;
            }
            Input input = new Input(i, event, records, new QualityResult[records.size()], new TreeMap<>());
            // Each record's position in the event, grouped by series; a record that names no series is judged alone.
            for (int j = 0; j < records.size(); j++) {
                CanonicalRecord r = records.get(j);
                String key = r == null ? null : SeriesState.keyOrNull(r);
                if (key != null) {
                    input.bySeries().computeIfAbsent(key, k -> new ArrayList<>()).add(j);
                    keys.add(key);
                } else if (r == null) {
                    InvalidInputException e = InvalidInputException.missing("record");
                    input.results()[j] = new QualityResult.Rejected(e.reason(), e.field(), e.detail(), null, List.of());
                } else {
                    input.results()[j] = QualityCheck.check(r, null, config, now);
                }
            }
            inputs.add(input);
        }
        if (keys.isEmpty()) {
            return alerts.insert(alertsOf(inputs)).chain(() -> storeRecords(null, inputs))
                    .map(accepted -> outcomes(outcomes, inputs, accepted));
        }
        List<CanonicalRecord> records = new ArrayList<>();
        inputs.forEach(input -> records.addAll(input.records()));
        return ticks.qualities(records).chain(judged -> peers(keys)
                .chain(peerStates -> states.updateAll(SCOPE, keys, checkpointCache, (conn, current) -> {
                    Map<String, SeriesCheckpoint> checkpoints = new HashMap<>(current);
                    Set<String> changed = new TreeSet<>();
                    for (Input input : inputs) {
                        String inputId = input.event().id();
                        Map<String, SeriesCheckpoint> moved = new HashMap<>();
                        for (Map.Entry<String, List<Integer>> series : input.bySeries().entrySet()) {
                            String key = series.getKey();
                            SeriesCheckpoint checkpoint = checkpoints.get(key);
                            List<Integer> fresh = series.getValue();
                            if (checkpoint == null || !inputId.equals(checkpoint.inputId())) {
                                // A replayed tick keeps the verdict it was given the first time, and its series
                                // does not count it again (the latest input is instead recomputed from its checkpoint,
                                // which also reproduces its alerts).
                                fresh = new ArrayList<>();
                                for (int j : series.getValue()) {
                                    CanonicalRecord r = input.records().get(j);
                                    String quality = judged.get(r.eventId());
                                    if (quality == null) {
                                        fresh.add(j);
                                    } else {
                                        input.results()[j] = new QualityResult.Accepted(r.withQuality(Json.read(
                                                quality.getBytes(StandardCharsets.UTF_8), Quality.class, "quality")), null, List.of());
                                    }
                                }
                                if (fresh.isEmpty()) {
                                    continue;
                                }
                            }
                            List<Integer> positions = fresh;
                            List<CanonicalRecord> mine = positions.stream().map(input.records()::get).toList();
                            SeriesRun run = QualityCheck.checkSeries(inputId, mine, checkpoint, config, now,
                                    peerPrices(key, inputId, checkpoints, peerStates));
                            for (int j = 0; j < mine.size(); j++) {
                                input.results()[positions.get(j)] = run.results().get(j);
                            }
                            if (run.checkpoint() != null) {
                                moved.put(key, run.checkpoint());
                            }
                        }
                        // the next event's peers and series start from here
                        checkpoints.putAll(moved);
                        changed.addAll(moved.keySet());
                    }
                    Map<String, SeriesCheckpoint> next = new HashMap<>();
                    for (String key : changed) {
                        next.put(key, checkpoints.get(key));
                    }
                    // Alerts and the ticks' quality commit with the state they were derived from: a redelivery finds
                    // all or none of them, so a tick that has its quality is already counted in its series.
                    return alerts.insert(conn, alertsOf(inputs)).chain(() -> storeRecords(conn, inputs))
                            .map(accepted -> new StateRepository.UpdatedStates<>(next, accepted));
                })))
                .map(accepted -> outcomes(outcomes, inputs, accepted));
    }

    /**
     * One event of a run: its records, their verdicts as they are reached, and the positions of its records per
     * series.
     */
    private record Input(int position, InEvent event, List<CanonicalRecord> records, QualityResult[] results,
            Map<String, List<Integer>> bySeries) {
        List<QualityAlert> alerts() {
            List<QualityAlert> raised = new ArrayList<>();
            for (QualityResult r : results) {
                raised.addAll(r.alerts());
            }
            return raised;
        }
    }

    private List<Outcome> outcomes(Outcome[] outcomes, List<Input> inputs, List<List<CanonicalRecord>> accepted) {
        for (int k = 0; k < inputs.size(); k++) {
            Input input = inputs.get(k);
            scores.accepted(accepted.get(k));
            outcomes[input.position()] = Outcome.of(reply(input.event(), accepted.get(k), input.alerts()));
        }
        return Arrays.asList(outcomes);
    }

    /** Latest states of the batch's instruments from the other providers (read without locking). */
    private Uni<Map<String, SeriesCheckpoint>> peers(Set<String> keys) {
        Set<String> peerKeys = new TreeSet<>();
        for (String key : keys) {
            String own = SeriesState.providerOf(key);
            for (String provider : config.peerProviders()) {
                String peer = SeriesState.peerKey(key, provider);
                if (!provider.equals(own) && !keys.contains(peer)) {
                    peerKeys.add(peer);
                }
            }
        }
        if (peerKeys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return states.load(SCOPE, List.copyOf(peerKeys), checkpointCache);
    }

    /**
     * Peers of series {@code key}: the same instrument, kind and interval from every other provider, as of the start
     * of the input (series of the run at the state the input's records start from).
     */
    private List<PeerPrice> peerPrices(String key, String inputId, Map<String, SeriesCheckpoint> locked,
            Map<String, SeriesCheckpoint> others) {
        String own = SeriesState.providerOf(key);
        List<PeerPrice> peers = new ArrayList<>();
        for (String provider : config.peerProviders()) {
            if (provider.equals(own)) {
                continue;
            }
            String peerKey = SeriesState.peerKey(key, provider);
            SeriesState peer = locked.containsKey(peerKey) ? locked.get(peerKey).startFor(inputId)
                    : others.containsKey(peerKey) ? others.get(peerKey).state() : null;
            PeerPrice price = peer == null ? null : peer.asPeer();
            if (price != null) {
                peers.add(price);
            }
        }
        return peers;
    }

    private static List<QualityAlert> alertsOf(List<Input> inputs) {
        List<QualityAlert> raised = new ArrayList<>();
        for (Input input : inputs) {
            raised.addAll(input.alerts());
        }
        return raised;
    }

    /**
     * Rejected records with their reasons, accepted records with their quality (one upsert for the whole run, on
     * {@code conn} when given); yields the accepted records of each input.
     */
    private Uni<List<List<CanonicalRecord>>> storeRecords(SqlConnection conn, List<Input> inputs) {
        List<List<CanonicalRecord>> accepted = new ArrayList<>();
        List<CanonicalRecord> all = new ArrayList<>();
        List<Uni<Void>> rejections = new ArrayList<>();
        for (Input input : inputs) {
            List<CanonicalRecord> mine = new ArrayList<>();
            QualityResult[] results = input.results();
            for (int i = 0; i < results.length; i++) {
                switch (results[i]) {
                    case QualityResult.Accepted a -> mine.add(a.record());
                    case QualityResult.Rejected r -> rejections.add(reject(input.event(), input.records().get(i), i, r));
                }
            }
            accepted.add(mine);
            all.addAll(mine);
        }
        Uni<Void> stored = rejections.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejections).andFailFast().replaceWithVoid();
        String producedBy = dispatcher.get().producedBy();
        return stored.chain(() -> conn == null ? ticks.upsert(all, producedBy) : ticks.upsert(conn, all, producedBy))
                .replaceWith(accepted);
    }

    private Uni<Void> reject(InEvent event, CanonicalRecord record, int index, QualityResult.Rejected r) {
        InvalidInputException e = r.asException().under("records[" + index + "]");
        dispatcher.get().errors(e.reason());
        String basis = record != null && record.eventId() != null ? record.eventId()
                : event.id() + "#records[" + index + "]";
        return rejected.insert(new RejectedRepository.Rejected(EventIds.derive(basis, NAME + ":rejected"), NAME,
                e.reason(), e.field(), e.detail(), event.id(), event.type(), Json.bytes(record)));
    }

    private static SeriesCheckpoint parse(String json) {
        return SeriesCheckpoint.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Timer event: STALE_DATA / SOURCE_UNAVAILABLE for series silent for more than twice their usual gap. */
    Uni<Reply> staleSweep(InEvent event) {
        if (!isStaleSweep(event)) {
            return Uni.createFrom().item(Reply.none());
        }
        Instant now = Instant.now();
        return states.loadAll(SCOPE).map(all -> all.values().stream()
                        .map(json -> parse(json).state())
                        .toList())
                .map(series -> QualityCheck.sweepStale(series, now, config))
                .call(found -> alerts.insert(found))
                .map(found -> found.isEmpty() ? Reply.none()
                        : Reply.of(OutEvent.builder(NAME, EventTypes.QUALITY_ALERT, EventIds.derive(event.id(), NAME + ":stale"))
                                .tracedFrom(event)
                                .symbols(found.stream().map(QualityAlert::symbol).filter(Objects::nonNull).toList())
                                .data(Batch.of(found))));
    }

    /**
     * In the cluster a Trigger filters this PingSource by source; on the local Kafka stack every ping reaches every
     * function, so a ping whose data names another task (the indicator's {@code idle-flush}) is ignored.
     */
    private static boolean isStaleSweep(InEvent event) {
        if (event.data() == null || event.data().length == 0) {
            return true;
        }
        JsonNode task = event.json().path("task");
        return !task.isTextual() || STALE_SWEEP_TASK.equals(task.asText());
    }

    private static Reply reply(InEvent event, List<CanonicalRecord> accepted, List<QualityAlert> raised) {
        List<OutEvent> side = raised.isEmpty() ? List.of()
                : List.of(OutEvent.builder(NAME, EventTypes.QUALITY_ALERT, EventIds.derive(event.id(), NAME + ":alerts"))
                        .tracedFrom(event)
                        .symbols(raised.stream().map(QualityAlert::symbol).toList()).data(Batch.of(raised)));
        if (accepted.isEmpty()) {
            return new Reply(null, side);
        }
        OutEvent checked = OutEvent.builder(NAME, EventTypes.TICK_CHECKED, EventIds.derive(event.id(), NAME))
                .extension("provider", event.extension("provider"))
                .tracedFrom(event)
                .symbols(accepted.stream().map(CanonicalRecord::symbol).toList()).data(Batch.of(accepted));
        return new Reply(checked, side);
    }
}
