package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V020 on a database that already has rows: every row moves into its day partition, keys and values intact. */
class PartitionMigrationTest {
    static TestDatabase db;
    static Pool pool;

    @BeforeAll
    static void start() {
        List<String> all = Migrations.listed();
        db = TestDatabase.start(new PoolOptions(), all.subList(0, all.indexOf("V020__partitions.sql")));
        pool = db.pool;
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    static List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        pool.query(sql).execute().await().indefinitely().forEach(r -> {
            List<String> cols = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                cols.add(String.valueOf(r.getValue(i)));
            }
            out.add(String.join("|", cols));
        });
        return out;
    }

    @Test
    void rowsInTheUnpartitionedTablesMoveIntoDayPartitions() {
        pool.query("""
                INSERT INTO raw_events (event_id, provider, ce_type, ce_source, payload, received_at) VALUES
                    ('r1', 'alpaca', 'dev.marketfn.raw.v1', '/providers/alpaca', '\\x01', '2024-03-01T10:00:00Z'),
                    ('r2', 'alpaca', 'dev.marketfn.raw.v1', '/providers/alpaca', '\\x02', '2024-03-02T23:59:59.999999Z'),
                    ('r3', 'binance', 'dev.marketfn.raw.v1', '/providers/binance', '\\x03', now());
                INSERT INTO ticks (event_id, kind, provider, symbol, ts, seq, price, size, produced_by, schema_version)
                VALUES ('t1', 'trade', 'alpaca', 'AAPL', '2024-03-01T14:30:00Z', 1, 185.1, 100, 'test', 1),
                    ('t2', 'trade', 'alpaca', 'AAPL', '2024-03-02T14:30:00Z', 2, 185.2, 100, 'test', 1);
                INSERT INTO bar_trades VALUES ('1m', 't1', 'alpaca', 'AAPL', '2024-03-01T14:30:00Z'),
                    ('1d', 't1', 'alpaca', 'AAPL', '2024-03-01T05:00:00Z');
                INSERT INTO late_trades ("interval", event_id, provider, symbol, bar_ts)
                    VALUES ('1m', 't2', 'alpaca', 'AAPL', '2024-03-02T14:30:00Z');
                INSERT INTO quality_alerts (alert_id, alert_type, severity, provider, symbol, ts, created_at)
                    VALUES ('a1', 'STALE_DATA', 'MEDIUM', 'alpaca', 'AAPL', NULL, '2024-03-01T15:00:00Z')""")
                .execute().await().indefinitely();
        List<String> before = digest();

        List<String> all = Migrations.listed();
        assertThat(Migrations.apply(pool).await().indefinitely())
                .containsExactlyElementsOf(all.subList(all.indexOf("V020__partitions.sql"), all.size()));

        assertThat(digest()).isEqualTo(before);
        assertThat(rows("SELECT tableoid::regclass, event_id FROM raw_events WHERE event_id <> 'r3' ORDER BY 2"))
                .containsExactly("raw_events_p20240301|r1", "raw_events_p20240302|r2");
        assertThat(rows("SELECT tableoid::regclass::text LIKE 'raw_events_p%' FROM raw_events WHERE event_id = 'r3'"))
                .containsExactly("true");
        assertThat(rows("SELECT tableoid::regclass, event_id FROM ticks ORDER BY 2"))
                .containsExactly("ticks_p20240301|t1", "ticks_p20240302|t2");
        assertThat(rows("SELECT tableoid::regclass, \"interval\" FROM bar_trades ORDER BY 2"))
                .containsExactly("bar_trades_p20240301|1d", "bar_trades_p20240301|1m");
        assertThat(rows("SELECT tableoid::regclass FROM late_trades")).containsExactly("late_trades_p20240302");
        assertThat(rows("SELECT tableoid::regclass FROM quality_alerts")).containsExactly("quality_alerts_p20240301");
        assertThat(rows("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_v1'")).containsExactly("0");
        // every day partition is an attached child: a listing of top-level tables (as reliability's TableDigest
        // lists them) names each partitioned table once
        assertThat(rows("""
                SELECT table_name FROM information_schema.tables t WHERE table_schema = 'public'
                    AND table_type = 'BASE TABLE' AND table_name::text LIKE 'ticks%'
                    AND NOT EXISTS (SELECT 1 FROM pg_inherits i
                        WHERE i.inhrelid = ('public.' || quote_ident(t.table_name::text))::regclass)""")).containsExactly("ticks");
        // the keys now hold the partition column
        assertThat(rows("""
                SELECT conrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE contype = 'p' AND conrelid::regclass::text IN
                    ('raw_events', 'ticks', 'bar_trades', 'late_trades', 'quality_alerts')
                ORDER BY conrelid::regclass::text"""))
                .containsExactly("bar_trades|PRIMARY KEY (\"interval\", event_id, bar_ts)",
                        "late_trades|PRIMARY KEY (\"interval\", event_id, bar_ts)",
                        "quality_alerts|PRIMARY KEY (alert_id, created_at)",
                        "raw_events|PRIMARY KEY (event_id, received_at)",
                        "ticks|PRIMARY KEY (event_id, ts)");
    }

    private static List<String> digest() {
        List<String> all = new ArrayList<>();
        all.addAll(rows("SELECT event_id, provider, payload, received_at FROM raw_events ORDER BY 1"));
        all.addAll(rows("SELECT event_id, ts, price, size, produced_by FROM ticks ORDER BY 1"));
        all.addAll(rows("SELECT * FROM bar_trades ORDER BY 1, 2"));
        all.addAll(rows("SELECT * FROM late_trades ORDER BY 1, 2"));
        all.addAll(rows("SELECT * FROM quality_alerts ORDER BY 1"));
        return all;
    }
}
