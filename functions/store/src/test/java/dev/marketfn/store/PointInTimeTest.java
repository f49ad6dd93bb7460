package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Versioned research data (V030, V031) against real PostgreSQL, written through the real write path: bars by
 * {@link BarRepository#upsertGiven} and published by {@link BarRepository#closeReady}, as the indicator function does.
 */
class PointInTimeTest {
    static final Instant T0 = Instant.parse("2024-03-04T14:30:00Z");

    static TestDatabase db;
    static Pool pool;
    static BarRepository bars;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        pool = db.pool;
        assertThat(db.applied).contains("V030__research_revisions.sql", "V031__research_factors.sql");
        bars = new BarRepository(pool, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aLateRevisionIsANewVersionAndAnOlderReadSeesTheFirst() {
        // minute 0 and 1 published, then a late trade revises minute 0
        upsert(bar("PIT", 0, "100", "101", "99", "100.5", "1000"), bar("PIT", 1, "100.5", "102", "100", "101", "500"));
        assertThat(query("SELECT count(*) FROM bar_revisions WHERE symbol = 'PIT'").iterator().next().getLong(0))
                .as("an open bar is not history yet").isZero();
        publish("PIT");
        Instant firstKnown = knownAt("PIT", 0, 1);
        upsert(bar("PIT", 0, "100", "103", "99", "100.5", "1100"));
        Instant revisedKnown = knownAt("PIT", 0, 2);
        assertThat(revisedKnown).isAfter(firstKnown);
        // an unchanged replay makes no revision
        upsert(bar("PIT", 0, "100", "103", "99", "100.5", "1100"));
        assertThat(query("SELECT max(revision) FROM bar_revisions WHERE symbol = 'PIT' AND ts = $1", T0)
                .iterator().next().getInteger(0)).isEqualTo(2);

        List<Row> before = rows(query("SELECT * FROM bars_as_of('PIT', '1m', $1, 'raw')", firstKnown));
        assertThat(before).hasSize(2);
        assertThat(before.get(0).getBigDecimal("high")).isEqualByComparingTo("101");
        assertThat(before.get(0).getBigDecimal("volume")).isEqualByComparingTo("1000");
        assertThat(before.get(0).getInteger("revision")).isEqualTo(1);

        List<Row> after = rows(query("SELECT * FROM bars_as_of('PIT', '1m', $1, 'raw')", revisedKnown));
        assertThat(after.get(0).getBigDecimal("high")).isEqualByComparingTo("103");
        assertThat(after.get(0).getInteger("revision")).isEqualTo(2);
        assertThat(rows(query("SELECT * FROM bars_as_of('PIT', '1m', $1, 'raw')", firstKnown.minusMillis(1))))
                .as("nothing was published before").isEmpty();
    }

    @Test
    void indicatorValuesKeepTheirRevisions() {
        Instant ts = T0.plusSeconds(3600);
        storeIndicators("PITI", ts, "{\"rsi_14\": 40.0}");
        Instant first = query("SELECT known_at FROM indicator_revisions WHERE symbol = 'PITI'").iterator().next()
                .getOffsetDateTime(0).toInstant();
        storeIndicators("PITI", ts, "{\"rsi_14\": 41.5}");
        storeIndicators("PITI", ts, "{\"rsi_14\": 41.5}");
        List<Row> asOfFirst = rows(query("SELECT (\"values\"->>'rsi_14')::float8 AS rsi, revision FROM indicators_as_of('PITI', '1m', $1)", first));
        assertThat(asOfFirst).hasSize(1);
        assertThat(asOfFirst.get(0).getDouble("rsi")).isEqualTo(40.0);
        List<Row> now = rows(query("SELECT (\"values\"->>'rsi_14')::float8 AS rsi, revision FROM indicators_as_of('PITI', '1m', $1)", Instant.now().plusSeconds(1)));
        assertThat(now.get(0).getDouble("rsi")).isEqualTo(41.5);
        assertThat(now.get(0).getInteger("revision")).isEqualTo(2);
    }

    @Test
    void factorsOverBarAndTimeHorizons() {
        // 1s bars at 0..6 s with closes 100, 101, 102, 103, 104, 105, 106 except a gap at 4 s
        List<BarRepository.StoredBar> given = new ArrayList<>();
        for (int s : new int[] {0, 1, 2, 3, 5, 6}) {
            String c = Integer.toString(100 + s);
            given.add(new BarRepository.StoredBar("polygon", "FAC", "1s", T0.plusSeconds(s), T0.plusSeconds(s + 1),
                    d(c), d(c), d(c), d(c), d("10"), null, 1, false));
        }
        bars.upsertGiven(pool, given).await().indefinitely();
        publish("FAC");
        pool.query("INSERT INTO research_horizons (name, bars, seconds) VALUES ('bars_2', 2, NULL), ('time_3s', NULL, 3)")
                .execute().await().indefinitely();
        List<Row> f = rows(query("""
                SELECT * FROM factors_as_of('FAC', '1s', $1, 'raw', $2, NULL, ARRAY['bars_2', 'time_3s'])""",
                Instant.now().plusSeconds(1), T0.plusSeconds(3)));
        // rows from ts = 3 s on, per horizon in name order
        assertThat(f).extracting(r -> r.getOffsetDateTime("ts").toInstant().getEpochSecond() - T0.getEpochSecond())
                .containsExactly(3L, 3L, 5L, 5L, 6L, 6L);
        Row bars2At3 = f.get(0);
        assertThat(bars2At3.getString("horizon")).isEqualTo("bars_2");
        assertThat(bars2At3.getDouble("ret")).isCloseTo(103.0 / 101 - 1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(bars2At3.getBigDecimal("momentum")).isEqualByComparingTo("2");
        double r1 = Math.log(102.0 / 101), r2 = Math.log(103.0 / 102);
        double mean = (r1 + r2) / 2;
        double sd = Math.sqrt(((r1 - mean) * (r1 - mean) + (r2 - mean) * (r2 - mean)) / 1);
        assertThat(bars2At3.getDouble("volatility")).isCloseTo(sd, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(bars2At3.getBoolean("complete")).isTrue();
        // time_3s at 5 s: base is the first bar in [2 s, 5 s) = 102; no bar at exactly 2 s? there is: complete
        Row time3At5 = f.get(3);
        assertThat(time3At5.getString("horizon")).isEqualTo("time_3s");
        assertThat(time3At5.getBigDecimal("momentum")).isEqualByComparingTo("3");
        assertThat(time3At5.getBoolean("complete")).isTrue();
        // time_3s at 6 s: window [3 s, 6 s) starts at the bar of 3 s; bars_2 at 6 s goes back two bars, to 3 s too
        assertThat(f.get(5).getBigDecimal("momentum")).isEqualByComparingTo("3");
        assertThat(f.get(4).getBigDecimal("momentum")).isEqualByComparingTo("3");

        assertThatThrownBy(() -> query("SELECT * FROM factors_as_of('FAC', '1s', now(), 'raw', NULL, NULL, ARRAY['x'])"))
                .hasMessageContaining("unknown horizon");
    }

    @Test
    void dailyBarsAggregateTheTradingDay() {
        upsert(bar("DAY", 0, "10", "12", "9", "11", "100"), bar("DAY", 1, "11", "13", "10", "12", "300"));
        publish("DAY");
        List<Row> d = rows(query("SELECT * FROM daily_bars_as_of('DAY', $1, 'split', '1m')", Instant.now().plusSeconds(1)));
        assertThat(d).hasSize(1);
        Row r = d.get(0);
        assertThat(r.getLocalDate("trading_date")).hasToString("2024-03-04");
        assertThat(r.getBigDecimal("open")).isEqualByComparingTo("10");
        assertThat(r.getBigDecimal("high")).isEqualByComparingTo("13");
        assertThat(r.getBigDecimal("low")).isEqualByComparingTo("9");
        assertThat(r.getBigDecimal("close")).isEqualByComparingTo("12");
        assertThat(r.getBigDecimal("volume")).isEqualByComparingTo("400");
        assertThat(r.getLong("bars")).isEqualTo(2);
    }

    static BarRepository.StoredBar bar(String symbol, int minute, String o, String h, String l, String c, String v) {
        Instant ts = T0.plusSeconds(60L * minute);
        return new BarRepository.StoredBar("polygon", symbol, "1m", ts, ts.plusSeconds(60), d(o), d(h), d(l), d(c),
                d(v), null, 1, false);
    }

    static void upsert(BarRepository.StoredBar... given) {
        bars.upsertGiven(pool, List.of(given)).await().indefinitely();
    }

    /** What the indicator function does when the watermark passes the bars: closes (publishes) them. */
    static void publish(String symbol) {
        pool.withConnection(c -> bars.closeReady(c, "polygon", List.of(new String[] {symbol, "1m"},
                new String[] {symbol, "1s"}), Instant.now().plusSeconds(86_400 * 365), "test-close"))
                .await().indefinitely();
    }

    static void storeIndicators(String symbol, Instant ts, String values) {
        pool.preparedQuery("""
                INSERT INTO indicator_values AS v (provider, symbol, "interval", ts, bar, "values")
                VALUES ('polygon', $1, '1m', $2, '{}'::jsonb, $3::text::jsonb)
                ON CONFLICT (provider, symbol, "interval", ts) DO UPDATE SET "values" = EXCLUDED."values"
                WHERE v."values" IS DISTINCT FROM EXCLUDED."values"
                """)
                .execute(Tuple.of(symbol, Sql.ts(ts), values)).await().indefinitely();
    }

    static Instant knownAt(String symbol, int minute, int revision) {
        return query("SELECT known_at FROM bar_revisions WHERE symbol = $1 AND ts = $2 AND revision = $3",
                symbol, T0.plusSeconds(60L * minute), revision).iterator().next().getOffsetDateTime(0).toInstant();
    }

    static RowSet<Row> query(String sql, Object... args) {
        Object[] params = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = args[i] instanceof Instant t ? Sql.ts(t) : args[i];
        }
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely();
    }

    static List<Row> rows(RowSet<Row> set) {
        List<Row> out = new ArrayList<>();
        set.forEach(out::add);
        return out;
    }

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }
}
