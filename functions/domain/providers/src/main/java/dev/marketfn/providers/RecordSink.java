package dev.marketfn.providers;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.RejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the records of one message and stamps what every record shares: provider, lineage, ingest time, schema
 * version. Also owns the plausibility window for event times, so every adapter applies the same one.
 */
final class RecordSink {
    /** Nothing the platform ingests predates electronic US consolidated feeds in their current form. */
    static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    /** Clock skew between a provider and the platform is tolerated up to a day; more means a broken timestamp. */
    static final Duration MAX_FUTURE = Duration.ofDays(1);

    private final String provider;
    private final RawMessage msg;
    private final Instant latest;
    private final List<CanonicalRecord> records = new ArrayList<>();

    RecordSink(String provider, RawMessage msg) {
        this.provider = provider;
        this.msg = msg;
        this.latest = msg.ingestTs().plus(MAX_FUTURE);
    }

    RawMessage message() {
        return msg;
    }

    /** A builder with the shared fields set and {@code ts} checked; the adapter adds the kind-specific values. */
    CanonicalRecord.Builder start(Kind kind, String symbol, Instant ts, String tsField, long seq) {
        if (ts.isBefore(EARLIEST) || ts.isAfter(latest)) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, tsField,
                    ts + " is outside [" + EARLIEST + ", ingest_ts + 1 day]");
        }
        return CanonicalRecord.builder()
                .kind(kind)
                .provider(provider)
                .symbol(symbol)
                .ts(ts)
                .seq(seq)
                .ingestTs(msg.ingestTs())
                .rawEventId(msg.rawEventId());
    }

    void add(CanonicalRecord.Builder b) {
        records.add(b.build());
    }

    List<CanonicalRecord> records() {
        return List.copyOf(records);
    }
}
