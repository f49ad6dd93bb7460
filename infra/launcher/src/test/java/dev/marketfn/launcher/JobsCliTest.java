package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job audit against embedded PostgreSQL with the store's migrations: replay of files and actions load write
 * job_runs rows with their counts, a run that fails is recorded failed with its error, and {@code marketfn jobs}
 * lists them (table and JSON, by kind, limited), reading the database from a stack's stack.env when no URL is given.
 */
class JobsCliTest {
    static EmbeddedPostgresServer pg;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD); Statement s = c.createStatement()) {
            for (String name : Files.readAllLines(ArchiveCliTest.MIGRATIONS.resolve("index.txt"))) {
                if (!name.isBlank()) {
                    s.execute(Files.readString(ArchiveCliTest.MIGRATIONS.resolve(name.trim())));
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    Map<String, String> env() {
        return Map.of("PG_URL", pg.jdbcUrl(), "PG_USER", EmbeddedPostgresServer.USER, "PG_PASSWORD",
                EmbeddedPostgresServer.PASSWORD);
    }

    @Test
    void everyRunIsAJobAndJobsListsThem() throws Exception {
        Path trades = Files.writeString(dir.resolve("trades.jsonl"),
                String.format(CliTest.ALPACA_LINE, 1, "2025-06-11T14:00:00Z") + "\n"
                        + String.format(CliTest.ALPACA_LINE, 2, "2025-06-11T14:10:00Z") + "\n");
        Path actions = Files.writeString(dir.resolve("actions.csv"), CliTest.CSV);
        try (HttpStub fn = new HttpStub(CliTest::accepted)) {
            Run replay = CliTest.run(env(), "replay", trades.toString(), "--provider", "alpaca", "--to", "http", fn.url());
            assertThat(replay.code()).as(replay.err()).isZero();
            Run load = CliTest.run(env(), "actions", "load", actions.toString(), "--to", "http", fn.url());
            assertThat(load.code()).as(load.err()).isEqualTo(Main.EXIT_PARTIAL);
            Run empty = CliTest.run(env(), "replay", trades.toString(), "--provider", "alpaca", "--to", "http", fn.url(),
                    "--from", "2030-01-01");
            assertThat(empty.code()).isEqualTo(Main.EXIT_FAILED);
        }
        try (HttpStub refusing = new HttpStub(q -> new HttpStub.Reply(400, Map.of(), "{\"error\":\"no\"}"))) {
            Run refused = CliTest.run(env(), "replay", trades.toString(), "--provider", "alpaca", "--to", "http",
                    refusing.url());
            assertThat(refused.code()).isEqualTo(Main.EXIT_FAILED);
        }

        Run json = CliTest.run(env(), "jobs", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode rows = CloudEvent.JSON.readTree(json.out()); // newest first
        assertThat(rows.size()).isEqualTo(4);
        JsonNode refused = rows.get(0);
        assertThat(refused.get("kind").asText()).isEqualTo("replay");
        assertThat(refused.get("status").asText()).isEqualTo("failed");
        assertThat(refused.get("items_in").asLong()).isEqualTo(2);
        assertThat(refused.get("items_out").asLong()).isZero();
        assertThat(refused.get("error").asText()).isEqualTo("exit code 1: 2 items not accepted");
        JsonNode empty = rows.get(1);
        assertThat(empty.get("status").asText()).isEqualTo("failed");
        assertThat(empty.get("error").asText()).isEqualTo("nothing to send: no message has a record in the window");
        assertThat(empty.get("args").get("from").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(empty.get("finished_at").isNull()).isFalse();
        JsonNode load = rows.get(2);
        assertThat(load.get("kind").asText()).isEqualTo("actions-load");
        assertThat(load.get("status").asText()).isEqualTo("succeeded");
        assertThat(load.get("items_in").asLong()).isEqualTo(4); // 3 valid rows and 1 invalid
        assertThat(load.get("items_out").asLong()).isEqualTo(3);
        assertThat(load.get("error").asText()).isEqualTo("exit code 3: 1 items not accepted");
        JsonNode replay = rows.get(3);
        assertThat(replay.get("status").asText()).isEqualTo("succeeded");
        assertThat(replay.get("items_in").asLong()).isEqualTo(2);
        assertThat(replay.get("items_out").asLong()).isEqualTo(2);
        assertThat(replay.get("error").isNull()).isTrue();
        assertThat(replay.get("args").get("files").get(0).asText()).isEqualTo(trades.toString());
        assertThat(replay.get("args").get("to").asText()).startsWith("http http://");

        Run table = CliTest.run(env(), "jobs", "--kind", "replay", "--limit", "2");
        assertThat(table.code()).as(table.err()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("STARTED").contains("KIND", "STATUS", "IN", "OUT", "ARGS / ERROR");
        assertThat(lines[1]).contains("replay", "failed", "error: exit code 1: 2 items not accepted");
        assertThat(lines[2]).contains("replay", "failed", "error: nothing to send");
        assertThat(CliTest.run(env(), "jobs", "--kind", "backtest").out()).contains("no job runs of kind backtest");

        // no URL: the database of the stack running in --state-dir, as `marketfn stack up` wrote it
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(StackEnv.file(state), "PG_URL=" + pg.jdbcUrl() + "\nPG_USER=" + EmbeddedPostgresServer.USER
                + "\nPG_PASSWORD=" + EmbeddedPostgresServer.PASSWORD + "\n");
        Run fromStack = CliTest.run(Map.of(), "jobs", "--state-dir", state.toString(), "--kind", "actions-load");
        assertThat(fromStack.code()).as(fromStack.err()).isZero();
        assertThat(fromStack.out()).contains("actions-load", "succeeded");
        Run none = CliTest.run(Map.of(), "jobs", "--state-dir", dir.resolve("nowhere").toString());
        assertThat(none.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(none.err()).contains("jobs needs --pg-url or PG_URL");
    }
}
