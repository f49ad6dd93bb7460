package dev.marketfn.normalize;

import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import dev.marketfn.runtime.BatchEventHandler;
import dev.marketfn.runtime.BatchEventHandler.Outcome;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.InstrumentRepository;
import dev.marketfn.store.RawEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * raw → normalized: keeps the provider's message verbatim in raw_events, turns it into canonical records with the
 * provider adapter and enriches them from the instrument table; quality-check stores them in ticks, with their quality.
 */
@ApplicationScoped
public class Normalize implements FunctionHandlers {
    public static final String NAME = "normalize";

    private final Providers providers = Providers.standard();
    @Inject
    RawEventRepository rawEvents;
    @Inject
    InstrumentRepository instruments;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.RAW, (BatchEventHandler) this::normalize);
    }

    /**
     * A run of raw events in two store round trips, whatever their number: append them all to raw_events and look up
     * every symbol once. The ticks are stored once, with their quality, by quality-check (docs/contract/storage.md).
     * An event the provider adapter refuses is rejected alone (its raw bytes are kept in raw_events, like any input).
     */
    Uni<List<Outcome>> normalize(List<InEvent> events) {
        Outcome[] outcomes = new Outcome[events.size()];
        List<Integer> admitted = new ArrayList<>();
        List<RawEventRepository.RawEvent> raw = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            InEvent event = events.get(i);
            try {
                String provider = providerOf(event);
                raw.add(new RawEventRepository.RawEvent(event.id(), provider, event.type(), event.source(),
                        event.subject(), event.dataContentType(), event.data()));
                admitted.add(i);
            } catch (InvalidInputException e) {
                outcomes[i] = Outcome.invalid(e);
            }
        }
        return rawEvents.appendAll(raw).map(firstSeen -> {
            List<List<CanonicalRecord>> parsed = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                parsed.add(List.of());
            }
            for (int k = 0; k < admitted.size(); k++) {
                int i = admitted.get(k);
                InEvent event = events.get(i);
                try {
                    parsed.set(i, providers.normalize(new RawMessage(providerOf(event), event.id(), event.json(),
                            event.subject(), firstSeen.get(k))));
                } catch (InvalidInputException e) {
                    outcomes[i] = Outcome.invalid(e);
                }
            }
            return parsed;
        }).chain(parsed -> enrich(parsed.stream().flatMap(List::stream).toList())
                .map(records -> {
                    // enrich keeps the order, so the flat list splits back into each event's records
                    int from = 0;
                    for (int i = 0; i < events.size(); i++) {
                        int size = parsed.get(i).size();
                        if (outcomes[i] == null) {
                            outcomes[i] = Outcome.of(reply(events.get(i), records.subList(from, from + size)));
                        }
                        from += size;
                    }
                    return Arrays.asList(outcomes);
                }));
    }

    private String providerOf(InEvent event) {
        String provider = event.extension("provider");
        if (provider == null || provider.isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_ATTRIBUTE, "provider",
                    "raw events name their feed in the 'provider' extension");
        }
        providers.adapter(provider);
        return provider;
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
                .extension("provider", event.extension("provider")).tracedFrom(event)
                .symbols(records.stream().map(CanonicalRecord::symbol).toList())
                .data(Batch.of(List.copyOf(records))));
    }
}
