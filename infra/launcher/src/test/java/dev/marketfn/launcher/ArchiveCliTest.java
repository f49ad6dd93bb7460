package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code marketfn archive --once} into a directory and {@code marketfn replay --archive} to a function stand-in,
 * against embedded PostgreSQL with the store's migrations: the day is archived once (a second pass finds nothing),
 * DuckDB reads the directory as a Hive-partitioned data set, replay sends the events in event-time order with their
 * ids, and every run is a job_runs row.
 */
class ArchiveCliTest {
    static final Path MIGRATIONS = Path.of("../../functions/store/src/main/resources/db/migrations");
    static EmbeddedPostgresServer pg;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String name : Files.readAllLines(MIGRATIONS.resolve("index.txt"))) {
                if (!name.isBlank()) {
                    s.execute(Files.readString(MIGRATIONS.resolve(name.trim())));
                }
            }
            insert(c, "r1", "AAPL", "2026-01-05T15:00:02Z", "2026-01-05T15:00:03Z");
            insert(c, "r2", "MSFT", "2026-01-05T15:00:01Z", "2026-01-05T15:00:04Z");
            insert(c, "r3", "BTC/USD", "2026-01-05T15:00:00Z", "2026-01-05T15:00:05Z");
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static Connection connect() throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    static void insert(Connection c, String id, String symbol, String time, String received) throws Exception {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO raw_events (event_id, provider, ce_type, ce_source,"
                + " subject, payload, received_at) VALUES (?, 'alpaca', 'dev.marketfn.raw.v1', '/providers/alpaca', ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, symbol);
            s.setBytes(3, ("[{\"T\":\"t\",\"S\":\"" + symbol + "\",\"i\":1,\"x\":\"V\",\"p\":10.5,\"s\":1,\"t\":\"" + time
                    + "\",\"c\":[\"@\"],\"z\":\"C\"}]").getBytes(StandardCharsets.UTF_8));
            s.setTimestamp(4, Timestamp.from(Instant.parse(received)));
            s.executeUpdate();
        }
    }

    @Test
    void archivesADayOnceAndReplaysItInEventTimeOrder() throws Exception {
        Path archive = dir.resolve("archive");
        Map<String, String> env = Map.of("PG_URL", pg.jdbcUrl());
        Run first = CliTest.run(env, "archive", "--once", "--archive", archive.toString(), "--metrics-file",
                dir.resolve("archive.prom").toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("archived alpaca 2026-01-05: 3 raw events in 3 objects (3 new");
        assertThat(Files.readString(dir.resolve("archive.prom"))).contains("marketfn_archive_events_total 3");
        Run second = CliTest.run(env, "archive", "--archive", archive.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("nothing to archive");
        assertThat(Files.exists(archive.resolve("provider=alpaca/date=2026-01-05/symbol=BTC%2FUSD/_manifest.json"))).isTrue();

        // what docs/archive.md tells a researcher to run
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
                ResultSet r = s.executeQuery("SELECT symbol, count(*), min(event_time) FROM read_parquet('" + archive
                        + "/provider=*/date=*/symbol=*/*.parquet', hive_partitioning = true) GROUP BY symbol ORDER BY symbol")) {
            List<String> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getLong(2));
            }
            assertThat(rows).containsExactly("AAPL 1", "BTC/USD 1", "MSFT 1"); // DuckDB decodes the %2F
        }

        try (HttpStub fn = new HttpStub(CliTest::accepted)) {
            Run replay = CliTest.run(env, "replay", "--archive", archive.toString(), "--provider", "alpaca",
                    "--from", "2026-01-05", "--until", "2026-01-06", "--to", "http", fn.url());
            assertThat(replay.code()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("3 archived events of alpaca in 3 objects", "3 accepted, 0 refused");
            assertThat(fn.requests).extracting(q -> q.header("ce-id")).containsExactly("r3", "r2", "r1");
            assertThat(fn.requests.get(0).header("ce-subject")).isEqualTo("BTC/USD");
            assertThat(fn.requests.get(0).header("ce-provider")).isEqualTo("alpaca");

            Path foreign = archive.resolve("provider=alpaca/date=2026-01-05/symbol=AAPL/notes.txt");
            Files.writeString(foreign, "not data");
            fn.requests.clear();
            Run again = CliTest.run(env, "replay", "--archive", archive.toString(), "--provider", "alpaca",
                    "--symbols", "AAPL", "--to", "http", fn.url());
            assertThat(again.code()).as(again.err()).isEqualTo(Main.EXIT_PARTIAL);
            assertThat(again.err()).contains("skipped provider=alpaca/date=2026-01-05/symbol=AAPL/notes.txt: foreign file");
            assertThat(fn.requests).extracting(q -> q.header("ce-id")).containsExactly("r1");
        }
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(
                "SELECT kind, status, items_in FROM job_runs ORDER BY started_at")) {
            List<String> jobs = new ArrayList<>();
            while (r.next()) {
                jobs.add(r.getString(1) + " " + r.getString(2) + " " + r.getLong(3));
            }
            assertThat(jobs).containsExactly("archive succeeded 3", "archive succeeded 0", "replay succeeded 3",
                    "replay succeeded 1");
        }
    }

    @Test
    void replayNeedsFilesOrAnArchive() {
        Run r = CliTest.run("replay", "--provider", "alpaca");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("name provider files or --archive URI");
    }
}
