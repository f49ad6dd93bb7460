package dev.marketfn.qualitycheck;

import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import dev.marketfn.contracts.RecordValidation;
import dev.marketfn.quality.QualityCheck;
import dev.marketfn.quality.QualityConfig;
import dev.marketfn.quality.QualityResult;
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
import java.util.List;
import java.util.Map;

/**
 * normalized → checked: each record is checked against its series state (kept in PostgreSQL, updated under the
 * series lock); accepted records flow on with {@code quality}, failed ones are stored as rejected and raise alerts,
 * while the rest of the batch still flows. A timer event sweeps for stale feeds.
 */
@ApplicationScoped
public class QualityCheckHandlers implements FunctionHandlers {
    public static final String NAME = "quality-check";
    private static final String SCOPE = "quality";

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

    private record Outcome(CanonicalRecord accepted, List<QualityAlert> alerts) {
    }

    Uni<Reply> check(InEvent event) {
        CanonicalBatch batch = Json.bind(event.json(), CanonicalBatch.class, "data");
        RecordValidation.validate(batch.asBatch());
        List<Outcome> outcomes = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<CanonicalRecord> records = batch.records();
        for (int i = 0; i < records.size(); i++) {
            CanonicalRecord record = records.get(i);
            int index = i;
            chain = chain.chain(() -> checkOne(event, record, index).invoke(outcomes::add).replaceWithVoid());
        }
        return chain.chain(() -> {
            List<CanonicalRecord> accepted = outcomes.stream().map(Outcome::accepted)
                    .filter(java.util.Objects::nonNull).toList();
            List<QualityAlert> raised = outcomes.stream().flatMap(o -> o.alerts().stream()).toList();
            return ticks.upsert(accepted, dispatcher.get().producedBy())
                    .chain(() -> alerts.insert(raised))
                    .map(v -> reply(event, accepted, raised));
        });
    }

    private Uni<Outcome> checkOne(InEvent event, CanonicalRecord record, int index) {
        Instant now = Instant.now();
        return states.update(SCOPE, SeriesState.keyOf(record), (conn, json) -> {
            SeriesState state = json == null ? null
                    : Json.bind(Json.tree(json.getBytes(StandardCharsets.UTF_8)), SeriesState.class, "state");
            QualityResult result = QualityCheck.check(record, state, config, now);
            return switch (result) {
                case QualityResult.Accepted a -> Uni.createFrom().item(new StateRepository.Updated<>(
                        new String(Json.bytes(a.state())), new Outcome(a.record(), a.alerts())));
                case QualityResult.Rejected r -> {
                    InvalidInputException e = r.asException().under("records[" + index + "]");
                    dispatcher.get().errors(e.reason());
                    yield rejected.insert(new RejectedRepository.Rejected(
                                    EventIds.derive(record.eventId(), NAME + ":rejected"), NAME, e.reason(), e.field(),
                                    e.detail(), event.id(), event.type(), Json.bytes(record)))
                            .replaceWith(new StateRepository.Updated<>(new String(Json.bytes(r.state())),
                                    new Outcome(null, r.alerts())));
                }
            };
        });
    }

    /** Timer event: STALE_DATA / SOURCE_UNAVAILABLE for series silent for more than twice their usual gap. */
    Uni<Reply> staleSweep(InEvent event) {
        Instant now = Instant.now();
        return states.loadAll(SCOPE).map(all -> all.values().stream()
                        .map(json -> Json.bind(Json.tree(json.getBytes(StandardCharsets.UTF_8)), SeriesState.class, "state"))
                        .toList())
                .map(series -> QualityCheck.sweepStale(series, now, config))
                .call(found -> alerts.insert(found))
                .map(found -> found.isEmpty() ? Reply.none()
                        : Reply.of(OutEvent.builder(NAME, EventTypes.QUALITY_ALERT, EventIds.derive(event.id(), NAME + ":stale"))
                                .data(Batch.of(found))));
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
