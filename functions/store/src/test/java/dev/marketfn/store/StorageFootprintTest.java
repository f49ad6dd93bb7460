package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.Quality;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes per row of the hot tables on a loaded sample (docs/storage-tiers.md): the bundled Alpaca sample day's messages,
 * repeated under new ids to {@value #RAW_EVENTS} raw events, written through the repositories as normalize,
 * quality-check and the indicator write them (each trade in 3 bar intervals), then table + index bytes of the day
 * partitions divided by their rows. With {@code -Dmarketfn.footprint.out=FILE} it also writes the report, plans of the
 * key statements included; {@code bench/storage-footprint.sh} runs it so and commits the output.
 */
class StorageFootprintTest {
    static final int RAW_EVENTS = 3000;
    static final Path SAMPLE = Path.of("../../infra/launcher/src/main/resources/sample/alpaca-trades.jsonl");
    static TestDatabase db;
    static Pool pool;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        pool = db.pool;
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void measuresBytesPerRawEventTickAndBarTrade() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RawEventRepository raws = new RawEventRepository(pool, registry);
        TickRepository ticks = new TickRepository(pool, registry);
        BarRepository bars = new BarRepository(pool, registry);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(SAMPLE).stream().filter(l -> !l.isBlank()).toList();
        // one UTC day: today's, so the rows land in a day partition the migration made
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS);
        long rawBytes = 0, tickCount = 0;
        long rawNanos = 0, tickNanos = 0, barNanos = 0;
        for (int batch = 0; batch < RAW_EVENTS / 100; batch++) {
            List<RawEventRepository.RawEvent> events = new ArrayList<>();
            List<CanonicalRecord> records = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = batch * 100 + i;
                String line = lines.get(n % lines.size());
                String rawId = "foot-" + n;
                byte[] payload = line.getBytes(StandardCharsets.UTF_8);
                rawBytes += payload.length;
                events.add(new RawEventRepository.RawEvent(rawId, "alpaca", "dev.marketfn.raw.v1", "/providers/alpaca",
                        null, "application/json", payload));
                int k = 0;
                for (JsonNode t : json.readTree(line)) {
                    Instant ts = day.plusMillis((n * 37L + k * 11L) % 86_400_000L);
                    List<String> conditions = new ArrayList<>();
                    t.path("c").forEach(c -> conditions.add(c.asText()));
                    records.add(CanonicalRecord.builder().eventId(rawId + ":" + k).kind(Kind.TRADE).provider("alpaca")
                            .symbol(t.path("S").asText()).exchange(t.path("x").asText()).currency("USD")
                            .assetClass("equity").ts(ts).ingestTs(ts.plusMillis(40)).seq(t.path("i").asLong())
                            .price(new BigDecimal(t.path("p").asText())).size(new BigDecimal(t.path("s").asText()))
                            .conditions(conditions).setsLastPrice(true).rawEventId(rawId)
                            .quality(Quality.of(1, 1, 0.98, 1, List.of())).build());
                    k++;
                }
            }
            long t0 = System.nanoTime();
            raws.appendAll(events).await().atMost(Duration.ofSeconds(30));
            long t1 = System.nanoTime();
            ticks.upsert(records, "quality-check@footprint").await().atMost(Duration.ofSeconds(30));
            long t2 = System.nanoTime();
            for (String interval : List.of("1m", "5m", "1h")) {
                long width = interval.equals("1m") ? 60 : interval.equals("5m") ? 300 : 3600;
                List<BarRepository.TradeInWindow> trades = records.stream().map(r -> {
                    Instant bar = Instant.ofEpochSecond(r.ts().getEpochSecond() / width * width);
                    return new BarRepository.TradeInWindow(r.eventId(), r.provider(), r.symbol(), bar,
                            bar.plusSeconds(width), r.ts(), r.seq(), r.price(), r.size(), true);
                }).toList();
                bars.merge(pool, interval, trades).await().atMost(Duration.ofSeconds(30));
            }
            long t3 = System.nanoTime();
            rawNanos += t1 - t0;
            tickNanos += t2 - t1;
            barNanos += t3 - t2;
            tickCount += records.size();
        }
        pool.query("VACUUM ANALYZE").execute().await().indefinitely();

        StringBuilder report = new StringBuilder();
        report.append("# marketfn storage footprint (bench/storage-footprint.sh; PostgreSQL ")
                .append(one("SHOW server_version")).append(", embedded, default settings)\n");
        report.append(String.format("sample: %d raw events of %s repeated (%d payload bytes, %.1f bytes each), "
                + "%d ticks (%.2f per raw event), each trade in 3 bar intervals%n", RAW_EVENTS, SAMPLE.getFileName(),
                rawBytes, (double) rawBytes / RAW_EVENTS, tickCount, (double) tickCount / RAW_EVENTS));
        report.append(String.format("%-16s %10s %12s %12s %12s %10s%n", "table", "rows", "table bytes",
                "index bytes", "total bytes", "bytes/row"));
        double perTick = 0;
        for (String table : List.of("raw_events", "ticks", "bar_trades", "bars_ohlcv")) {
            long rows = Long.parseLong(one("SELECT count(*) FROM " + table));
            var sizes = pool.query("""
                    SELECT coalesce(sum(pg_table_size(c.oid)), 0), coalesce(sum(pg_indexes_size(c.oid)), 0)
                    FROM pg_class c WHERE c.relkind = 'r' AND (c.relname = '%1$s' OR c.oid IN
                        (SELECT inhrelid FROM pg_inherits WHERE inhparent = '%1$s'::regclass))""".formatted(table))
                    .execute().await().indefinitely().iterator().next();
            long tableBytes = sizes.getLong(0), indexBytes = sizes.getLong(1);
            double perRow = (double) (tableBytes + indexBytes) / rows;
            report.append(String.format("%-16s %10d %12d %12d %12d %10.1f%n", table, rows, tableBytes, indexBytes,
                    tableBytes + indexBytes, perRow));
            assertThat(rows).isPositive();
            // bars_ohlcv: a few hundred bars, mostly the fixed pages of a table and its indexes; reported, not a rate
            if (!table.equals("bars_ohlcv")) {
                perTick += (double) (tableBytes + indexBytes) / tickCount;
                assertThat(perRow).as(table).isBetween(40.0, 4000.0);
            }
        }
        report.append(String.format("hot bytes per tick (raw_events + ticks + bar_trades, per tick): %.1f%n", perTick));
        report.append(String.format("hot bytes per raw payload byte: %.2f%n", perTick * tickCount / rawBytes));
        report.append(String.format("write time per row (this machine, one writer, batches of 100 raw events): "
                + "raw_events %.1f us, ticks %.1f us, bar merge %.1f us per trade and interval%n",
                rawNanos / 1e3 / RAW_EVENTS, tickNanos / 1e3 / tickCount, barNanos / 1e3 / tickCount / 3));
        assertThat(perTick).isBetween(100.0, 10_000.0);

        report.append("\n# plans of the key statements (generic plans, as the pg client runs a prepared statement)\n");
        String today = day.toString();
        String tomorrow = day.plus(1, ChronoUnit.DAYS).toString();
        plan(report, "ticks upsert (TickRepository.UPSERT, one row): routed to the row's day partition",
                "INSERT INTO ticks AS t (event_id, kind, provider, symbol, ts, seq, produced_by, schema_version) "
                        + "VALUES ($1, 'trade', 'p', 'S', $2, 1, 'x', 1) ON CONFLICT (event_id, ts) DO UPDATE SET "
                        + "quality = COALESCE(t.quality, EXCLUDED.quality)",
                "text, timestamptz", "'x', '" + today + "'");
        plan(report, "quality-check's verdict look-up (TickRepository.QUALITIES)", TickRepository.QUALITIES,
                "text[], timestamptz, timestamptz", "'{x}', '" + today + "', '" + today + "'");
        plan(report, "raw_events_append's look-up of a first copy (the retained days up to tomorrow)",
                "SELECT 1 FROM raw_events e WHERE e.event_id = $1 AND e.received_at >= append_window_start('raw_events') "
                        + "AND e.received_at < now() + interval '1 day'", "text", "'x'");
        plan(report, "the archiver's read of one raw day",
                "SELECT event_id, payload FROM raw_events WHERE received_at >= $1 AND received_at < $2",
                "timestamptz, timestamptz", "'" + today + "', '" + tomorrow + "'");
        plan(report, "bar_trades gate of BarRepository.MERGE (one row)",
                "INSERT INTO bar_trades (\"interval\", event_id, provider, symbol, bar_ts) VALUES ('1m', $1, 'p', 'S', $2) "
                        + "ON CONFLICT DO NOTHING", "text, timestamptz", "'x', '" + today + "'");

        String out = System.getProperty("marketfn.footprint.out");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), report.toString());
        }
        System.out.print(report);
    }

    private static String one(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getValue(0).toString();
    }

    private static void plan(StringBuilder report, String title, String statement, String types, String args) {
        List<String> lines = pool.withConnection(conn -> conn.query("SET plan_cache_mode = force_generic_plan").execute()
                .chain(() -> conn.query("BEGIN").execute())
                .chain(() -> conn.query("PREPARE q(" + types + ") AS " + statement).execute())
                .chain(() -> conn.query("EXPLAIN (COSTS OFF) EXECUTE q(" + args + ")").execute())
                .map(rs -> {
                    List<String> l = new ArrayList<>();
                    rs.forEach(r -> l.add(r.getString(0)));
                    return l;
                })
                .call(() -> conn.query("ROLLBACK").execute())
                .call(() -> conn.query("DEALLOCATE q").execute())
                .call(() -> conn.query("RESET plan_cache_mode").execute())).await().indefinitely();
        report.append("\n## ").append(title).append('\n');
        lines.forEach(l -> report.append(l).append('\n'));
    }
}
