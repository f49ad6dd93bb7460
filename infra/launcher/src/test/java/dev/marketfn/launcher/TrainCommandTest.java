package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.launcher.CliTest.Run;
import dev.marketfn.rules.LogisticScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code marketfn train} over bars and indicator values stored in embedded PostgreSQL (the store's migrations). */
class TrainCommandTest {
    static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");
    static final int BARS = 300;
    static EmbeddedPostgresServer pg;
    static Map<String, String> env;
    static Instant stored;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgresServer.start();
        env = Map.of("PG_URL", pg.reactiveUrl(), "PG_USER", EmbeddedPostgresServer.USER, "PG_PASSWORD",
                EmbeddedPostgresServer.PASSWORD);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String file : Files.readAllLines(MaintainCommandTest.MIGRATIONS.resolve("index.txt"))) {
                if (!file.isBlank()) {
                    st.execute(Files.readString(MaintainCommandTest.MIGRATIONS.resolve(file.strip())));
                }
            }
        }
        store("TRA", 1);
        store("TRB", 2);
        stored = Instant.now();
    }

    /**
     * A 1m series whose next close goes up when the stored rsi_14 is above 50 (and down below), with ret_1 noise: a
     * model of rsi_14 can learn the label, one of ret_1 cannot.
     */
    static void store(String symbol, long seed) throws Exception {
        Random r = new Random(seed);
        double close = 100;
        try (Connection c = connect();
                PreparedStatement bar = c.prepareStatement("""
                        INSERT INTO bars_ohlcv (provider, symbol, "interval", ts, window_end, open, high, low, close,
                            volume, trade_count, emitted_at) VALUES ('polygon', ?, '1m', ?, ?, ?, ?, ?, ?, 100, 1, now())""");
                PreparedStatement ind = c.prepareStatement("""
                        INSERT INTO indicator_values (provider, symbol, "interval", ts, bar, "values")
                        VALUES ('polygon', ?, '1m', ?, ?::jsonb, ?::jsonb)""")) {
            for (int i = 0; i < BARS; i++) {
                Instant ts = T0.plusSeconds(60L * i);
                double rsi = 20 + 60 * r.nextDouble();
                bar.setString(1, symbol);
                bar.setTimestamp(2, Timestamp.from(ts));
                bar.setTimestamp(3, Timestamp.from(ts.plusSeconds(60)));
                for (int p = 4; p <= 7; p++) {
                    bar.setBigDecimal(p, java.math.BigDecimal.valueOf(close).setScale(4, java.math.RoundingMode.HALF_EVEN));
                }
                bar.executeUpdate();
                ind.setString(1, symbol);
                ind.setTimestamp(2, Timestamp.from(ts));
                ind.setString(3, "{\"open\": " + close + ", \"high\": " + close + ", \"low\": " + close + ", \"close\": "
                        + close + ", \"volume\": 100, \"trade_count\": 1}");
                // the first bars are warm-up: no rsi_14 yet
                ind.setString(4, i < 14 ? "{\"rsi_14\": null, \"ret_1\": 0.0}"
                        : "{\"rsi_14\": " + rsi + ", \"ret_1\": " + r.nextGaussian() * 0.01 + "}");
                ind.executeUpdate();
                close *= 1 + (rsi > 50 ? 0.002 : -0.002) + 0.0005 * r.nextGaussian();
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

    static Run train(Path out, String asOf) {
        return CliTest.run(env, "train", "--features", "rsi_14,ret_1", "--label", "forward-return:1", "--symbols",
                "TRA,TRB", "--interval", "1m", "--from", T0.toString(), "--until", T0.plusSeconds(60L * BARS).toString(),
                "--as-of", asOf, "--folds", "3", "--out", out.toString());
    }

    @Test
    void fitsTheStoredFeaturesIntoAModelAlphaCallLoads(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("models/rsi.json");
        Run run = train(model, stored.plusSeconds(3600).toString());
        assertThat(run.code()).as(run.err()).isEqualTo(Main.EXIT_OK);
        // rows: per symbol the bars after the 14 warm-up bars, less the last (no bar 1 ahead)
        int rows = 2 * (BARS - 14 - 1);
        assertThat(run.out()).contains("trained on " + rows + " rows (" + 2 * BARS + " bars, 3 folds)");

        LogisticScorer scorer = LogisticScorer.load(model);
        assertThat(scorer.features()).containsExactly("rsi_14", "ret_1");
        JsonNode file = Json.MAPPER.readTree(model.toFile());
        assertThat(file.get("coefficients").get(0).asDouble()).isGreaterThan(1.0);
        assertThat(Math.abs(file.get("coefficients").get(1).asDouble())).isLessThan(0.5);
        assertThat(file.get("metadata").get("rows").asInt()).isEqualTo(rows);

        JsonNode metrics = Json.MAPPER.readTree(dir.resolve("models/rsi.metrics.json").toFile());
        assertThat(metrics.get("folds")).hasSize(3);
        for (JsonNode f : metrics.get("folds")) {
            // both symbols' last rows before the test fold look one bar into it
            assertThat(f.get("purged_rows").asInt()).isBetween(1, 2);
            assertThat(f.get("model").get("auc").asDouble()).isGreaterThan(0.9);
        }
        assertThat(metrics.get("mean").get("model").get("log_loss").asDouble())
                .isLessThan(metrics.get("mean").get("baseline").get("log_loss").asDouble());

        Path again = dir.resolve("again.json");
        assertThat(train(again, stored.plusSeconds(3600).toString()).code()).isEqualTo(Main.EXIT_OK);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(model));

        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status, items_in, items_out, args->>'label' FROM job_runs"
                        + " WHERE kind = 'train' AND args->>'out' = '" + model + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("succeeded");
            assertThat(rs.getLong(2)).isEqualTo(2 * BARS);
            assertThat(rs.getLong(3)).isEqualTo(rows);
            assertThat(rs.getString(4)).isEqualTo("forward-return:1");
        }
    }

    @Test
    void aSnapshotBeforeTheDataWasStoredHasNothingToTrainOn(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("early.json");
        Run run = train(model, T0.minusSeconds(86_400).toString());
        assertThat(run.code()).isNotEqualTo(Main.EXIT_OK);
        assertThat(run.err()).contains("no rows to train on");
        assertThat(model).doesNotExist();
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT status, error FROM job_runs WHERE kind = 'train' AND args->>'out' = '"
                        + model + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("failed");
            assertThat(rs.getString(2)).contains("no rows to train on");
        }
    }

    @Test
    void refusesAnUnknownFeatureOrLabel(@TempDir Path dir) {
        Run feature = CliTest.run(env, "train", "--features", "rsi_99", "--label", "forward-return:1", "--symbols", "TRA",
                "--from", T0.toString(), "--until", T0.plusSeconds(600).toString(), "--out", dir.resolve("m.json").toString());
        assertThat(feature.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(feature.err()).contains("unknown feature 'rsi_99'");
        Run label = CliTest.run(env, "train", "--features", "rsi_14", "--label", "return:1", "--symbols", "TRA",
                "--from", T0.toString(), "--until", T0.plusSeconds(600).toString(), "--out", dir.resolve("m.json").toString());
        assertThat(label.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(label.err()).contains("--label must be forward-return:N");
    }
}
