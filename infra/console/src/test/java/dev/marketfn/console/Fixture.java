package dev.marketfn.console;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tests see in the store, written with plain SQL as the functions would have stored it: {@value #BARS}
 * one-minute bars of {@value #SYMBOL} (synthetic) from {@link #START}, bar {@value #REVISED} revised by a late trade,
 * the indicator values of each bar (SMA and Bollinger bands from bar 19, RSI from 14, MACD from 33), a BUY at bar 25
 * and a SELL at bar 45 (whose rationale holds HTML), two alerts and a rejection (with HTML in its detail), a cash
 * dividend with ex-date on the bars' day and a 2:1 split with ex-date the next day (so the split basis halves every
 * price and the raw one does not). A second symbol, {@value #OTHER}, has a few bars.
 */
final class Fixture {
    static final String SYMBOL = "ACME";
    static final String OTHER = "BTC-USD";
    static final String PROVIDER = "synthetic";
    static final int BARS = 60;
    static final int REVISED = 50;
    static final Instant START = Instant.parse("2026-03-02T14:30:00Z");
    static final String HTML = "<img src=x onerror=\"window.pwned=1\"><b>bold</b>";

    private Fixture() {
    }

    static double close(int i) {
        return 100 + 5 * Math.sin(i / 6.0) + i * 0.05;
    }

    static Instant ts(int i) {
        return START.plus(Duration.ofMinutes(i));
    }

    static void load(Pool pool) {
        List<Tuple> bars = new ArrayList<>();
        List<Tuple> indicators = new ArrayList<>();
        for (int i = 0; i < BARS; i++) {
            double c = close(i);
            double o = close(i - 1);
            bars.add(Tuple.from(new Object[] {PROVIDER, SYMBOL, "1m", odt(ts(i)), odt(ts(i + 1)), dec(o),
                    dec(Math.max(o, c) + 0.3), dec(Math.min(o, c) - 0.3), dec(c), dec(1000 + 10 * i), i == REVISED}));
            indicators.add(Tuple.of(PROVIDER, SYMBOL, "1m", odt(ts(i)), bar(o, c, i), values(i)));
        }
        for (int i = 0; i < 5; i++) {
            bars.add(Tuple.from(new Object[] {"coinbase", OTHER, "1m", odt(ts(i)), odt(ts(i + 1)), dec(50000 + i),
                    dec(50010 + i), dec(49990 + i), dec(50005 + i), dec(2), false}));
        }
        pool.preparedQuery("""
                INSERT INTO bars_ohlcv (provider, symbol, "interval", ts, window_end, open, high, low, close, volume,
                    revised, emitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $5)""")
                .executeBatch(bars).await().atMost(Duration.ofSeconds(30));
        pool.preparedQuery("""
                INSERT INTO indicator_values (provider, symbol, "interval", ts, bar, "values")
                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb)""").executeBatch(indicators)
                .await().atMost(Duration.ofSeconds(30));
        pool.preparedQuery("""
                INSERT INTO signals (signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale)
                VALUES ($1, $2, $3, '1m', $4, $5, $6, $7, $8::text::jsonb)""").executeBatch(List.of(
                Tuple.from(new Object[] {"sig-buy-25", PROVIDER, SYMBOL, odt(ts(25)), "BUY", 0.72, 0.44,
                        rationale("rsi_oversold", "rsi_14 < 30")}),
                Tuple.from(new Object[] {"sig-sell-45", PROVIDER, SYMBOL, odt(ts(45)), "SELL", 0.61, -0.22,
                        rationale("macd_cross_down " + HTML, "macd_12_26_9 < macd_signal_12_26_9")}),
                Tuple.from(new Object[] {"sig-hold-30", PROVIDER, SYMBOL, odt(ts(30)), "HOLD", 0.1, 0.01, "[]"})))
                .await().atMost(Duration.ofSeconds(30));
        pool.preparedQuery("""
                INSERT INTO quality_alerts (alert_id, alert_type, severity, provider, symbol, ts, event_id, detail,
                    "values", created_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, NULL, $8)""").executeBatch(List.of(
                Tuple.from(new Object[] {"alert-1", "OUTLIER_DETECTED", "HIGH", PROVIDER, SYMBOL, odt(ts(40)),
                        "price 9999 is 40 sigma from the median " + HTML, odt(ts(41))}),
                Tuple.from(new Object[] {"alert-2", "STALE_DATA", "MEDIUM", "coinbase", OTHER, odt(ts(3)),
                        "no trade for 120 s", odt(ts(4))})))
                .await().atMost(Duration.ofSeconds(30));
        pool.preparedQuery("""
                INSERT INTO rejected_events (rejection_id, function, reason, field, detail, input_id, input_type,
                    payload, created_at) VALUES ('rej-1', 'normalize', 'MISSING_FIELD', 'records[0].price', $1,
                    'raw-7', 'dev.marketfn.raw.v1', '\\x7b7d'::bytea, $2)""")
                .execute(Tuple.of("price is required " + HTML, odt(ts(10)))).await().atMost(Duration.ofSeconds(30));
        LocalDate day = LocalDate.ofInstant(START, ZoneOffset.UTC);
        pool.preparedQuery("""
                INSERT INTO corporate_actions (action_id, version, symbol, type, ratio, amount, currency, ex_date,
                    known_at, payload) VALUES ($1, 1, $2, $3, $4, $5, 'USD', $6, $7, '{}'::jsonb)""")
                .executeBatch(List.of(
                        Tuple.from(new Object[] {"div-1", SYMBOL, "cash_dividend", null, new BigDecimal("0.5"), day,
                                odt(START.minus(Duration.ofDays(20)))}),
                        Tuple.from(new Object[] {"split-1", SYMBOL, "split", new BigDecimal("2"), null, day.plusDays(1),
                                odt(START.minus(Duration.ofDays(10)))})))
                .await().atMost(Duration.ofSeconds(30));
        pool.preparedQuery("""
                INSERT INTO adjustment_factors (action_id, version, symbol, type, ex_date, known_at, price_factor,
                    volume_factor, prev_close) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8)""")
                .executeBatch(List.of(
                        Tuple.from(new Object[] {"div-1", SYMBOL, "cash_dividend", day,
                                odt(START.minus(Duration.ofDays(20))), new BigDecimal("0.995"), BigDecimal.ONE,
                                new BigDecimal("100")}),
                        Tuple.from(new Object[] {"split-1", SYMBOL, "split", day.plusDays(1),
                                odt(START.minus(Duration.ofDays(10))), new BigDecimal("0.5"), new BigDecimal("2"),
                                null})))
                .await().atMost(Duration.ofSeconds(30));
    }

    private static String rationale(String rule, String condition) {
        return "[{\"rule\": " + quote(rule) + ", \"condition\": " + quote(condition)
                + ", \"values\": {}, \"vote\": 1, \"weight\": 1}]";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String bar(double o, double c, int i) {
        return String.format(Locale.ROOT, "{\"open\": %s, \"high\": %s, \"low\": %s, \"close\": %s, \"volume\": %d,"
                + " \"vwap\": null, \"trade_count\": 10}", dec(o), dec(Math.max(o, c) + 0.3),
                dec(Math.min(o, c) - 0.3), dec(c), 1000 + 10 * i);
    }

    /** Plausible values: what the chart overlays draw (not the engine's numbers, which have their own tests). */
    static String values(int i) {
        double sma = close(i) - 0.4;
        return String.format(Locale.ROOT, "{\"sma_20\": %s, \"ema_20\": %s, \"bb_upper_20_2\": %s,"
                + " \"bb_middle_20_2\": %s, \"bb_lower_20_2\": %s, \"rsi_14\": %s, \"macd_12_26_9\": %s,"
                + " \"macd_signal_12_26_9\": %s, \"macd_hist_12_26_9\": %s}",
                i >= 19 ? sma : "null", i >= 19 ? sma + 0.1 : "null", i >= 19 ? sma + 3 : "null",
                i >= 19 ? sma : "null", i >= 19 ? sma - 3 : "null", i >= 14 ? 50 + 30 * Math.sin(i / 5.0) : "null",
                i >= 33 ? Math.sin(i / 4.0) : "null", i >= 33 ? Math.sin((i - 2) / 4.0) : "null",
                i >= 33 ? Math.sin(i / 4.0) - Math.sin((i - 2) / 4.0) : "null");
    }

    static BigDecimal dec(double v) {
        return new BigDecimal(String.format(Locale.ROOT, "%.2f", v));
    }

    static OffsetDateTime odt(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
