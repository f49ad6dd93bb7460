package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.Json;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code marketfn backtest} replays the news features point in time, from the stored scores through alpha-call's
 * read ({@code news_scores}) and {@code BarNews}: 20 stored 1m bars of AAPL and stories around them, rules on
 * {@code news_sentiment_1h}. Each bar's action is what alpha-call computes live for it (docs/news.md: the features at
 * the bar's end, from stories published by then), derived here by hand from the stories' times and scores: a story
 * published after a bar closed does not reach that bar, one two hours old is outside the 1 h window, other symbols'
 * and other model versions' scores are not read.
 */
class BacktestNewsTest {
    static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z"); // a Monday, 10:00 in New York
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
            // 20 bars, T0 .. T0+19m: bar k ends at T0 + (k+1) min
            s.execute("""
                    INSERT INTO indicator_values (provider, symbol, "interval", ts, bar, "values")
                    SELECT 'alpaca', 'AAPL', '1m', timestamptz '%s' + make_interval(mins => g),
                        jsonb_build_object('open', 100 + g, 'high', 101 + g, 'low', 99 + g, 'close', 100.5 + g,
                            'volume', 1000, 'trade_count', 10), jsonb_build_object('sma_20', 100)
                    FROM generate_series(0, 19) g""".formatted(T0));
            story(c, "s1", "AAPL", "afinn165-fmn-negation", "1.0.0", T0.minusSeconds(7200), 0.9); // 2 h old: 1 d only
            story(c, "s2", "AAPL", "afinn165-fmn-negation", "1.0.0", T0.plusSeconds(270), 0.8); // after bar 3 closed
            story(c, "s3", "AAPL", "afinn165-fmn-negation", "1.0.0", T0.plusSeconds(720), -1.0); // at bar 11's end
            story(c, "s4", "AAPL", "afinn165-fmn-negation", "1.0.0", T0.plusSeconds(930), -1.0); // in bar 15
            story(c, "s5", "AAPL", "afinn165-fmn-negation", "1.0.0", T0.plusSeconds(1500), 1.0); // after the last bar
            story(c, "m1", "MSFT", "afinn165-fmn-negation", "1.0.0", T0.plusSeconds(60), -1.0); // another symbol
            story(c, "v0", "AAPL", "afinn165-fmn-negation", "0.9.0", T0.plusSeconds(60), -1.0); // another version
        }
    }

    static void story(Connection c, String id, String symbol, String model, String version, Instant published,
            double score) throws Exception {
        try (PreparedStatement n = c.prepareStatement("""
                INSERT INTO news (news_id, content_hash, provider, provider_news_id, headline, published_ts, symbols,
                    raw_event_id) VALUES (?, ?, 'alpaca', ?, ?, ?, ARRAY[?], 'raw-' || ?) ON CONFLICT DO NOTHING""");
                PreparedStatement s = c.prepareStatement("""
                        INSERT INTO news_sentiment (news_id, symbol, model, model_version, score, published_ts,
                            raw_event_id) VALUES (?, ?, ?, ?, ?, ?, 'raw-' || ?)""")) {
            n.setString(1, id);
            n.setString(2, "hash-" + id);
            n.setString(3, id);
            n.setString(4, "story " + id);
            n.setTimestamp(5, Timestamp.from(published));
            n.setString(6, symbol);
            n.setString(7, id);
            n.executeUpdate();
            s.setString(1, id);
            s.setString(2, symbol);
            s.setString(3, model);
            s.setString(4, version);
            s.setDouble(5, score);
            s.setTimestamp(6, Timestamp.from(published));
            s.setString(7, id);
            s.executeUpdate();
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    Map<String, Long> backtest(String rulesYaml, Path out) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules-" + out.getFileName() + ".yaml"), rulesYaml);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(text, true, StandardCharsets.UTF_8), System.err, Map.of("PG_URL", pg.jdbcUrl(),
                "PG_USER", EmbeddedPostgresServer.USER, "PG_PASSWORD", EmbeddedPostgresServer.PASSWORD), "backtest",
                "--rules", rules.toString(), "--symbols", "AAPL", "--interval", "1m", "--from", T0.toString(),
                "--until", T0.plusSeconds(1200).toString(), "--out", out.toString(),
                // the rows were stored now, after the period: the snapshot must be later than that
                "--as-of", Instant.now().plusSeconds(3600).toString());
        assertThat(code).as(text.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Long> actions = new TreeMap<>();
        Json.MAPPER.readTree(out.resolve("report.json").toFile()).path("actions").path("AAPL").fields()
                .forEachRemaining(e -> actions.put(e.getKey(), e.getValue().asLong()));
        return actions;
    }

    static final String RULES = """
            thresholds:
              buy: 0.3
              sell: -0.3
              min_confidence: 0.0
            rules:
              - name: news_positive
                condition: "news_sentiment_1h > 0.5"
                signal: 1.0
                score: 1.0
              - name: news_negative
                condition: "news_sentiment_1h < -0.5"
                signal: -1.0
                score: 1.0
            """;

    @Test
    void aRuleOnNewsSentimentSeesTheStoriesPublishedByEachBarsEnd() throws Exception {
        // weights 2^(-age / 15 min) in the 1 h window:
        //  bars 0-3 (end <= T0+4m): no story in 1 h (s1 is 2 h old) -> sentiment null, no rule fires: NO_ACTION
        //  bars 4-10: s2 alone -> 0.8 > 0.5: BUY
        //  bars 11-14: s2, s3 at ages a + 7.5 min and a: (0.707 * 0.8 - 1) / 1.707 = -0.225, both conditions known
        //    and false: NO_ACTION
        //  bars 15-19: s2, s3, s4 at ages a+11.5m, a+4m, a+0.5m at bar 15's end: -0.558 < -0.5 (the ratio of weights
        //    stays the same as the stories age together): SELL
        // s5 (after the last bar), MSFT's and version 0.9.0's scores never count.
        assertThat(backtest(RULES, dir.resolve("news"))).containsExactlyInAnyOrderEntriesOf(
                Map.of("NO_ACTION", 8L, "BUY", 7L, "SELL", 5L));
    }

    @Test
    void theDayWindowCountsTheTwoHourOldStoryTheHourWindowDoesNot() throws Exception {
        // news_count_1d counts s1 from the first bar: every bar BUYs on it; news_count_1h is 0 until s2
        assertThat(backtest(RULES.replace("news_sentiment_1h > 0.5", "news_count_1d > 0 and news_count_1h == 0")
                .replace("news_sentiment_1h < -0.5", "news_count_1h > 0"), dir.resolve("day")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("BUY", 4L, "SELL", 16L));
    }
}
