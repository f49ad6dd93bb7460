package dev.marketfn.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Partition maintenance (docs/storage-tiers.md): for each table of {@code retention_policy}, the SQL function
 * {@code maintain_table} (migration V020) creates the day partitions ahead, moves rows the DEFAULT partition caught
 * into their day, drops day partitions past retention (raw_events only once the archive holds them) and deletes rows
 * past retention from the long-history tables. Each table in its own transaction, so a table whose locks are busy
 * delays no other. The functions run it at start-up and periodically ({@link StoreStartup}); {@code marketfn maintain}
 * runs the same SQL.
 */
public final class PartitionMaintenance {
    /** A table's policy; a null field keeps what is stored. {@code retainDays} 0 keeps every day. */
    public record Policy(String table, Integer aheadDays, Integer retainDays) {
    }

    /** One thing maintenance did: {@code created}, {@code adopted}, {@code dropped}, {@code kept} or {@code deleted}. */
    public record Action(String table, LocalDate day, String action, Long rows) {
    }

    private final Pool pool;

    public PartitionMaintenance(Pool pool) {
        this.pool = pool;
    }

    /** Writes the given policies (the configured ones) over the stored ones; fields left null are kept. */
    public Uni<Void> configure(List<Policy> policies) {
        List<Tuple> rows = new ArrayList<>();
        for (Policy p : policies) {
            rows.add(Tuple.of(p.table(), p.aheadDays(), p.retainDays()));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                UPDATE retention_policy SET ahead_days = COALESCE($2, ahead_days), retain_days = COALESCE($3, retain_days),
                    updated_at = now()
                WHERE table_name = $1 AND (ahead_days, retain_days)
                    IS DISTINCT FROM (COALESCE($2, ahead_days), COALESCE($3, retain_days))""")
                .executeBatch(rows).replaceWithVoid();
    }

    /** The stored policies, by table name. */
    public Uni<List<Policy>> policies() {
        return pool.query("SELECT table_name, ahead_days, retain_days FROM retention_policy ORDER BY table_name")
                .execute().map(rows -> {
                    List<Policy> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Policy(r.getString(0), r.getInteger(1), r.getInteger(2))));
                    return out;
                });
    }

    /** Maintains every table as of {@code at} (normally now; a test or a rebuild may name another time). */
    public Uni<List<Action>> run(Instant at) {
        return policies().chain(policies -> {
            List<Action> actions = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Policy p : policies) {
                chain = chain.chain(() -> pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT table_name, day, action, rows FROM maintain_table($1, $2)")
                        .execute(Tuple.of(p.table(), Sql.ts(at))))
                        .invoke(rows -> rows.forEach(r -> actions.add(action(r))))
                        .replaceWithVoid());
            }
            return chain.replaceWith(actions);
        });
    }

    private static Action action(Row r) {
        return new Action(r.getString(0), r.getLocalDate(1), r.getString(2), r.getLong(3));
    }
}
