package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code rejected_events}: every rejected input with its reason and raw bytes (docs/contract/errors.md). */
@ApplicationScoped
public class RejectedRepository {
    private final Pool pool;
    private final StoreTimer timer;

    public RejectedRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    public record Rejected(String rejectionId, String function, String reason, String field, String detail,
            String inputId, String inputType, byte[] payload) {
    }

    public Uni<Void> insert(Rejected r) {
        return timer.time("rejected_events", () -> pool.preparedQuery("""
                INSERT INTO rejected_events (rejection_id, function, reason, field, detail, input_id, input_type, payload)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (rejection_id) DO NOTHING""")
                .execute(Tuple.from(new Object[] {r.rejectionId(), r.function(), r.reason(), Sql.text(r.field()),
                        Sql.text(r.detail()), Sql.text(r.inputId()), Sql.text(r.inputType()), r.payload() == null ? null : Buffer.buffer(r.payload())})))
                .replaceWithVoid();
    }
}
