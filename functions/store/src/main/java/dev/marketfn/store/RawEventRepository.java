package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

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

    /** @return true when the event was new */
    public Uni<Boolean> append(RawEvent e) {
        return timer.time("raw_events", () -> pool.preparedQuery("""
                INSERT INTO raw_events (event_id, provider, ce_type, ce_source, subject, content_type, payload)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] {e.eventId(), e.provider(), e.ceType(), e.ceSource(), e.subject(),
                        e.contentType(), Buffer.buffer(e.payload())}))
                .map(rows -> rows.rowCount() == 1));
    }
}
