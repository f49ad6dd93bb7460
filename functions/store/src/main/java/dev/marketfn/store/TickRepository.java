package dev.marketfn.store;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ticks}: canonical records keyed by event_id. Provider fields never change for an event_id (it is derived from
 * them), so a replay is a no-op; quality-check later adds {@code quality} to the same row, once: a replayed tick is
 * judged against a later state (its series has moved on), and the verdict given when it first arrived stands.
 */
@ApplicationScoped
public class TickRepository {
    private static final String UPSERT = """
            INSERT INTO ticks (event_id, kind, provider, symbol, asset_class, exchange, currency, isin, ts, ingest_ts, seq,
                price, size, bid, ask, bid_size, ask_size, "interval", open, high, low, close, volume, vwap, trade_count,
                conditions, sets_last_price, quality, raw_event_id, produced_by, schema_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::numeric, $13::numeric, $14::numeric, $15::numeric,
                $16::numeric, $17::numeric, $18, $19::numeric, $20::numeric, $21::numeric, $22::numeric, $23::numeric,
                $24::numeric, $25, $26, $27, $28, $29, $30, $31)
            ON CONFLICT (event_id) DO UPDATE SET
                quality = COALESCE(ticks.quality, EXCLUDED.quality),
                asset_class = COALESCE(EXCLUDED.asset_class, ticks.asset_class),
                exchange = COALESCE(EXCLUDED.exchange, ticks.exchange),
                currency = COALESCE(EXCLUDED.currency, ticks.currency),
                isin = COALESCE(EXCLUDED.isin, ticks.isin),
                produced_by = EXCLUDED.produced_by,
                updated_at = now()
            WHERE (ticks.quality, ticks.asset_class, ticks.exchange, ticks.currency, ticks.isin)
                IS DISTINCT FROM (COALESCE(ticks.quality, EXCLUDED.quality), COALESCE(EXCLUDED.asset_class, ticks.asset_class),
                    COALESCE(EXCLUDED.exchange, ticks.exchange), COALESCE(EXCLUDED.currency, ticks.currency),
                    COALESCE(EXCLUDED.isin, ticks.isin))""";

    private final Pool pool;
    private final StoreTimer timer;

    public TickRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    /** @return the number of rows inserted or changed (0 for a pure replay) */
    public Uni<Integer> upsert(List<CanonicalRecord> records, String producedBy) {
        return upsert(pool, records, producedBy);
    }

    /** {@link #upsert(List, String)} on {@code client}, e.g. inside a transaction that also writes state. */
    public Uni<Integer> upsert(SqlClient client, List<CanonicalRecord> records, String producedBy) {
        if (records.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> tuples = new ArrayList<>(records.size());
        for (CanonicalRecord r : records) {
            tuples.add(Tuple.from(new Object[] {r.eventId(), r.kind().wire(), r.provider(), r.symbol(), r.assetClass(),
                    r.exchange(), r.currency(), r.isin(), Sql.ts(r.ts()), Sql.ts(r.ingestTs()), r.seq(),
                    Sql.num(r.price()), Sql.num(r.size()), Sql.num(r.bid()), Sql.num(r.ask()), Sql.num(r.bidSize()),
                    Sql.num(r.askSize()), r.interval(), Sql.num(r.open()), Sql.num(r.high()), Sql.num(r.low()),
                    Sql.num(r.close()), Sql.num(r.volume()), Sql.num(r.vwap()), r.tradeCount(),
                    r.conditions().toArray(String[]::new), r.setsLastPrice(),
                    r.quality() == null ? null : new JsonObject(new String(Json.bytes(r.quality()))),
                    r.rawEventId(), producedBy, r.schemaVersion()}));
        }
        return timer.time("ticks", () -> client.preparedQuery(UPSERT).executeBatch(tuples).map(rows -> {
            int changed = 0;
            for (var rs = rows; rs != null; rs = rs.next()) {
                changed += rs.rowCount();
            }
            return changed;
        }));
    }

    /** The quality already given to each of these ticks (JSON text), for the ticks that have one. */
    public Uni<Map<String, String>> qualities(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT event_id, quality::text FROM ticks WHERE event_id = ANY($1) AND quality IS NOT NULL")
                .execute(Tuple.of(eventIds.stream().distinct().toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> out = new HashMap<>();
                    rows.forEach(row -> out.put(row.getString(0), row.getString(1)));
                    return out;
                });
    }
}
