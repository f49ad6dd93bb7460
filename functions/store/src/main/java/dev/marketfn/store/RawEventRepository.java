package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** {@code raw_events}: the provider's message verbatim, append-only; a redelivered raw event changes nothing. */
@ApplicationScoped
public class RawEventRepository {
    private final Pool pool;
    private final StoreTimer timer;

    public RawEventRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    public record RawEvent(String eventId, String provider, String ceType, String ceSource, String subject,
            String contentType, byte[] payload) {
    }

    /**
     * Appends each event once, all in one statement and one transaction; returns, per event in order, when the platform
     * first saw it, which becomes {@code ingest_ts} of its records, so a redelivered raw event yields identical output.
     * raw_events is partitioned by that time, which differs between copies, so the SQL function
     * {@code raw_events_append} (migration V020) looks for an id in every partition the retention keeps before it
     * inserts, under a lock per id (docs/contract/storage.md, "Idempotent writes").
     */
    public Uni<List<Instant>> appendAll(List<RawEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = events.size();
        String[] ids = new String[n], providers = new String[n], types = new String[n], sources = new String[n];
        String[] subjects = new String[n], contentTypes = new String[n];
        Buffer[] payloads = new Buffer[n];
        for (int i = 0; i < n; i++) {
            RawEvent e = events.get(i);
            ids[i] = Sql.text(e.eventId());
            providers[i] = Sql.text(e.provider());
            types[i] = Sql.text(e.ceType());
            sources[i] = Sql.text(e.ceSource());
            subjects[i] = Sql.text(e.subject());
            contentTypes[i] = e.contentType();
            payloads[i] = Buffer.buffer(e.payload() == null ? new byte[0] : e.payload());
        }
        Tuple params = Tuple.from(new Object[] {ids, providers, types, sources, subjects, contentTypes, payloads});
        return timer.time("raw_events", () -> pool.preparedQuery(
                "SELECT ord, received_at FROM raw_events_append($1, $2, $3, $4, $5, $6, $7)").execute(params)
                .map(rows -> {
                    Instant[] firstSeen = new Instant[n];
                    rows.forEach(row -> firstSeen[(int) row.getLong(0).longValue() - 1] = row.getOffsetDateTime(1)
                            .toInstant());
                    return List.of(firstSeen);
                }));
    }
}
