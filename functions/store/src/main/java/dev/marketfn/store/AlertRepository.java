package dev.marketfn.store;

import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.QualityAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
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
        return insert(pool, alerts);
    }

    /**
     * Inserts a whole batch of alerts with one statement (arrays unnested server-side) on {@code client}, e.g. the
     * connection of a transaction that also saves the state the alerts were derived from. An alert already stored
     * (same {@code alert_id}: a redelivered record) is left as it is.
     */
    public Uni<Void> insert(SqlClient client, List<QualityAlert> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = alerts.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] severities = new String[n];
        String[] providers = new String[n];
        String[] symbols = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        String[] eventIds = new String[n];
        String[] details = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            QualityAlert a = alerts.get(i);
            ids[i] = a.alertId();
            types[i] = a.alertType();
            severities[i] = a.severity();
            providers[i] = a.provider();
            symbols[i] = a.symbol();
            ts[i] = Sql.ts(a.ts());
            eventIds[i] = a.eventId();
            details[i] = a.detail();
            values[i] = a.values() == null ? null : new String(Json.bytes(a.values()), StandardCharsets.UTF_8);
        }
        // quality_alerts is partitioned by created_at, which differs between copies: quality_alerts_append (migration
        // V020) looks for the id in the partitions the retention keeps before it inserts.
        return timer.time("quality_alerts", () -> client.preparedQuery(
                "SELECT quality_alerts_append($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(new Object[] {ids, types, severities, providers, symbols, ts, eventIds, details,
                        values}))
                .replaceWithVoid());
    }
}
