package dev.marketfn.archive;

import java.time.Instant;

/**
 * A raw event with where it lives in the archive: its event time (the earliest record time the provider adapter
 * reads in it, else its {@code received_at}), the partition symbol and every symbol it holds (comma-separated, in
 * the order the adapter reads them). See {@link Placement}.
 */
public record ArchivedEvent(RawEvent raw, Instant eventTime, String symbol, String symbols) {
    public PartitionKey partition() {
        return PartitionKey.of(raw.provider(), eventTime, symbol);
    }
}
