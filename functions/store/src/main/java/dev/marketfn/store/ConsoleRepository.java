package dev.marketfn.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * The live console's history reads (docs/console.md): every query is read-only and bounded by a row limit, newest rows
 * first in the database and handed back in the order a chart or a feed shows them. JSON columns are returned as their
 * text, for the console to pass on without re-reading numbers.
 */
@ApplicationScoped
public class ConsoleRepository {
    /** The most rows one read returns, whatever the caller asks. */
    public static final int MAX_ROWS = 5000;

    private final Pool pool;

    public ConsoleRepository(Pool pool) {
        this.pool = pool;
    }

    /** A symbol with the providers and intervals it has bars of. */
    public record SymbolBars(String symbol, List<String> providers, List<String> intervals, long bars) {
    }

    /** A bar in the basis of {@code mode}, with whether a late trade revised it after it was emitted. */
    public record ChartBar(String provider, Instant ts, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal close, BigDecimal volume, boolean revised, BigDecimal priceFactor, List<String> actionIds) {
    }

    /** The indicator values emitted with a bar, as the JSON text stored. */
    public record IndicatorRow(String provider, Instant ts, String valuesJson) {
    }

    /** A stored alpha call; {@code rationaleJson} is the rationale array as stored. */
    public record SignalRow(String signalId, String provider, String symbol, String interval, Instant ts,
            String action, double confidence, double score, String rationaleJson, Instant createdAt) {
    }

    /** A stored quality alert; {@code valuesJson} is null or the object the check saw. */
    public record AlertRow(String alertId, String alertType, String severity, String provider, String symbol,
            Instant ts, String eventId, String detail, String valuesJson, Instant createdAt) {
    }

    /** A stored rejection, without the input's bytes (their length only). */
    public record RejectedRow(String rejectionId, String function, String reason, String field, String detail,
            String inputId, String inputType, int payloadBytes, Instant createdAt) {
    }

    /** The latest version of a corporate action. */
    public record ActionRow(String actionId, int version, String symbol, String type, BigDecimal ratio,
            BigDecimal amount, LocalDate exDate, String newSymbol, Instant knownAt) {
    }

    public Uni<List<SymbolBars>> symbols() {
        return pool.query("""
                SELECT symbol, array_agg(DISTINCT provider ORDER BY provider) AS providers,
                    array_agg(DISTINCT "interval") AS intervals, count(*) AS bars
                FROM bars_ohlcv GROUP BY symbol ORDER BY symbol""").execute()
                .map(rows -> list(rows, r -> new SymbolBars(r.getString("symbol"),
                        List.of(r.getArrayOfStrings("providers")), intervalOrder(r.getArrayOfStrings("intervals")),
                        r.getLong("bars"))));
    }

    /**
     * The last {@code limit} bars of a symbol and interval (one provider, or every provider when null), oldest first,
     * adjusted as known now in {@code mode} ({@code raw}, {@code split}, {@code total_return}) by {@code
     * adjusted_bars}; {@code revised} comes from the stored bar.
     */
    public Uni<List<ChartBar>> bars(String symbol, String interval, String provider, String mode, int limit) {
        return pool.preparedQuery("""
                SELECT * FROM (
                    SELECT a.provider, a.ts, a.open, a.high, a.low, a.close, a.volume, a.price_factor, a.action_ids,
                        coalesce(b.revised, false) AS revised
                    FROM adjusted_bars($1, $2, now(), $3) a
                    LEFT JOIN bars_ohlcv b ON b.provider = a.provider AND b.symbol = a.recorded_symbol
                        AND b."interval" = a."interval" AND b.ts = a.ts
                    WHERE $4::text IS NULL OR a.provider = $4
                    ORDER BY a.ts DESC, a.provider LIMIT $5) last ORDER BY ts, provider""")
                .execute(Tuple.from(new Object[] {symbol, interval, mode, provider, rows(limit)}))
                .onFailure(PgException.class).transform(e -> badArgument((PgException) e))
                .map(rows -> list(rows, r -> {
                    String[] ids = r.getArrayOfStrings("action_ids");
                    return new ChartBar(r.getString("provider"), Sql.instant(r.getOffsetDateTime("ts")),
                            r.getBigDecimal("open"), r.getBigDecimal("high"), r.getBigDecimal("low"),
                            r.getBigDecimal("close"), r.getBigDecimal("volume"), r.getBoolean("revised"),
                            r.getBigDecimal("price_factor"), ids == null ? List.of() : List.of(ids));
                }));
    }

    /** The last {@code limit} indicator rows of a symbol and interval, oldest first. */
    public Uni<List<IndicatorRow>> indicators(String symbol, String interval, String provider, int limit) {
        return pool.preparedQuery("""
                SELECT * FROM (
                    SELECT provider, ts, "values"::text AS v FROM indicator_values
                    WHERE symbol = $1 AND "interval" = $2 AND ($3::text IS NULL OR provider = $3)
                    ORDER BY ts DESC, provider LIMIT $4) last ORDER BY ts, provider""")
                .execute(Tuple.of(symbol, interval, provider, rows(limit)))
                .map(rows -> list(rows, r -> new IndicatorRow(r.getString("provider"),
                        Sql.instant(r.getOffsetDateTime("ts")), r.getString("v"))));
    }

    /** The newest {@code limit} calls matching every filter given (null: any), newest first. */
    public Uni<List<SignalRow>> signals(String symbol, String interval, String action, String provider, int limit) {
        return pool.preparedQuery("""
                SELECT signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale::text AS r,
                    created_at FROM signals
                WHERE ($1::text IS NULL OR symbol = $1) AND ($2::text IS NULL OR "interval" = $2)
                    AND ($3::text IS NULL OR action = $3) AND ($4::text IS NULL OR provider = $4)
                ORDER BY ts DESC, signal_id LIMIT $5""")
                .execute(Tuple.of(symbol, interval, action, provider, rows(limit)))
                .map(rows -> list(rows, r -> new SignalRow(r.getString("signal_id"), r.getString("provider"),
                        r.getString("symbol"), r.getString("interval"), Sql.instant(r.getOffsetDateTime("ts")),
                        r.getString("action"), r.getDouble("confidence"), r.getDouble("score"), r.getString("r"),
                        Sql.instant(r.getOffsetDateTime("created_at")))));
    }

    /** The newest {@code limit} quality alerts matching every filter given (null: any), newest first. */
    public Uni<List<AlertRow>> alerts(String type, String severity, String symbol, int limit) {
        return pool.preparedQuery("""
                SELECT alert_id, alert_type, severity, provider, symbol, ts, event_id, detail, "values"::text AS v,
                    created_at FROM quality_alerts
                WHERE ($1::text IS NULL OR alert_type = $1) AND ($2::text IS NULL OR severity = $2)
                    AND ($3::text IS NULL OR symbol = $3)
                ORDER BY created_at DESC, ts DESC, alert_id LIMIT $4""")
                .execute(Tuple.of(type, severity, symbol, rows(limit)))
                .map(rows -> list(rows, r -> new AlertRow(r.getString("alert_id"), r.getString("alert_type"),
                        r.getString("severity"), r.getString("provider"), r.getString("symbol"),
                        Sql.instant(r.getOffsetDateTime("ts")), r.getString("event_id"), r.getString("detail"),
                        r.getString("v"), Sql.instant(r.getOffsetDateTime("created_at")))));
    }

    /** The newest {@code limit} rejections matching every filter given (null: any), newest first. */
    public Uni<List<RejectedRow>> rejected(String reason, String function, int limit) {
        return pool.preparedQuery("""
                SELECT rejection_id, function, reason, field, detail, input_id, input_type,
                    coalesce(length(payload), 0) AS n, created_at FROM rejected_events
                WHERE ($1::text IS NULL OR reason = $1) AND ($2::text IS NULL OR function = $2)
                ORDER BY created_at DESC, rejection_id LIMIT $3""")
                .execute(Tuple.of(reason, function, rows(limit)))
                .map(rows -> list(rows, r -> new RejectedRow(r.getString("rejection_id"), r.getString("function"),
                        r.getString("reason"), r.getString("field"), r.getString("detail"), r.getString("input_id"),
                        r.getString("input_type"), r.getInteger("n"),
                        Sql.instant(r.getOffsetDateTime("created_at")))));
    }

    /** The latest version of every corporate action of a symbol (as it is now called or was called), by ex-date. */
    public Uni<List<ActionRow>> actions(String symbol) {
        return pool.preparedQuery("""
                SELECT * FROM (
                    SELECT DISTINCT ON (action_id) action_id, version, symbol, type, ratio, amount, ex_date,
                        new_symbol, known_at FROM corporate_actions
                    WHERE symbol = $1 OR new_symbol = $1 ORDER BY action_id, version DESC) latest
                ORDER BY ex_date, action_id""")
                .execute(Tuple.of(symbol))
                .map(rows -> list(rows, r -> new ActionRow(r.getString("action_id"), r.getInteger("version"),
                        r.getString("symbol"), r.getString("type"), r.getBigDecimal("ratio"),
                        r.getBigDecimal("amount"), r.getLocalDate("ex_date"), r.getString("new_symbol"),
                        Sql.instant(r.getOffsetDateTime("known_at")))));
    }

    private static int rows(int limit) {
        return Math.max(1, Math.min(MAX_ROWS, limit));
    }

    /** The platform's intervals, shortest first; an interval it does not know sorts last. */
    private static List<String> intervalOrder(String[] intervals) {
        List<String> order = List.of("1s", "1m", "5m", "1h", "1d");
        List<String> out = new ArrayList<>(List.of(intervals));
        out.sort((a, b) -> Integer.compare(rank(order, a), rank(order, b)));
        return Collections.unmodifiableList(out);
    }

    private static int rank(List<String> order, String interval) {
        int i = order.indexOf(interval);
        return i < 0 ? order.size() : i;
    }

    private static <T> List<T> list(io.vertx.mutiny.sqlclient.RowSet<Row> rows, Function<Row, T> map) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(map.apply(r)));
        return out;
    }

    /** {@code adjusted_bars} refuses a mode it does not know with SQLSTATE 22023 (invalid_parameter_value). */
    private static Throwable badArgument(PgException e) {
        return "22023".equals(e.getSqlState())
                ? new InvalidInputException(RejectReason.INVALID_VALUE, "mode", e.getErrorMessage()) : e;
    }
}
