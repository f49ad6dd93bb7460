package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

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
     * Appends the event once; returns when the platform first saw it, which becomes {@code ingest_ts} of its records, so
     * a redelivered raw event yields identical output.
     */
    public Uni<Instant> append(RawEvent e) {
        return timer.time("raw_events", () -> pool.preparedQuery("""
                WITH ins AS (
                    INSERT INTO raw_events (event_id, provider, ce_type, ce_source, subject, content_type, payload)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING RETURNING received_at)
                SELECT received_at FROM ins
                UNION ALL SELECT received_at FROM raw_events WHERE event_id = $1
                LIMIT 1""")
                .execute(Tuple.from(new Object[] {Sql.text(e.eventId()), Sql.text(e.provider()), Sql.text(e.ceType()),
                        Sql.text(e.ceSource()), Sql.text(e.subject()),
                        e.contentType(), Buffer.buffer(e.payload() == null ? new byte[0] : e.payload())}))
                .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant()));
    }
}
