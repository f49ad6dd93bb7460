package dev.marketfn.qualitycheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.quality.PeerPrice;
import dev.marketfn.quality.QualityCheck;
import dev.marketfn.quality.QualityConfig;
import dev.marketfn.quality.QualityResult;
import dev.marketfn.quality.SeriesCheckpoint;
import dev.marketfn.quality.SeriesRun;
import dev.marketfn.quality.SeriesState;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.runtime.InEvent;
import dev.marketfn.runtime.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.AlertRepository;
import dev.marketfn.store.RejectedRepository;
import dev.marketfn.store.StateRepository;
import dev.marketfn.store.TickRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

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

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.TICK_NORMALIZED, this::check, EventTypes.PING, this::staleSweep);
    }

    Uni<Reply> check(InEvent event) {
        CanonicalBatch batch = Json.bind(event.json(), CanonicalBatch.class, "data");
        if (batch == null || batch.records() == null) {
            throw InvalidInputException.missing("records");
        }
        List<CanonicalRecord> records = batch.records();
        Instant now = Instant.now();
        QualityResult[] results = new QualityResult[records.size()];
        // Each record's position in the batch, grouped by series; a record that names no series is judged alone.
        Map<String, List<Integer>> bySeries = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            CanonicalRecord r = records.get(i);
            String key = r == null ? null : SeriesState.keyOrNull(r);
            if (key != null) {
                bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            } else if (r == null) {
                InvalidInputException e = InvalidInputException.missing("record");
                results[i] = new QualityResult.Rejected(e.reason(), e.field(), e.detail(), null, List.of());
            } else {
                results[i] = QualityCheck.check(r, null, config, now);
            }
        }
        if (bySeries.isEmpty()) {
            List<QualityAlert> raised = alertsOf(results);
            return alerts.insert(raised).chain(() -> storeRecords(event, records, results))
                    .map(accepted -> reply(event, accepted, raised));
        }
        return peers(bySeries.keySet())
                .chain(peerStates -> states.updateAll(SCOPE, bySeries.keySet(), (conn, current) -> {
                    Map<String, SeriesCheckpoint> stored = new HashMap<>();
                    current.forEach((key, json) -> stored.put(key, parse(json)));
                    Map<String, String> next = new HashMap<>();
                    for (Map.Entry<String, List<Integer>> series : bySeries.entrySet()) {
                        String key = series.getKey();
                        List<CanonicalRecord> mine = series.getValue().stream().map(records::get).toList();
                        SeriesRun run = QualityCheck.checkSeries(event.id(), mine, stored.get(key), config, now,
                                peerPrices(key, event.id(), stored, peerStates));
                        for (int j = 0; j < mine.size(); j++) {
                            results[series.getValue().get(j)] = run.results().get(j);
                        }
                        if (run.checkpoint() != null) {
                            next.put(key, new String(Json.bytes(run.checkpoint()), StandardCharsets.UTF_8));
                        }
                    }
                    List<QualityAlert> raised = alertsOf(results);
                    // The records are written on another connection while the state commits: both are keyed by
                    // event id, so if either fails the redelivery recomputes the same rows from the same state.
                    CompletableFuture<List<CanonicalRecord>> rows = storeRecords(event, records, results)
                            .subscribeAsCompletionStage();
                    // Alerts commit with the state they were derived from: a redelivery finds both or neither.
                    return alerts.insert(conn, raised)
                            .replaceWith(new StateRepository.UpdatedAll<>(next, new Written(raised, rows)));
                }))
                .chain(written -> Uni.createFrom().completionStage(written.records())
                        .map(accepted -> reply(event, accepted, written.alerts())));
    }

    /** What a batch wrote: its alerts (committed with the state) and the record writes under way. */
    private record Written(List<QualityAlert> alerts, CompletableFuture<List<CanonicalRecord>> records) {
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
        return states.load(SCOPE, List.copyOf(peerKeys)).map(found -> {
            Map<String, SeriesCheckpoint> parsed = new HashMap<>();
            found.forEach((key, json) -> {
                SeriesCheckpoint c = json == null || "null".equals(json) ? null : parse(json);
                if (c != null) {
                    parsed.put(key, c);
                }
            });
            return parsed;
        });
    }

    /**
     * Peers of series {@code key}: the same instrument, kind and interval from every other provider, as of the start
     * of the batch (series of the batch itself at the state its records start from).
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

    private static List<QualityAlert> alertsOf(QualityResult[] results) {
        List<QualityAlert> raised = new ArrayList<>();
        for (QualityResult r : results) {
            raised.addAll(r.alerts());
        }
        return raised;
    }

    /** Rejected records with their reasons, accepted records with their quality; yields the accepted ones. */
    private Uni<List<CanonicalRecord>> storeRecords(InEvent event, List<CanonicalRecord> records,
            QualityResult[] results) {
        List<CanonicalRecord> accepted = new ArrayList<>();
        List<Uni<Void>> rejections = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            switch (results[i]) {
                case QualityResult.Accepted a -> accepted.add(a.record());
                case QualityResult.Rejected r -> {
                    CanonicalRecord record = records.get(i);
                    InvalidInputException e = r.asException().under("records[" + i + "]");
                    dispatcher.get().errors(e.reason());
                    String basis = record != null && record.eventId() != null ? record.eventId()
                            : event.id() + "#records[" + i + "]";
                    rejections.add(rejected.insert(new RejectedRepository.Rejected(
                            EventIds.derive(basis, NAME + ":rejected"), NAME, e.reason(), e.field(), e.detail(),
                            event.id(), event.type(), Json.bytes(record))));
                }
            }
        }
        Uni<Void> stored = rejections.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejections).andFailFast().replaceWithVoid();
        return stored.chain(() -> ticks.upsert(accepted, dispatcher.get().producedBy())).replaceWith(accepted);
    }

    private static SeriesCheckpoint parse(String json) {
        return SeriesCheckpoint.fromJson(Json.tree(json.getBytes(StandardCharsets.UTF_8)));
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
                        .symbols(raised.stream().map(QualityAlert::symbol).toList()).data(Batch.of(raised)));
        if (accepted.isEmpty()) {
            return new Reply(null, side);
        }
        OutEvent checked = OutEvent.builder(NAME, EventTypes.TICK_CHECKED, EventIds.derive(event.id(), NAME))
                .extension("provider", event.extension("provider"))
                .extension("traceparent", event.extension("traceparent"))
                .symbols(accepted.stream().map(CanonicalRecord::symbol).toList()).data(Batch.of(accepted));
        return new Reply(checked, side);
    }
}
