package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Python research client (clients/python) against real PostgreSQL: rows are loaded here through the store's write
 * path, then {@code python3 -m pytest clients/python/tests} reads them with the DSN in the environment; a non-zero
 * exit fails this test. Needs Debian python3-pandas, python3-psycopg, python3-pytest (./marketfn require_tools).
 */
class ResearchClientTest {
    static final Path CLIENT = Path.of("../../clients/python").toAbsolutePath().normalize();
    static final Instant T0 = PointInTimeTest.T0;

    static TestDatabase db;
    static Pool pool;
    static BarRepository bars;

    @BeforeAll
    static void start() {
        db = TestDatabase.start();
        pool = db.pool;
        bars = new BarRepository(pool, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void pytestSuitePasses() throws IOException, InterruptedException {
        bars.upsertGiven(pool, List.of(PointInTimeTest.bar("PYA", 0, "100", "101", "99", "100.5", "1000"),
                PointInTimeTest.bar("PYA", 1, "100.5", "102", "100", "101", "500"))).await().indefinitely();
        pool.withConnection(c -> bars.closeReady(c, "polygon", List.<String[]>of(new String[] {"PYA", "1m"}),
                Instant.now().plusSeconds(86_400L * 365), "test-close")).await().indefinitely();
        Instant firstKnown = pool.query("SELECT max(known_at) FROM bar_revisions WHERE symbol = 'PYA'").execute()
                .await().indefinitely().iterator().next().getOffsetDateTime(0).toInstant();
        bars.upsertGiven(pool, List.of(PointInTimeTest.bar("PYA", 0, "100", "103", "99", "100.5", "1100")))
                .await().indefinitely();
        pool.preparedQuery("""
                INSERT INTO indicator_values (provider, symbol, "interval", ts, bar, "values")
                VALUES ('polygon', 'PYA', '1m', $1, '{}'::jsonb, '{"rsi_14": 41.5, "sma_20": null}'::jsonb)""")
                .execute(Tuple.of(Sql.ts(T0))).await().indefinitely();
        pool.preparedQuery("""
                INSERT INTO signals (signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale)
                VALUES ('sig-1', 'polygon', 'PYA', '1m', $1, 'BUY', 0.6, 0.5, '[]'::jsonb)""")
                .execute(Tuple.of(Sql.ts(T0))).await().indefinitely();
        pool.preparedQuery("""
                INSERT INTO quality_alerts (alert_id, alert_type, severity, provider, symbol, ts)
                VALUES ('al-1', 'outlier', 'warning', 'polygon', 'PYA', $1)""")
                .execute(Tuple.of(Sql.ts(T0))).await().indefinitely();

        ProcessBuilder pb = new ProcessBuilder(python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
                .directory(CLIENT.toFile()).redirectErrorStream(true);
        pb.environment().put("MARKETFN_RESEARCH_DSN", db.libpqDsn());
        pb.environment().put("MARKETFN_TEST_FIRST_KNOWN", firstKnown.toString());
        pb.environment().put("PYTHONPATH", CLIENT.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pytest finished").isTrue();
        assertThat(p.exitValue()).as("pytest exit code; output:\n" + out).isZero();
        assertThat(out).contains("6 passed");
    }

    /** Debian's interpreter, which has the Debian packages; a version manager's shim on PATH may not. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
