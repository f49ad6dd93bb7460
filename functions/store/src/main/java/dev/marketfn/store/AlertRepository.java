package dev.marketfn.store;

import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code quality_alerts}: alert ids are deterministic, so the same batch twice stores each alert once. */
@ApplicationScoped
public class AlertRepository {
    private final Pool pool;
    private final StoreTimer timer;

    public AlertRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    public Uni<Void> insert(List<QualityAlert> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = alerts.stream().map(a -> Tuple.from(new Object[] {a.alertId(), a.alertType(), a.severity(),
                a.provider(), a.symbol(), Sql.ts(a.ts()), a.eventId(), a.detail(),
                a.values() == null ? null : new JsonObject(new String(Json.bytes(a.values())))})).toList();
        return timer.time("quality_alerts", () -> pool.preparedQuery("""
                INSERT INTO quality_alerts (alert_id, alert_type, severity, provider, symbol, ts, event_id, detail, "values")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (alert_id) DO NOTHING""")
                .executeBatch(tuples).replaceWithVoid());
    }
}
