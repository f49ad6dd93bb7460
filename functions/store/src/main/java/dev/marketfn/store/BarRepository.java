package dev.marketfn.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bars_ohlcv}, {@code bar_trades} and {@code watermarks}. Bars stay exact whatever the arrival order, the
 * redeliveries or the number of replicas: a trade counts only if its (interval, event_id) is new in bar_trades, and
 * its contribution is merged with a commutative, associative update (min/max by (ts, seq, event_id), sums), all in one
 * statement under the bar's row lock (docs/bars.md).
 */
@ApplicationScoped
public class BarRepository {
    /** VWAP = Σp·s / Σs, rounded half away from zero (PostgreSQL round) to this many decimals; pv_sum and volume stay exact. */
    public static final int VWAP_SCALE = 10;

    private static final String MERGE = """
            WITH input AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                    $7::timestamptz[], $8::bigint[], $9::numeric[], $10::numeric[], $11::boolean[])
                    AS t(event_id, provider, symbol, bar_ts, window_end, ts, seq, price, size, eligible)
            ), fresh AS (
                INSERT INTO bar_trades ("interval", event_id, provider, symbol, bar_ts)
                SELECT $1, event_id, provider, symbol, bar_ts FROM input ORDER BY provider, symbol, bar_ts, event_id
                ON CONFLICT DO NOTHING
                RETURNING event_id
            ), agg AS (
                SELECT i.provider, i.symbol, i.bar_ts, max(i.window_end) AS window_end,
                    (array_agg(i.price ORDER BY i.ts, i.seq, i.event_id) FILTER (WHERE i.eligible))[1] AS open,
                    (array_agg(i.ts ORDER BY i.ts, i.seq, i.event_id) FILTER (WHERE i.eligible))[1] AS open_ts,
                    (array_agg(i.seq ORDER BY i.ts, i.seq, i.event_id) FILTER (WHERE i.eligible))[1] AS open_seq,
                    (array_agg(i.event_id ORDER BY i.ts, i.seq, i.event_id) FILTER (WHERE i.eligible))[1] AS open_event,
                    (array_agg(i.price ORDER BY i.ts DESC, i.seq DESC, i.event_id DESC) FILTER (WHERE i.eligible))[1] AS close,
                    (array_agg(i.ts ORDER BY i.ts DESC, i.seq DESC, i.event_id DESC) FILTER (WHERE i.eligible))[1] AS close_ts,
                    (array_agg(i.seq ORDER BY i.ts DESC, i.seq DESC, i.event_id DESC) FILTER (WHERE i.eligible))[1] AS close_seq,
                    (array_agg(i.event_id ORDER BY i.ts DESC, i.seq DESC, i.event_id DESC) FILTER (WHERE i.eligible))[1] AS close_event,
                    max(i.price) FILTER (WHERE i.eligible) AS high,
                    min(i.price) FILTER (WHERE i.eligible) AS low,
                    sum(i.size) AS volume, sum(i.price * i.size) AS pv_sum, count(*) AS trade_count
                FROM input i JOIN fresh f USING (event_id)
                GROUP BY i.provider, i.symbol, i.bar_ts
            ), upserted AS (
                INSERT INTO bars_ohlcv AS b (provider, symbol, "interval", ts, window_end, open, high, low, close, volume,
                    vwap, trade_count, pv_sum, open_ts, open_seq, open_event, close_ts, close_seq, close_event)
                SELECT provider, symbol, $1, bar_ts, window_end, open, high, low, close, volume,
                    round(pv_sum / NULLIF(volume, 0), %1$d), trade_count, pv_sum,
                    open_ts, open_seq, open_event, close_ts, close_seq, close_event
                FROM agg ORDER BY provider, symbol, bar_ts
                ON CONFLICT (provider, symbol, "interval", ts) DO UPDATE SET
                    open = CASE WHEN EXCLUDED.open_ts IS NOT NULL AND (b.open_ts IS NULL OR
                        (EXCLUDED.open_ts, EXCLUDED.open_seq, EXCLUDED.open_event) < (b.open_ts, b.open_seq, b.open_event))
                        THEN EXCLUDED.open ELSE b.open END,
                    open_seq = CASE WHEN EXCLUDED.open_ts IS NOT NULL AND (b.open_ts IS NULL OR
                        (EXCLUDED.open_ts, EXCLUDED.open_seq, EXCLUDED.open_event) < (b.open_ts, b.open_seq, b.open_event))
                        THEN EXCLUDED.open_seq ELSE b.open_seq END,
                    open_event = CASE WHEN EXCLUDED.open_ts IS NOT NULL AND (b.open_ts IS NULL OR
                        (EXCLUDED.open_ts, EXCLUDED.open_seq, EXCLUDED.open_event) < (b.open_ts, b.open_seq, b.open_event))
                        THEN EXCLUDED.open_event ELSE b.open_event END,
                    open_ts = CASE WHEN EXCLUDED.open_ts IS NOT NULL AND (b.open_ts IS NULL OR
                        (EXCLUDED.open_ts, EXCLUDED.open_seq, EXCLUDED.open_event) < (b.open_ts, b.open_seq, b.open_event))
                        THEN EXCLUDED.open_ts ELSE b.open_ts END,
                    close = CASE WHEN EXCLUDED.close_ts IS NOT NULL AND (b.close_ts IS NULL OR
                        (EXCLUDED.close_ts, EXCLUDED.close_seq, EXCLUDED.close_event) > (b.close_ts, b.close_seq, b.close_event))
                        THEN EXCLUDED.close ELSE b.close END,
                    close_seq = CASE WHEN EXCLUDED.close_ts IS NOT NULL AND (b.close_ts IS NULL OR
                        (EXCLUDED.close_ts, EXCLUDED.close_seq, EXCLUDED.close_event) > (b.close_ts, b.close_seq, b.close_event))
                        THEN EXCLUDED.close_seq ELSE b.close_seq END,
                    close_event = CASE WHEN EXCLUDED.close_ts IS NOT NULL AND (b.close_ts IS NULL OR
                        (EXCLUDED.close_ts, EXCLUDED.close_seq, EXCLUDED.close_event) > (b.close_ts, b.close_seq, b.close_event))
                        THEN EXCLUDED.close_event ELSE b.close_event END,
                    close_ts = CASE WHEN EXCLUDED.close_ts IS NOT NULL AND (b.close_ts IS NULL OR
                        (EXCLUDED.close_ts, EXCLUDED.close_seq, EXCLUDED.close_event) > (b.close_ts, b.close_seq, b.close_event))
                        THEN EXCLUDED.close_ts ELSE b.close_ts END,
                    high = GREATEST(b.high, EXCLUDED.high),
                    low = LEAST(b.low, EXCLUDED.low),
                    volume = b.volume + EXCLUDED.volume,
                    pv_sum = b.pv_sum + EXCLUDED.pv_sum,
                    trade_count = b.trade_count + EXCLUDED.trade_count,
                    vwap = round((b.pv_sum + EXCLUDED.pv_sum) / NULLIF(b.volume + EXCLUDED.volume, 0), %1$d),
                    revised = b.revised OR b.emitted_at IS NOT NULL,
                    updated_at = now()
                RETURNING b.provider, b.symbol, b.ts, b.emitted_at
            ), late AS (
                INSERT INTO late_trades ("interval", event_id, provider, symbol, bar_ts)
                SELECT $1, i.event_id, i.provider, i.symbol, i.bar_ts
                FROM input i JOIN fresh f USING (event_id)
                    JOIN upserted u ON (u.provider, u.symbol, u.ts) = (i.provider, i.symbol, i.bar_ts)
                WHERE u.emitted_at IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING event_id
            )
            SELECT (SELECT count(*) FROM fresh) AS counted, (SELECT count(*) FROM late) AS late""".formatted(VWAP_SCALE);

    private final Pool pool;
    private final StoreTimer timer;

    public BarRepository(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.timer = new StoreTimer(registry);
    }

    /** One trade's contribution to one interval's window. */
    public record TradeInWindow(String eventId, String provider, String symbol, Instant barTs, Instant windowEnd,
            Instant ts, long seq, BigDecimal price, BigDecimal size, boolean eligible) {
    }

    /** @param counted trades that were new for this interval; late: of those, trades whose bar was already emitted */
    public record MergeResult(long counted, long late) {
    }

    /** A stored bar. */
    public record StoredBar(String provider, String symbol, String interval, Instant ts, Instant windowEnd,
            BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal vwap,
            long tradeCount, boolean revised) {
    }

    /**
     * Counts each trade not yet counted for {@code interval} into its bar, in one statement; on a connection that holds
     * a transaction (the indicator merges a run's trades, raises the watermark and closes bars in one) or on the pool.
     */
    public Uni<MergeResult> merge(SqlClient client, String interval, List<TradeInWindow> given) {
        // A trade twice in one statement passes the bar_trades gate once but would join the input twice and count
        // double: the same event can sit twice in one poll when it was produced again (a producer retry after a
        // broker restart).
        List<TradeInWindow> trades = Sql.firstPerKey(given, TradeInWindow::eventId);
        if (trades.isEmpty()) {
            return Uni.createFrom().item(new MergeResult(0, 0));
        }
        int n = trades.size();
        String[] ids = new String[n], providers = new String[n], symbols = new String[n];
        BigDecimal[] prices = new BigDecimal[n], sizes = new BigDecimal[n];
        OffsetDateTime[] barTs = new OffsetDateTime[n], ends = new OffsetDateTime[n], ts = new OffsetDateTime[n];
        Long[] seqs = new Long[n];
        Boolean[] eligible = new Boolean[n];
        for (int i = 0; i < n; i++) {
            TradeInWindow t = trades.get(i);
            ids[i] = t.eventId();
            providers[i] = t.provider();
            symbols[i] = t.symbol();
            barTs[i] = Sql.ts(t.barTs());
            ends[i] = Sql.ts(t.windowEnd());
            ts[i] = Sql.ts(t.ts());
            seqs[i] = t.seq();
            prices[i] = Sql.num(t.price());
            sizes[i] = Sql.num(t.size());
            eligible[i] = t.eligible();
        }
        Tuple params = Tuple.from(new Object[] {interval, ids, providers, symbols, barTs, ends, ts, seqs, prices, sizes,
                eligible});
        return timer.time("bars_ohlcv", () -> client.preparedQuery(MERGE).execute(params)
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new MergeResult(row.getLong("counted"), row.getLong("late"));
                }));
    }

    /** Bars given by a provider (kind bar) are stored as given; a replay with equal values changes nothing. */
    public Uni<Integer> upsertGiven(SqlClient client, List<StoredBar> bars) {
        if (bars.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> tuples = new ArrayList<>();
        for (StoredBar b : bars) {
            tuples.add(Tuple.from(new Object[] {b.provider(), b.symbol(), b.interval(), Sql.ts(b.ts()),
                    Sql.ts(b.windowEnd()), Sql.num(b.open()), Sql.num(b.high()), Sql.num(b.low()), Sql.num(b.close()),
                    Sql.num(b.volume()), Sql.num(b.vwap()), b.tradeCount()}));
        }
        return timer.time("bars_ohlcv", () -> client.preparedQuery("""
                INSERT INTO bars_ohlcv AS b (provider, symbol, "interval", ts, window_end, open, high, low, close, volume,
                    vwap, trade_count, origin)
                VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8::numeric, $9::numeric, $10::numeric,
                    $11::numeric, $12, 'given')
                ON CONFLICT (provider, symbol, "interval", ts) DO UPDATE SET
                    open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                    volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count,
                    revised = b.emitted_at IS NOT NULL, updated_at = now()
                WHERE (b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trade_count) IS DISTINCT FROM
                    (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close, EXCLUDED.volume, EXCLUDED.vwap,
                     EXCLUDED.trade_count)""").executeBatch(tuples).map(RowSet::rowCount));
    }

    /**
     * Raises the max event time seen from {@code provider} on {@code lane} (the input partition; '' over HTTP) and
     * returns the provider's watermark source: the minimum over its lanes, so that no lane's backlog is overtaken.
     */
    public Uni<Instant> advanceMaxEventTime(SqlClient client, String provider, String lane, Instant maxEventTs) {
        return timer.time("watermarks", () -> client.preparedQuery("""
                INSERT INTO watermarks AS w (provider, lane, max_event_ts) VALUES ($1, $2, $3)
                ON CONFLICT (provider, lane) DO UPDATE SET max_event_ts = EXCLUDED.max_event_ts, updated_at = now()
                WHERE EXCLUDED.max_event_ts > w.max_event_ts""")
                .execute(Tuple.of(provider, lane == null ? "" : lane, Sql.ts(maxEventTs)))
                .chain(() -> client.preparedQuery("SELECT min(max_event_ts) FROM watermarks WHERE provider = $1")
                        .execute(Tuple.of(provider)))
                .map(rows -> Sql.instant(rows.iterator().next().getOffsetDateTime(0))));
    }

    /** The max event time of every lane of the given providers: provider → lane → time. */
    public Uni<Map<String, Map<String, Instant>>> laneWatermarks(Collection<String> providers) {
        return pool.preparedQuery("SELECT provider, lane, max_event_ts FROM watermarks WHERE provider = ANY($1)")
                .execute(Tuple.of(providers.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Map<String, Instant>> lanes = new HashMap<>();
                    rows.forEach(r -> lanes.computeIfAbsent(r.getString(0), p -> new HashMap<>())
                            .put(r.getString(1), Sql.instant(r.getOffsetDateTime(2))));
                    return lanes;
                });
    }

    public Uni<List<String>> providersWithWatermark() {
        return pool.query("SELECT DISTINCT provider FROM watermarks").execute()
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** (symbol, interval) series of a provider that have bars ready to close at {@code cutoff}. */
    public Uni<List<String[]>> seriesReadyToClose(SqlClient client, String provider, Instant cutoff) {
        return client.preparedQuery("""
                SELECT DISTINCT symbol, "interval" FROM bars_ohlcv
                WHERE provider = $1 AND emitted_at IS NULL AND window_end <= $2""")
                .execute(Tuple.of(provider, Sql.ts(cutoff)))
                .map(rows -> {
                    List<String[]> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new String[] {r.getString(0), r.getString(1)}));
                    return out;
                });
    }

    /**
     * Marks the bars of the provider's given series ({symbol, interval} pairs) whose window ended by {@code cutoff} as
     * emitted by the input event {@code emittedBy}, and returns them by series ({@code symbol|interval}), oldest
     * first; one statement for all the series. Run it on the connection that holds the series' state locks, so
     * closing and indicator updates of a series never interleave. The input is recorded so that a redelivery of it can
     * re-emit the same bars ({@link IndicatorRepository#emittedBy}).
     */
    public Uni<Map<String, List<StoredBar>>> closeReady(SqlConnection conn, String provider, List<String[]> series,
            Instant cutoff, String emittedBy) {
        String[] symbols = series.stream().map(s -> s[0]).toArray(String[]::new);
        String[] intervals = series.stream().map(s -> s[1]).toArray(String[]::new);
        return conn.preparedQuery("""
                UPDATE bars_ohlcv SET emitted_at = now(), emitted_by = $3
                WHERE provider = $1 AND emitted_at IS NULL AND window_end <= $2
                    AND (symbol, "interval") IN (SELECT * FROM unnest($4::text[], $5::text[]))
                RETURNING provider, symbol, "interval", ts, window_end, open, high, low, close, volume, vwap,
                    trade_count, revised""")
                .execute(Tuple.of(provider, Sql.ts(cutoff), emittedBy, symbols, intervals))
                .map(rows -> {
                    Map<String, List<StoredBar>> bySeries = new HashMap<>();
                    rows.forEach(r -> bySeries.computeIfAbsent(r.getString("symbol") + "|" + r.getString("interval"),
                            k -> new ArrayList<>()).add(toBar(r)));
                    bySeries.values().forEach(bars -> bars.sort(java.util.Comparator.comparing(StoredBar::ts)));
                    return bySeries;
                });
    }

    public Uni<List<StoredBar>> bars(String provider, String symbol, String interval) {
        return pool.preparedQuery("""
                SELECT provider, symbol, "interval", ts, window_end, open, high, low, close, volume, vwap, trade_count,
                    revised FROM bars_ohlcv WHERE provider = $1 AND symbol = $2 AND "interval" = $3 ORDER BY ts""")
                .execute(Tuple.of(provider, symbol, interval))
                .map(rows -> {
                    List<StoredBar> bars = new ArrayList<>();
                    rows.forEach(r -> bars.add(toBar(r)));
                    return bars;
                });
    }

    /** The last raw close strictly before {@code beforeTs} (for dividend factors), or null. */
    public Uni<BigDecimal> lastCloseBefore(String symbol, Instant beforeTs) {
        return pool.preparedQuery("""
                SELECT close FROM bars_ohlcv WHERE symbol = $1 AND ts < $2 AND close IS NOT NULL
                ORDER BY ts DESC, CASE "interval" WHEN '1d' THEN 0 ELSE 1 END LIMIT 1""")
                .execute(Tuple.of(symbol, Sql.ts(beforeTs)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBigDecimal(0));
    }

    private static StoredBar toBar(Row r) {
        return new StoredBar(r.getString("provider"), r.getString("symbol"), r.getString("interval"),
                Sql.instant(r.getOffsetDateTime("ts")), Sql.instant(r.getOffsetDateTime("window_end")),
                r.getBigDecimal("open"), r.getBigDecimal("high"), r.getBigDecimal("low"), r.getBigDecimal("close"),
                r.getBigDecimal("volume"), r.getBigDecimal("vwap"), r.getLong("trade_count"), r.getBoolean("revised"));
    }
}
