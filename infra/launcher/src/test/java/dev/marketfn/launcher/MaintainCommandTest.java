package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code marketfn maintain} against embedded PostgreSQL with the store's migrations applied from its sources. */
class MaintainCommandTest {
    static final Path MIGRATIONS = Path.of("../../functions/store/src/main/resources/db/migrations");
    static EmbeddedPostgresServer pg;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        env = Map.of("PG_URL", pg.reactiveUrl(), "PG_USER", EmbeddedPostgresServer.USER, "PG_PASSWORD",
                EmbeddedPostgresServer.PASSWORD);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String file : Files.readAllLines(MIGRATIONS.resolve("index.txt"))) {
                if (!file.isBlank()) {
                    st.execute(Files.readString(MIGRATIONS.resolve(file.strip())));
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    static Connection connect() throws Exception {
        return Infra.connect(pg.reactiveUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    static String one(String sql) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void createsAheadAdoptsTheDefaultPartitionsRowsAndAppliesRetention() throws Exception {
        LocalDate today = LocalDate.parse(one("SELECT (now() AT TIME ZONE 'UTC')::date"));
        LocalDate old = today.minusDays(40);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO ticks (event_id, kind, provider, symbol, ts, seq, produced_by, schema_version) VALUES "
                    + "('m-1', 'trade', 'p', 'S', '" + today.minusDays(1) + " 12:00Z', 1, 't', 1), "
                    + "('m-2', 'trade', 'p', 'S', '" + old + " 12:00Z', 2, 't', 1)");
        }
        Run run = CliTest.run(env, "maintain", "--ahead-days", "5");
        assertThat(run.code()).as(run.err()).isEqualTo(Main.EXIT_OK);
        assertThat(run.out()).containsPattern("ticks +" + today.minusDays(1) + " adopted +1")
                .containsPattern("ticks +" + old + " adopted +1").containsPattern("ticks +" + old + " dropped +1")
                .containsPattern("raw_events +" + today.plusDays(5) + " created +0");
        assertThat(one("SELECT tableoid::regclass FROM ticks WHERE event_id = 'm-1'"))
                .isEqualTo("ticks_p" + today.minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE));
        assertThat(one("SELECT count(*) FROM ticks WHERE event_id = 'm-2'")).isEqualTo("0");
        assertThat(one("SELECT ahead_days FROM retention_policy WHERE table_name = 'ticks'")).isEqualTo("5");

        // a raw day past retention that the archive does not hold is kept, and said so
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO raw_events (event_id, provider, ce_type, ce_source, payload, received_at) VALUES "
                    + "('m-raw', 'p', 'dev.marketfn.raw.v1', '/providers/p', '\\x00', '" + old + " 12:00Z')");
        }
        Run kept = CliTest.run(env, "maintain", "--retain", "ticks=0");
        assertThat(kept.code()).as(kept.err()).isEqualTo(Main.EXIT_OK);
        assertThat(kept.out()).containsPattern("raw_events +" + old + " kept +1");
        assertThat(kept.err()).contains("1 day partition is past retention but kept");
        assertThat(one("SELECT retain_days FROM retention_policy WHERE table_name = 'ticks'")).isEqualTo("0");
    }

    @Test
    void refusesAnUnknownTableAndAMissingDatabase() {
        Run unknown = CliTest.run(env, "maintain", "--retain", "nope=3");
        assertThat(unknown.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(unknown.err()).contains("no policy for table nope");
        Run none = CliTest.run(Map.of(), "maintain");
        assertThat(none.code()).isEqualTo(Main.EXIT_FAILED);
        assertThat(none.err()).contains("maintain needs --pg-url or PG_URL");
    }
}
