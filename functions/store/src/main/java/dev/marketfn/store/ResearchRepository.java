package dev.marketfn.store;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Point-in-time research reads (docs/contract/storage.md). The adjustment is done by the SQL function {@code adjusted_bars}
 * (migration V002, docs/corporate-actions.md); this class only calls it and types the rows — it never adjusts.
 */
@ApplicationScoped
public class ResearchRepository {
    private final Pool pool;

    public ResearchRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * A bar in the basis of a mode as known at a point in time. {@code symbol} is the symbol asked for;
     * {@code recordedSymbol} the one the bar was stored under (an earlier symbol of the instrument after a symbol
     * change). {@code priceFactor}/{@code volumeFactor} are the cumulative factors applied, {@code actionIds} the
     * actions in them, in ex-date order.
     */
    public record AdjustedBar(String provider, String symbol, String interval, Instant ts, BigDecimal open,
            BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal vwap, long tradeCount,
            BigDecimal priceFactor, BigDecimal volumeFactor, List<String> actionIds, String recordedSymbol) {
        public AdjustedBar {
            actionIds = List.copyOf(actionIds);
        }
    }

    /**
     * Every bar of the instrument with {@code ts <= asOf}; see
     * {@link #adjustedBars(String, String, Instant, String, Instant, Instant)}.
     */
    public Uni<List<AdjustedBar>> adjustedBars(String symbol, String interval, Instant asOf, String mode) {
        return adjustedBars(symbol, interval, asOf, mode, null, null);
    }

    /**
     * {@code adjusted_bars(symbol, interval, asOf, mode)} restricted to {@code from <= ts < to} (null = unbounded),
     * oldest first (then by provider). {@code mode}: {@code raw}, {@code split} or {@code total_return}; null means
     * split. A mode the function does not know, or a missing argument, fails with an {@link InvalidInputException}
     * naming it.
     */
    public Uni<List<AdjustedBar>> adjustedBars(String symbol, String interval, Instant asOf, String mode,
            Instant from, Instant to) {
        if (symbol == null || symbol.isBlank()) {
            return Uni.createFrom().failure(InvalidInputException.missing("symbol"));
        }
        if (interval == null || interval.isBlank()) {
            return Uni.createFrom().failure(InvalidInputException.missing("interval"));
        }
        if (asOf == null) {
            return Uni.createFrom().failure(InvalidInputException.missing("as_of"));
        }
        return pool.preparedQuery("""
                SELECT provider, symbol, "interval", ts, open, high, low, close, volume, vwap, trade_count,
                    price_factor, volume_factor, action_ids, recorded_symbol
                FROM adjusted_bars($1, $2, $3, $4)
                WHERE ($5::timestamptz IS NULL OR ts >= $5) AND ($6::timestamptz IS NULL OR ts < $6)""")
                .execute(Tuple.from(new Object[] {symbol, interval, Sql.ts(asOf), mode, Sql.ts(from), Sql.ts(to)}))
                .onFailure(PgException.class).transform(ResearchRepository::invalidArgument)
                .map(rows -> {
                    List<AdjustedBar> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        String[] ids = r.getArrayOfStrings("action_ids");
                        out.add(new AdjustedBar(r.getString("provider"), r.getString("symbol"),
                                r.getString("interval"), Sql.instant(r.getOffsetDateTime("ts")),
                                r.getBigDecimal("open"), r.getBigDecimal("high"), r.getBigDecimal("low"),
                                r.getBigDecimal("close"), r.getBigDecimal("volume"), r.getBigDecimal("vwap"),
                                r.getLong("trade_count"), r.getBigDecimal("price_factor"),
                                r.getBigDecimal("volume_factor"), ids == null ? List.of() : List.of(ids),
                                r.getString("recorded_symbol")));
                    }
                    return out;
                });
    }

    /** The function's argument errors (SQLSTATE 22023, column = the argument) become input errors; others stay. */
    private static Throwable invalidArgument(Throwable t) {
        PgException e = (PgException) t;
        if ("22023".equals(e.getSqlState()) && e.getColumn() != null) {
            return new InvalidInputException(RejectReason.INVALID_VALUE, e.getColumn(), e.getErrorMessage());
        }
        return t;
    }
}
