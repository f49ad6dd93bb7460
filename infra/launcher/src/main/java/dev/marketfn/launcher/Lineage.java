package dev.marketfn.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a signal came from, read from the tables that already hold each link (docs/contract/storage.md): the signal's
 * series key names its {@code indicator_values} row and its bar in {@code bars_ohlcv}; {@code bar_trades} names the
 * trades that counted in that bar (a given bar is itself a {@code ticks} row of kind {@code bar}); each tick names its
 * {@code raw_event_id}, and {@code raw_events} holds the provider's bytes. Every step is an index lookup (the trades
 * through {@code ticks_symbol_ts} over the bar's window, checked against {@code bar_trades}' key).
 */
final class Lineage {
    record Signal(String id, String provider, String symbol, String interval, Instant ts, String action,
                  double confidence, double score, String rationale, String model, Instant createdAt) {
    }

    record Indicators(String values, Instant computedAt) {
    }

    record Bar(Instant ts, Instant windowEnd, String open, String high, String low, String close, String volume,
               long tradeCount, String origin, boolean revised, Instant emittedAt, String emittedBy) {
    }

    record Tick(String eventId, String kind, Instant ts, long seq, String price, String size, String producedBy,
                String rawEventId) {
    }

    record Raw(String eventId, String provider, String type, String subject, Instant receivedAt, byte[] payload) {
    }

    /** The chain of one signal; links the database no longer holds (expired or never written) are empty. */
    record Chain(Signal signal, Optional<Indicators> indicators, Optional<Bar> bar, List<Tick> ticks, List<Raw> raw,
                 Set<String> missingRaw) {
    }

    private Lineage() {
    }

    static Optional<Chain> of(Connection c, String signalId) throws SQLException {
        Optional<Signal> signal = one(c, """
                SELECT signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale::text,
                       model::text, created_at FROM signals WHERE signal_id = ?""", r -> new Signal(r.getString(1),
                r.getString(2), r.getString(3), r.getString(4), instant(r, 5), r.getString(6), r.getDouble(7),
                r.getDouble(8), r.getString(9), r.getString(10), instant(r, 11)), signalId);
        if (signal.isEmpty()) {
            return Optional.empty();
        }
        Signal s = signal.get();
        Object[] key = {s.provider(), s.symbol(), s.interval(), utc(s.ts())};
        Optional<Indicators> indicators = one(c, """
                SELECT "values"::text, computed_at FROM indicator_values
                WHERE provider = ? AND symbol = ? AND "interval" = ? AND ts = ?""",
                r -> new Indicators(r.getString(1), instant(r, 2)), key);
        Optional<Bar> bar = one(c, """
                SELECT ts, window_end, open::text, high::text, low::text, close::text, volume::text, trade_count, origin,
                       revised, emitted_at, emitted_by FROM bars_ohlcv
                WHERE provider = ? AND symbol = ? AND "interval" = ? AND ts = ?""",
                r -> new Bar(instant(r, 1), instant(r, 2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getString(7), r.getLong(8), r.getString(9), r.getBoolean(10),
                        instant(r, 11), r.getString(12)), key);
        List<Tick> ticks = bar.isEmpty() ? List.of() : bar.get().origin().equals("given")
                ? all(c, TICK + """
                        WHERE t.provider = ? AND t.symbol = ? AND t."interval" = ? AND t.ts = ? AND t.kind = 'bar'
                        ORDER BY t.ts, t.seq""", Lineage::tick, key)
                : all(c, TICK + """
                        JOIN bar_trades b ON b."interval" = ? AND b.event_id = t.event_id
                        WHERE t.symbol = ? AND t.provider = ? AND t.ts >= ? AND t.ts < ? AND t.kind = 'trade'
                        ORDER BY t.ts, t.seq, t.event_id""", Lineage::tick,
                        s.interval(), s.symbol(), s.provider(), utc(bar.get().ts()), utc(bar.get().windowEnd()));
        Set<String> rawIds = new LinkedHashSet<>();
        ticks.forEach(t -> rawIds.add(t.rawEventId()));
        rawIds.remove(null);
        List<Raw> raw = rawIds.isEmpty() ? List.of() : all(c, """
                SELECT event_id, provider, ce_type, subject, received_at, payload FROM raw_events
                WHERE event_id = ANY (?) ORDER BY received_at, event_id""", r -> new Raw(r.getString(1),
                r.getString(2), r.getString(3), r.getString(4), instant(r, 5), r.getBytes(6)),
                c.createArrayOf("text", rawIds.toArray()));
        Set<String> missing = new LinkedHashSet<>(rawIds);
        raw.forEach(r -> missing.remove(r.eventId()));
        return Optional.of(new Chain(s, indicators, bar, ticks, raw, missing));
    }

    private static final String TICK = """
            SELECT t.event_id, t.kind, t.ts, t.seq, coalesce(t.price, t.close)::text, coalesce(t.size, t.volume)::text,
                   t.produced_by, t.raw_event_id FROM ticks t
            """;

    private static Tick tick(ResultSet r) throws SQLException {
        return new Tick(r.getString(1), r.getString(2), instant(r, 3), r.getLong(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(java.time.ZoneOffset.UTC);
    }

    private interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    private static <T> Optional<T> one(Connection c, String sql, RowReader<T> reader, Object... args) throws SQLException {
        List<T> rows = all(c, sql, reader, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private static <T> List<T> all(Connection c, String sql, RowReader<T> reader, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(reader.read(r));
                }
            }
            return rows;
        }
    }
}
