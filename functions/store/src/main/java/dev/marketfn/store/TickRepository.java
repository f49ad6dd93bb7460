package dev.marketfn.store;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ticks}: canonical records keyed by event_id. Provider fields never change for an event_id (it is derived from
 * them), so a replay is a no-op; quality-check later adds {@code quality} to the same row, once: a replayed tick is
 * judged against a later state (its series has moved on), and the verdict given when it first arrived stands.
 */
@ApplicationScoped
public class TickRepository {
    /**
     * One statement for the whole list: the rows come in as one array per column and are unnested (conditions as a
     * JSON array per row, since PostgreSQL arrays of arrays must be rectangular).
     */
    private static final String UPSERT = """
            INSERT INTO ticks AS t (event_id, kind, provider, symbol, asset_class, exchange, currency, isin, ts, ingest_ts,
                seq, price, size, bid, ask, bid_size, ask_size, "interval", open, high, low, close, volume, vwap,
                trade_count, conditions, sets_last_price, quality, raw_event_id, produced_by, schema_version)
            SELECT r.event_id, r.kind, r.provider, r.symbol, r.asset_class, r.exchange, r.currency, r.isin, r.ts,
                r.ingest_ts, r.seq, r.price, r.size, r.bid, r.ask, r.bid_size, r.ask_size, r."interval", r.open, r.high,
                r.low, r.close, r.volume, r.vwap, r.trade_count,
                ARRAY(SELECT jsonb_array_elements_text(r.conditions::jsonb)), r.sets_last_price, r.quality::jsonb,
                r.raw_event_id, $31, r.schema_version
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::timestamptz[], $10::timestamptz[], $11::bigint[], $12::numeric[], $13::numeric[], $14::numeric[],
                $15::numeric[], $16::numeric[], $17::numeric[], $18::text[], $19::numeric[], $20::numeric[],
                $21::numeric[], $22::numeric[], $23::numeric[], $24::numeric[], $25::bigint[], $26::text[],
                $27::boolean[], $28::text[], $29::text[], $30::int[])
                AS r(event_id, kind, provider, symbol, asset_class, exchange, currency, isin, ts, ingest_ts, seq, price,
                    size, bid, ask, bid_size, ask_size, "interval", open, high, low, close, volume, vwap, trade_count,
                    conditions, sets_last_price, quality, raw_event_id, schema_version)
            ORDER BY r.event_id
            ON CONFLICT (event_id, ts) DO UPDATE SET
                quality = COALESCE(t.quality, EXCLUDED.quality),
                asset_class = COALESCE(EXCLUDED.asset_class, t.asset_class),
                exchange = COALESCE(EXCLUDED.exchange, t.exchange),
                currency = COALESCE(EXCLUDED.currency, t.currency),
                isin = COALESCE(EXCLUDED.isin, t.isin),
                produced_by = EXCLUDED.produced_by,
                updated_at = now()
            WHERE (t.quality, t.asset_class, t.exchange, t.currency, t.isin)
                IS DISTINCT FROM (COALESCE(t.quality, EXCLUDED.quality), COALESCE(EXCLUDED.asset_class, t.asset_class),
                    COALESCE(EXCLUDED.exchange, t.exchange), COALESCE(EXCLUDED.currency, t.currency),
                    COALESCE(EXCLUDED.isin, t.isin))""";

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

    /**
     * {@link #upsert(List, String)} on {@code client}, e.g. inside a transaction that also writes state. A record
     * whose event_id came earlier in the list is left out (one statement cannot insert and update the same row); its
     * fields are the same, and the first quality given stands, as it would row by row.
     */
    public Uni<Integer> upsert(SqlClient client, List<CanonicalRecord> records, String producedBy) {
        List<CanonicalRecord> unique = Sql.firstPerKey(records, CanonicalRecord::eventId);
        if (unique.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = unique.size();
        String[] ids = new String[n], kinds = new String[n], providers = new String[n], symbols = new String[n];
        String[] assetClasses = new String[n], exchanges = new String[n], currencies = new String[n], isins = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n], ingestTs = new OffsetDateTime[n];
        Long[] seqs = new Long[n], tradeCounts = new Long[n];
        BigDecimal[][] numbers = new BigDecimal[12][n];
        String[] intervals = new String[n], conditions = new String[n], qualities = new String[n], rawIds = new String[n];
        Boolean[] setsLast = new Boolean[n];
        Integer[] versions = new Integer[n];
        int i = 0;
        for (CanonicalRecord r : unique) {
            ids[i] = r.eventId();
            kinds[i] = r.kind().wire();
            providers[i] = r.provider();
            symbols[i] = r.symbol();
            assetClasses[i] = r.assetClass();
            exchanges[i] = r.exchange();
            currencies[i] = r.currency();
            isins[i] = r.isin();
            ts[i] = Sql.ts(r.ts());
            ingestTs[i] = Sql.ts(r.ingestTs());
            seqs[i] = r.seq();
            BigDecimal[] values = {r.price(), r.size(), r.bid(), r.ask(), r.bidSize(), r.askSize(), r.open(), r.high(),
                    r.low(), r.close(), r.volume(), r.vwap()};
            for (int k = 0; k < values.length; k++) {
                numbers[k][i] = Sql.num(values[k]);
            }
            intervals[i] = r.interval();
            tradeCounts[i] = r.tradeCount();
            conditions[i] = new String(Json.bytes(r.conditions()), StandardCharsets.UTF_8);
            setsLast[i] = r.setsLastPrice();
            qualities[i] = r.quality() == null ? null : new String(Json.bytes(r.quality()), StandardCharsets.UTF_8);
            rawIds[i] = r.rawEventId();
            versions[i] = r.schemaVersion();
            i++;
        }
        Tuple params = Tuple.from(new Object[] {ids, kinds, providers, symbols, assetClasses, exchanges, currencies,
                isins, ts, ingestTs, seqs, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5],
                intervals, numbers[6], numbers[7], numbers[8], numbers[9], numbers[10], numbers[11], tradeCounts,
                conditions, setsLast, qualities, rawIds, versions, producedBy});
        return timer.time("ticks", () -> client.preparedQuery(UPSERT).execute(params).map(RowSet::rowCount));
    }

    /**
     * The quality already given to each of these ticks (JSON text), for the ticks that have one. ticks is partitioned by
     * ts, so the look-up is bounded by the records' earliest and latest ts: it reads only the partitions of those days
     * (PostgreSQL prunes on a range of parameters, not on {@code ts = ANY(array parameter)}).
     */
    public Uni<Map<String, String>> qualities(Collection<CanonicalRecord> records) {
        Set<String> ids = new HashSet<>();
        OffsetDateTime first = null, last = null;
        for (CanonicalRecord r : records) {
            if (r != null && r.eventId() != null && r.ts() != null) {
                ids.add(r.eventId());
                OffsetDateTime ts = Sql.ts(r.ts());
                first = first == null || ts.isBefore(first) ? ts : first;
                last = last == null || ts.isAfter(last) ? ts : last;
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(QUALITIES).execute(Tuple.of(ids.toArray(String[]::new), first, last))
                .map(rows -> {
                    Map<String, String> out = new HashMap<>();
                    rows.forEach(row -> out.put(row.getString(0), row.getString(1)));
                    return out;
                });
    }

    /** {@link #qualities}: the statement, named so that the partition-pruning test explains exactly it. */
    static final String QUALITIES = "SELECT event_id, quality::text FROM ticks "
            + "WHERE ts >= $2 AND ts <= $3 AND event_id = ANY($1) AND quality IS NOT NULL";
}
