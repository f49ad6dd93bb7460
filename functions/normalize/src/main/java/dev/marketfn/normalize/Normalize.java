package dev.marketfn.normalize;

import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.runtime.InEvent;
import dev.marketfn.runtime.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.InstrumentRepository;
import dev.marketfn.store.RawEventRepository;
import dev.marketfn.store.TickRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * raw → normalized: keeps the provider's message verbatim in raw_events, turns it into canonical records with the
 * provider adapter, enriches them from the instrument table and stores them in ticks.
 */
@ApplicationScoped
public class Normalize implements FunctionHandlers {
    public static final String NAME = "normalize";

    private final Providers providers = Providers.standard();
    @Inject
    RawEventRepository rawEvents;
    @Inject
    TickRepository ticks;
    @Inject
    InstrumentRepository instruments;
    @Inject
    Provider<Dispatcher> dispatcher;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.RAW, this::normalize);
    }

    Uni<Reply> normalize(InEvent event) {
        String provider = event.extension("provider");
        if (provider == null || provider.isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "provider",
                    "raw events name their feed in the 'provider' extension");
        }
        providers.adapter(provider);
        return rawEvents.append(new RawEventRepository.RawEvent(event.id(), provider, event.type(), event.source(),
                event.subject(), event.dataContentType(), event.data()))
                .map(firstSeen -> providers.normalize(new RawMessage(provider, event.id(), event.json(),
                        event.subject(), firstSeen)))
                .chain(this::enrich)
                .call(records -> ticks.upsert(records, dispatcher.get().producedBy()))
                .map(records -> reply(event, records));
    }

    /** Fills enrichment fields the provider message did not carry; unknown instruments keep nulls. */
    private Uni<List<CanonicalRecord>> enrich(List<CanonicalRecord> records) {
        TreeSet<String> symbols = new TreeSet<>();
        records.forEach(r -> symbols.add(r.symbol()));
        return instruments.lookup(symbols).map(known -> {
            if (known.isEmpty()) {
                return records;
            }
            List<CanonicalRecord> out = new ArrayList<>(records.size());
            for (CanonicalRecord r : records) {
                InstrumentRepository.Instrument i = known.get(r.symbol());
                out.add(i == null ? r : r.toBuilder()
                        .exchange(r.exchange() != null ? r.exchange() : i.exchangeMic())
                        .assetClass(r.assetClass() != null ? r.assetClass() : i.assetClass())
                        .currency(r.currency() != null ? r.currency() : i.currency())
                        .isin(r.isin() != null ? r.isin() : i.isin()).build());
            }
            return out;
        });
    }

    private static Reply reply(InEvent event, List<CanonicalRecord> records) {
        if (records.isEmpty()) {
            return Reply.none();
        }
        return Reply.of(OutEvent.builder(NAME, EventTypes.TICK_NORMALIZED, EventIds.derive(event.id(), NAME))
                .extension("provider", event.extension("provider")).extension("traceparent", event.extension("traceparent"))
                .symbols(records.stream().map(CanonicalRecord::symbol).toList())
                .data(Batch.of(records)));
    }
}
