package dev.marketfn.archive;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a raw event goes in the archive. raw_events has no event time or symbol column, so the message is read with
 * the provider adapters normalize runs. Each raw event is archived once (one row, one partition) even when it holds
 * several symbols:
 * <ul>
 *   <li>event time: the earliest record time in the message; {@code received_at} when the adapter reads no record
 *       (a status message, or one it cannot read: normalize rejected it, the archive still keeps it verbatim);</li>
 *   <li>partition symbol: the event's {@code subject} (the symbol the connector keyed it by), else the one symbol its
 *       records hold, else {@value #MULTI} (several symbols, no subject) or {@value #NONE} (no record);</li>
 *   <li>{@code symbols}: every symbol of its records, so a reader can still find a multi-symbol message.</li>
 * </ul>
 */
public final class Placement {
    public static final String MULTI = "_multi";
    public static final String NONE = "_none";
    /** Far enough ahead that no archived record counts as "from the future" while it is read again. */
    private static final Instant INGEST = Instant.parse("2999-01-01T00:00:00Z");
    private final Providers providers = Providers.standard();

    public ArchivedEvent place(RawEvent e) {
        List<CanonicalRecord> records;
        try {
            records = providers.normalize(new RawMessage(e.provider(), e.eventId(), Json.tree(e.payload()),
                    e.subject(), INGEST));
        } catch (RuntimeException unreadable) {
            records = List.of();
        }
        Instant time = null;
        Set<String> symbols = new LinkedHashSet<>();
        for (CanonicalRecord r : records) {
            if (r.ts() != null && (time == null || r.ts().isBefore(time))) {
                time = r.ts();
            }
            if (r.symbol() != null) {
                symbols.add(r.symbol());
            }
        }
        String symbol;
        if (e.subject() != null && !e.subject().isBlank()) {
            symbol = e.subject();
        } else if (symbols.size() == 1) {
            symbol = symbols.iterator().next();
        } else {
            symbol = symbols.isEmpty() ? NONE : MULTI;
        }
        return new ArchivedEvent(e, time != null ? time : e.receivedAt(), symbol, String.join(",", symbols));
    }
}
