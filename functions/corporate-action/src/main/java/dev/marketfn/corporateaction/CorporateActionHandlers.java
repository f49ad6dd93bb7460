package dev.marketfn.corporateaction;

import dev.marketfn.actions.ActionValidation;
import dev.marketfn.actions.ActionVersion;
import dev.marketfn.actions.AdjustmentMode;
import dev.marketfn.actions.Adjuster;
import dev.marketfn.actions.CorporateActions;
import dev.marketfn.actions.FactorTimeline;
import dev.marketfn.contracts.ExchangeZones;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalBatch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.CorporateActionApplied;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RecordValidation;
import dev.marketfn.runtime.BatchEventHandler;
import dev.marketfn.runtime.BatchEventHandler.Outcome;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.ActionRepository;
import dev.marketfn.store.BarRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Announcements → stored, versioned actions and factors (+ applied event for the indicator function); checked records
 * → adjusted records in the current basis of the configured mode, using every action known now.
 */
@ApplicationScoped
public class CorporateActionHandlers implements FunctionHandlers {
    public static final String NAME = "corporate-action";

    private final ActionRepository actions;
    private final BarRepository bars;
    private final AdjustmentMode mode;

    public CorporateActionHandlers(ActionRepository actions, BarRepository bars,
            @ConfigProperty(name = "marketfn.adjustment.mode", defaultValue = "split") String mode) {
        this.actions = actions;
        this.bars = bars;
        this.mode = AdjustmentMode.parse(mode);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.CORPORATE_ACTION_ANNOUNCED, this::announce, EventTypes.TICK_CHECKED,
                (BatchEventHandler) this::adjust);
    }

    Uni<Reply> announce(InEvent event) {
        CorporateActionAnnounced parsed = event.bind(CorporateActionAnnounced.class);
        CorporateActionAnnounced announced = ActionValidation.validate(parsed.knownAt() == null
                ? parsed.withKnownAt(Instant.now()) : parsed);
        Instant exDateStart = announced.exDate().atStartOfDay(ExchangeZones.NEW_YORK).toInstant();
        Uni<java.math.BigDecimal> prevClose = CorporateActionAnnounced.CASH_DIVIDEND.equals(announced.type())
                ? bars.lastCloseBefore(announced.symbol(), exDateStart) : Uni.createFrom().nullItem();
        return prevClose.chain(close -> {
            CorporateActionApplied applied = CorporateActions.applied(announced, close);
            return actions.store(announced, close, applied.priceAdjustmentFactor(), applied.volumeAdjustmentFactor())
                    .map(stored -> Reply.of(OutEvent.builder(NAME, EventTypes.CORPORATE_ACTION_APPLIED,
                                    EventIds.derive(announced.actionId() + "#" + stored.version(), NAME + ":applied"))
                            .symbol(announced.symbol()).tracedFrom(event).data(applied)));
        });
    }

    /**
     * A run of checked events: the actions of every symbol they name are read in one query, then each event's records
     * are adjusted as of now (point in time: actions known later do not apply to these records).
     */
    Uni<List<Outcome>> adjust(List<InEvent> events) {
        Outcome[] outcomes = new Outcome[events.size()];
        List<CanonicalBatch> batches = new ArrayList<>(events.size());
        TreeSet<String> symbols = new TreeSet<>();
        for (int i = 0; i < events.size(); i++) {
            CanonicalBatch batch = null;
            try {
                batch = events.get(i).bind(CanonicalBatch.class);
                if (batch == null || batch.records() == null) {
                    throw InvalidInputException.missing("records");
                }
                RecordValidation.validate(batch.asBatch());
                batch.records().forEach(r -> symbols.add(r.symbol()));
            } catch (InvalidInputException e) {
                outcomes[i] = Outcome.invalid(e);
                batch = null;
            }
            batches.add(batch);
        }
        Uni<Map<String, List<ActionRepository.Version>>> versions = symbols.isEmpty()
                ? Uni.createFrom().item(Map.of()) : actions.versions(symbols);
        Instant asOf = Instant.now();
        return versions.map(bySymbol -> {
            Map<String, FactorTimeline> timelines = new HashMap<>();
            bySymbol.forEach((symbol, v) -> timelines.put(symbol,
                    FactorTimeline.of(v.stream().map(x -> ActionVersion.of(x.action(), x.prevClose())).toList())));
            for (int i = 0; i < events.size(); i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = Outcome.of(adjusted(events.get(i), batches.get(i), timelines, asOf));
                }
            }
            return Arrays.asList(outcomes);
        });
    }

    private Reply adjusted(InEvent event, CanonicalBatch batch, Map<String, FactorTimeline> timelines, Instant asOf) {
        List<CanonicalRecord> adjusted = new ArrayList<>(batch.records().size());
        for (CanonicalRecord r : batch.records()) {
            adjusted.add(Adjuster.adjust(r, timelines.get(r.symbol()), mode, asOf, ExchangeZones.of(r)));
        }
        return Reply.of(OutEvent.builder(NAME, EventTypes.TICK_ADJUSTED, EventIds.derive(event.id(), NAME))
                .extension("provider", event.extension("provider"))
                .tracedFrom(event)
                .symbols(adjusted.stream().map(CanonicalRecord::symbol).toList())
                .data(Batch.of(adjusted)));
    }

}
