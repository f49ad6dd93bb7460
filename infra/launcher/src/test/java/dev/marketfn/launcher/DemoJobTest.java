package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.archive.JobRuns;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's job_runs row follows its exit code: a sample run that produced no signal ends the demo with exit code 1
 * and its row failed with that message; one with signals succeeds (the whole demo is ChainTest). Embedded PostgreSQL
 * with the store's migrations.
 */
class DemoJobTest {
    static EmbeddedPostgresServer pg;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        try (Connection c = connect(); Statement s = c.createStatement()) {
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

    static Connection connect() throws Exception {
        return Infra.connect(pg.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    static Demo.Result result(int sent, long raw, long signals) {
        return new Demo.Result(sent, Map.of("raw_events", raw, "signals", signals), Map.of(), Map.of(), Map.of(),
                Map.of(), 0, Duration.ZERO, "psql", List.of(), null);
    }

    @Test
    void aDemoWithoutSignalsIsAFailedJob() throws Exception {
        Path logs = dir.resolve("logs");
        Demo.Result silent = result(10, 8, 0);
        Demo.Result working = result(12, 12, 5);
        try (Connection c = connect()) {
            JobRuns jobs = new JobRuns(c);
            assertThatThrownBy(() -> Demo.asJob(jobs, "{\"run\": 1}", logs, counts -> silent))
                    .isInstanceOf(LauncherException.class)
                    .hasMessage("no signals were produced (see " + logs + ")");
            assertThat(Demo.asJob(jobs, "{\"run\": 2}", logs, counts -> working)).isSameAs(working);
        }

        Run json = CliTest.run(Map.of("PG_URL", pg.jdbcUrl(), "PG_USER", EmbeddedPostgresServer.USER, "PG_PASSWORD",
                EmbeddedPostgresServer.PASSWORD), "jobs", "--kind", "demo", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode rows = CloudEvent.JSON.readTree(json.out()); // newest first
        assertThat(rows.size()).isEqualTo(2);
        JsonNode failed = rows.get(1);
        assertThat(failed.get("args").get("run").asInt()).isEqualTo(1);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo("no signals were produced (see " + logs + ")");
        assertThat(failed.get("items_in").asLong()).isEqualTo(10);
        assertThat(failed.get("items_out").asLong()).isEqualTo(8);
        JsonNode succeeded = rows.get(0);
        assertThat(succeeded.get("args").get("run").asInt()).isEqualTo(2);
        assertThat(succeeded.get("status").asText()).isEqualTo("succeeded");
        assertThat(succeeded.get("error").isNull()).isTrue();
        assertThat(succeeded.get("items_in").asLong()).isEqualTo(12);
    }
}
