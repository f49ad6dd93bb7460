package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Kind;
import dev.marketfn.contracts.QualityAlert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The day partitions of V020 against real PostgreSQL: one row per natural key under redelivery on another day and
 * under concurrent writers, rows of a day without partition kept and adopted, retention that drops a raw day only
 * once the archive holds it, a dropped day rebuilt by feeding it again, and the key statements partition-pruned.
 */
class PartitionTest {
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    static TestDatabase db;
    static Pool pool;
    static SimpleMeterRegistry registry = new SimpleMeterRegistry();
    static PartitionMaintenance maintenance;

    @BeforeAll
    static void start() {
        db = TestDatabase.start(new PoolOptions().setMaxSize(8));
        pool = db.pool;
        maintenance = new PartitionMaintenance(pool);
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

    static long count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** The database's UTC day, which its now() and the partitions follow. */
    static LocalDate today() {
        return pool.query("SELECT (now() AT TIME ZONE 'UTC')::date").execute().await().indefinitely().iterator().next()
                .getLocalDate(0);
    }

    static Instant noon(LocalDate day) {
        return day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    static RawEventRepository.RawEvent raw(String id, String provider) {
        return new RawEventRepository.RawEvent(id, provider, "dev.marketfn.raw.v1", "/providers/" + provider, "AAPL",
                "application/json", ("{\"id\":\"" + id + "\"}").getBytes());
    }

    static CanonicalRecord trade(String id, Instant ts, int seq) {
        return CanonicalRecord.builder().eventId(id).kind(Kind.TRADE).provider("alpaca").symbol("PART").ts(ts).seq(seq)
                .price(new BigDecimal("10.25")).size(new BigDecimal(seq)).rawEventId("raw-" + id).build();
    }

    @Test
    void aRawEventRedeliveredOnALaterDayKeepsItsFirstCopy() {
        LocalDate twoDaysAgo = today().minusDays(2);
        pool.query("INSERT INTO raw_events (event_id, provider, ce_type, ce_source, payload, received_at) VALUES "
                + "('redeliver-1', 'alpaca', 'dev.marketfn.raw.v1', '/providers/alpaca', '\\x00', '"
                + noon(twoDaysAgo) + "')").execute().await().indefinitely();
        RawEventRepository repo = new RawEventRepository(pool, registry);
        List<Instant> firstSeen = repo.appendAll(List.of(raw("redeliver-2", "alpaca"), raw("redeliver-1", "alpaca"),
                raw("redeliver-2", "alpaca"))).await().indefinitely();
        assertThat(firstSeen.get(1)).isEqualTo(noon(twoDaysAgo));
        assertThat(firstSeen.get(0)).isEqualTo(firstSeen.get(2)).isAfter(noon(twoDaysAgo));
        assertThat(repo.appendAll(List.of(raw("redeliver-2", "alpaca"))).await().indefinitely())
                .containsExactly(firstSeen.get(0));
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE 'redeliver-%'")).isEqualTo(2);
    }

    @Test
    void concurrentWritersOfTheSameRawEventsStoreEachOnce() {
        RawEventRepository repo = new RawEventRepository(pool, registry);
        List<RawEventRepository.RawEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(raw("race-" + i, i % 2 == 0 ? "alpaca" : "binance"));
        }
        Random random = new Random(3);
        List<Uni<List<Instant>>> writers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            List<RawEventRepository.RawEvent> mine = new ArrayList<>(events);
            Collections.shuffle(mine, random);
            writers.add(repo.appendAll(mine.subList(0, 40)));
        }
        Uni.join().all(writers).andFailFast().await().indefinitely();
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE 'race-%'")).isEqualTo(60);
        assertThat(count("SELECT count(DISTINCT event_id) FROM raw_events WHERE event_id LIKE 'race-%'")).isEqualTo(60);
    }

    @Test
    void anAlertStoredAgainOnALaterDayIsStoredOnce() {
        pool.query("INSERT INTO quality_alerts (alert_id, alert_type, severity, created_at) VALUES "
                + "('alert-again', 'STALE_DATA', 'MEDIUM', '" + noon(today().minusDays(3)) + "')")
                .execute().await().indefinitely();
        AlertRepository alerts = new AlertRepository(pool, registry);
        QualityAlert again = new QualityAlert("alert-again", "STALE_DATA", "MEDIUM", "alpaca", "AAPL", Instant.now(),
                null, "no update", Map.of("silent_ms", 1));
        QualityAlert other = new QualityAlert("alert-other", "STALE_DATA", "MEDIUM", "alpaca", "MSFT", Instant.now(),
                null, "no update", null);
        alerts.insert(List.of(again, other, other)).await().indefinitely();
        alerts.insert(List.of(other)).await().indefinitely();
        assertThat(rows("SELECT alert_id, provider FROM quality_alerts WHERE alert_id LIKE 'alert-%' ORDER BY 1"))
                .containsExactly("alert-again|null", "alert-other|alpaca");
    }

    @Test
    void ticksOfADayWithoutPartitionAreKeptThenAdoptedIntoTheirDay() {
        LocalDate today = today();
        TickRepository ticks = new TickRepository(pool, registry);
        // yesterday has no partition (the migration made today and the days ahead); day 10 is past the horizon
        CanonicalRecord yesterday = trade("adopt-1", noon(today.minusDays(1)), 1);
        CanonicalRecord later = trade("adopt-2", noon(today.plusDays(10)), 2);
        assertThat(ticks.upsert(List.of(yesterday, later), "test").await().indefinitely()).isEqualTo(2);
        assertThat(rows("SELECT tableoid::regclass FROM ticks WHERE event_id LIKE 'adopt-%' ORDER BY event_id"))
                .containsExactly("ticks_default", "ticks_default");
        // a replay finds the rows in the DEFAULT partition: nothing new
        assertThat(ticks.upsert(List.of(yesterday, later), "test").await().indefinitely()).isZero();

        var actions = maintenance.run(Instant.now()).await().indefinitely();
        assertThat(actions).contains(new PartitionMaintenance.Action("ticks", today.minusDays(1), "adopted", 1L));
        assertThat(rows("SELECT tableoid::regclass FROM ticks WHERE event_id LIKE 'adopt-%' ORDER BY event_id"))
                .containsExactly("ticks_p" + DAY.format(today.minusDays(1)), "ticks_default");

        // once the day comes within the horizon it gets its partition, with the row the DEFAULT held
        maintenance.run(noon(today.plusDays(8))).await().indefinitely();
        assertThat(rows("SELECT tableoid::regclass FROM ticks WHERE event_id = 'adopt-2'"))
                .containsExactly("ticks_p" + DAY.format(today.plusDays(10)));
        assertThat(ticks.upsert(List.of(later), "test").await().indefinitely()).isZero();
        assertThat(count("SELECT count(*) FROM ticks WHERE event_id LIKE 'adopt-%'")).isEqualTo(2);
    }

    @Test
    void aRawDayIsDroppedOnlyOnceTheArchiveCountsAllOfItsEventsForEveryProvider() {
        LocalDate day = today().minusDays(20);
        String part = "raw_events_p" + DAY.format(day);
        pool.query("INSERT INTO raw_events (event_id, provider, ce_type, ce_source, payload, received_at) "
                + "SELECT 'old-' || i, CASE WHEN i < 3 THEN 'alpaca' ELSE 'binance' END, 'dev.marketfn.raw.v1', "
                + "'/providers/x', '\\x00', '" + noon(day) + "' FROM generate_series(1, 3) i")
                .execute().await().indefinitely();

        assertThat(maintenance.run(Instant.now()).await().indefinitely())
                .contains(new PartitionMaintenance.Action("raw_events", day, "adopted", 3L),
                        new PartitionMaintenance.Action("raw_events", day, "kept", 3L));
        pool.query("INSERT INTO archived_days (provider, day, raw_events, objects) VALUES ('alpaca', '" + day
                + "', 2, 1), ('binance', '" + day + "', 0, 0)").execute().await().indefinitely();
        assertThat(maintenance.run(Instant.now()).await().indefinitely())
                .contains(new PartitionMaintenance.Action("raw_events", day, "kept", 3L));
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + part + "'")).isEqualTo(1);

        pool.query("UPDATE archived_days SET raw_events = 1 WHERE provider = 'binance' AND day = '" + day + "'")
                .execute().await().indefinitely();
        assertThat(maintenance.run(Instant.now()).await().indefinitely())
                .contains(new PartitionMaintenance.Action("raw_events", day, "dropped", 3L));
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + part + "'")).isZero();
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_id LIKE 'old-%'")).isZero();
    }

    @Test
    void aDroppedTicksDayFedAgainComesBackIdentical() {
        LocalDate day = today().minusDays(40);
        TickRepository ticks = new TickRepository(pool, registry);
        List<CanonicalRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(trade("rebuild-" + i, noon(day).plusSeconds(i), i + 1));
        }
        ticks.upsert(records, "quality-check@test").await().indefinitely();
        String digest = "SELECT event_id, kind, provider, symbol, ts, seq, price, size, raw_event_id FROM ticks "
                + "WHERE event_id LIKE 'rebuild-%' ORDER BY event_id";
        List<String> before = rows(digest);
        assertThat(before).hasSize(20);

        // past the 30-day retention: adopted from the DEFAULT partition and dropped in the same run
        assertThat(maintenance.run(Instant.now()).await().indefinitely())
                .contains(new PartitionMaintenance.Action("ticks", day, "dropped", 20L));
        assertThat(rows(digest)).isEmpty();

        // a rebuild keeps the day: retention set to cover it, the same records fed again (the raw events keep their
        // first-seen time, so normalize and quality-check give the same records)
        maintenance.configure(List.of(new PartitionMaintenance.Policy("ticks", null, 0))).await().indefinitely();
        try {
            assertThat(ticks.upsert(records, "quality-check@test").await().indefinitely()).isEqualTo(20);
            assertThat(maintenance.run(Instant.now()).await().indefinitely())
                    .contains(new PartitionMaintenance.Action("ticks", day, "adopted", 20L));
            assertThat(rows(digest)).isEqualTo(before);
            assertThat(rows("SELECT DISTINCT tableoid::regclass FROM ticks WHERE event_id LIKE 'rebuild-%'"))
                    .containsExactly("ticks_p" + DAY.format(day));
        } finally {
            maintenance.configure(List.of(new PartitionMaintenance.Policy("ticks", null, 30))).await().indefinitely();
        }
    }

    @Test
    void longHistoryTablesLoseRowsOnlyPastTheirConfiguredRetention() {
        LocalDate today = today();
        pool.query("INSERT INTO indicator_values (provider, symbol, \"interval\", ts, bar, \"values\") VALUES "
                + "('hist', 'OLD', '1d', '" + noon(today.minusDays(400)) + "', '{}', '{}'), "
                + "('hist', 'NEW', '1d', '" + noon(today.minusDays(300)) + "', '{}', '{}')")
                .execute().await().indefinitely();
        maintenance.run(Instant.now()).await().indefinitely();
        assertThat(count("SELECT count(*) FROM indicator_values WHERE provider = 'hist'")).isEqualTo(2);
        maintenance.configure(List.of(new PartitionMaintenance.Policy("indicator_values", null, 365)))
                .await().indefinitely();
        try {
            assertThat(maintenance.run(Instant.now()).await().indefinitely())
                    .contains(new PartitionMaintenance.Action("indicator_values", today.minusDays(365), "deleted", 1L));
            assertThat(rows("SELECT symbol FROM indicator_values WHERE provider = 'hist'")).containsExactly("NEW");
        } finally {
            maintenance.configure(List.of(new PartitionMaintenance.Policy("indicator_values", null, 0)))
                    .await().indefinitely();
        }
    }

    /** The partitions a plan reads (its scans' relation names). */
    static Set<String> scanned(List<String> plan, String table) {
        Set<String> out = new TreeSet<>();
        Pattern scan = Pattern.compile("on (" + table + "_(p\\d{8}|default))");
        for (String line : plan) {
            Matcher m = scan.matcher(line);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** EXPLAIN of a prepared statement under its generic plan, as the pg client runs it after a few executions. */
    static List<String> genericPlan(String statement, String types, String args) {
        return pool.withConnection(conn -> conn.query("SET plan_cache_mode = force_generic_plan").execute()
                .chain(() -> conn.query("PREPARE q(" + types + ") AS " + statement).execute())
                .chain(() -> conn.query("EXPLAIN (COSTS OFF) EXECUTE q(" + args + ")").execute())
                .map(rs -> {
                    List<String> lines = new ArrayList<>();
                    rs.forEach(r -> lines.add(r.getString(0)));
                    return lines;
                })
                .call(() -> conn.query("DEALLOCATE q").execute())
                .call(() -> conn.query("RESET plan_cache_mode").execute())).await().indefinitely();
    }

    @Test
    void theKeyStatementsReadOnlyTheirDaysPartitions() {
        LocalDate today = today();
        for (int d = -15; d <= 3; d++) {
            pool.query("SELECT partition_create_day('raw_events', '" + today.plusDays(d) + "'), "
                    + "partition_create_day('ticks', '" + today.plusDays(d) + "')").execute().await().indefinitely();
        }
        // quality-check's look-up of the verdicts already given: the records' days only
        List<String> qualities = genericPlan(TickRepository.QUALITIES, "text[], timestamptz, timestamptz",
                "'{a,b}', '" + noon(today.minusDays(2)) + "', '" + noon(today.minusDays(2)).plusSeconds(5) + "'");
        assertThat(scanned(qualities, "ticks")).as(String.join("\n", qualities))
                .containsExactly("ticks_p" + DAY.format(today.minusDays(2)));
        assertThat(String.join("\n", qualities)).contains("Subplans Removed");

        // the archiver's read of one raw day
        List<String> archive = genericPlan("SELECT event_id, payload FROM raw_events WHERE received_at >= $1 "
                + "AND received_at < $2", "timestamptz, timestamptz",
                "'" + today.minusDays(1) + " 00:00Z', '" + today + " 00:00Z'");
        assertThat(scanned(archive, "raw_events")).as(String.join("\n", archive))
                .containsExactly("raw_events_p" + DAY.format(today.minusDays(1)));

        // the look-up raw_events_append does before it inserts (the same predicate as in V020): the days the
        // retention keeps (7) up to tomorrow, not the older partitions, not the days ahead beyond tomorrow
        List<String> append = genericPlan("SELECT 1 FROM raw_events e WHERE e.event_id = $1 "
                + "AND e.received_at >= append_window_start('raw_events') AND e.received_at < now() + interval '1 day'",
                "text", "'x'");
        Set<String> expected = new TreeSet<>();
        for (int d = -7; d <= 1; d++) {
            expected.add("raw_events_p" + DAY.format(today.plusDays(d)));
        }
        assertThat(scanned(append, "raw_events")).as(String.join("\n", append)).isEqualTo(expected);
    }
}
