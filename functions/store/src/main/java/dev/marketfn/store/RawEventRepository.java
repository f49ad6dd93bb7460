package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
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
     * Appends each event once, all in one round trip and one transaction; returns, per event in order, when the platform
     * first saw it, which becomes {@code ingest_ts} of its records, so a redelivered raw event yields identical output.
     */
    public Uni<List<Instant>> appendAll(List<RawEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Tuple> tuples = new ArrayList<>(events.size());
        for (RawEvent e : events) {
            tuples.add(Tuple.from(new Object[] {Sql.text(e.eventId()), Sql.text(e.provider()), Sql.text(e.ceType()),
                    Sql.text(e.ceSource()), Sql.text(e.subject()), e.contentType(),
                    Buffer.buffer(e.payload() == null ? new byte[0] : e.payload())}));
        }
        // A batch runs its statements in order, so an id repeated within it finds the row its first copy inserted.
        return timer.time("raw_events", () -> pool.preparedQuery("""
                WITH ins AS (
                    INSERT INTO raw_events (event_id, provider, ce_type, ce_source, subject, content_type, payload)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING RETURNING received_at)
                SELECT received_at FROM ins
                UNION ALL SELECT received_at FROM raw_events WHERE event_id = $1
                LIMIT 1""").executeBatch(tuples).map(rows -> {
                    List<Instant> firstSeen = new ArrayList<>(events.size());
                    for (var rs = rows; rs != null; rs = rs.next()) {
                        firstSeen.add(rs.iterator().next().getOffsetDateTime(0).toInstant());
                    }
                    return firstSeen;
                }));
    }
}
