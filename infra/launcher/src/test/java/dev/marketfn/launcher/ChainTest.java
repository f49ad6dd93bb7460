package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain over Kafka: the demo path with a third of the sample, against the real function jars built earlier in the
 * reactor (functions/&lt;f&gt;/target/quarkus-app/quarkus-run.jar), embedded Kafka and PostgreSQL.
 */
class ChainTest {
    static Path functionsDir() {
        return Path.of(System.getProperty("marketfn.functions.dir", "../../functions"));
    }

    @Test
    void sampleFlowsThroughAllFiveFunctions(@TempDir Path state) throws Exception {
        Functions.jars(functionsDir()); // fails naming the missing jars
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(log, System.out), true, StandardCharsets.UTF_8);
        Demo.Options o = new Demo.Options(functionsDir(), state, 0.34, 4, 100, 120,
                List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m"), Map.of(), ChainTest::inspect);
        Demo.Result r = new Demo(o, out).run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("[5/5] summary", "psql postgresql://postgres:postgres@localhost:");
        assertThat(r.counts().get("signals")).isPositive();
    }

    static void inspect(Infra infra, Functions fns, Demo.Result r) throws Exception {
        List<CloudEvent> raw = r.sent().stream().filter(e -> e.type().equals(CloudEvent.RAW)).toList();
        long expectedRecords = 0;
        for (CloudEvent e : raw) {
            expectedRecords += Providers.standard().normalize(new RawMessage(e.extensions().get("provider"), e.id(),
                    Json.tree(e.data()), e.subject(), Instant.now())).size();
        }
        try (Connection c = infra.connect(); Statement st = c.createStatement()) {
            // every raw event stored once, every normalized record once, none rejected, all checked
            assertThat(count(st, "SELECT count(*) FROM raw_events")).isEqualTo(raw.size());
            assertThat(count(st, "SELECT count(DISTINCT raw_event_id) FROM ticks")).isEqualTo(raw.size());
            assertThat(count(st, "SELECT count(*) FROM ticks")).isEqualTo(expectedRecords);
            assertThat(count(st, "SELECT count(*) FROM rejected_events")).isZero();
            assertThat(count(st, "SELECT count(*) FROM ticks WHERE quality IS NULL")).isZero();
            assertThat(count(st, "SELECT count(*) FROM corporate_actions")).isEqualTo(1);
            // bars from ticks and given bars, indicators, signals
            assertThat(count(st, "SELECT count(*) FROM bars_ohlcv WHERE origin = 'ticks'")).isPositive();
            assertThat(count(st, "SELECT count(*) FROM indicator_values")).isPositive();
            assertThat(count(st, "SELECT count(*) FROM signals")).isPositive();
            assertThat(count(st, "SELECT count(*) FROM signals WHERE action NOT IN ('BUY','SELL','HOLD','NO_ACTION')")).isZero();
            // the demo's final idle flush closed every window (the sample is hours old): none is left unemitted
            assertThat(count(st, "SELECT count(*) FROM bars_ohlcv WHERE emitted_at IS NULL")).isZero();
            // no trade counted twice in a bar, and every bar trade is a stored trade
            assertThat(count(st, "SELECT count(*) FROM bar_trades b LEFT JOIN ticks t ON t.event_id = b.event_id WHERE t.event_id IS NULL")).isZero();
            assertThat(count(st, "SELECT count(*) FROM bars_ohlcv b WHERE origin = 'ticks' AND trade_count <> "
                    + "(SELECT count(*) FROM bar_trades x WHERE x.provider = b.provider AND x.symbol = b.symbol "
                    + "AND x.\"interval\" = b.\"interval\" AND x.bar_ts = b.ts)")).isZero();
            // the summary the demo printed is what the database holds
            assertThat(r.counts().get("ticks")).isEqualTo(expectedRecords);
            assertThat(r.signalsByAction().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.counts().get("signals"));
        }
        demoRunIsAJob(infra, r);
        lineageReachesTheProvidersBytes(infra);
        backtestGivesTheLiveSignals(infra);
        // `marketfn post` against the running normalize function: one alpaca trade in, one normalized tick out.
        Path data = Files.createTempFile("alpaca", ".json");
        Files.writeString(data, "[{\"T\":\"t\",\"S\":\"AAPL\",\"i\":1,\"x\":\"V\",\"p\":190.5,\"s\":100,\"t\":\""
                + Instant.now().minusSeconds(1) + "\",\"c\":[\"@\"],\"z\":\"C\"}]");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true), System.err, Map.of(), "post", "--url",
                "http://localhost:" + fns.children().get("normalize").port() + "/", "--type", CloudEvent.RAW,
                "--source", "/providers/alpaca", "--subject", "AAPL", "--data", data.toString());
        String reply = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(reply).isZero();
        assertThat(reply).contains("HTTP 200").containsIgnoringCase("ce-type: dev.marketfn.tick.normalized.v1")
                .contains("\"price\":190.5");
        Files.deleteIfExists(data);
    }

    /** A signal built from trades, traced by `marketfn lineage` down to raw events that hold its trades. */
    static void lineageReachesTheProvidersBytes(Infra infra) throws Exception {
        String signalId;
        try (Connection c = infra.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT s.signal_id FROM signals s JOIN bars_ohlcv b USING (provider, symbol, \"interval\", ts) "
                        + "WHERE b.origin = 'ticks' ORDER BY b.trade_count DESC, s.signal_id LIMIT 1")) {
            assertThat(rs.next()).as("a signal on a bar built from trades").isTrue();
            signalId = rs.getString(1);
            Lineage.Chain chain = Lineage.of(c, signalId).orElseThrow();
            assertThat(chain.indicators()).isPresent();
            assertThat(chain.ticks()).hasSize((int) chain.bar().orElseThrow().tradeCount());
            assertThat(chain.missingRaw()).isEmpty();
            // every trade's raw message is printed, and it names the trade's symbol
            assertThat(chain.raw()).isNotEmpty().allSatisfy(r -> assertThat(new String(r.payload(),
                    StandardCharsets.UTF_8)).contains(chain.signal().symbol()));
            assertThat(chain.raw().stream().map(Lineage.Raw::eventId).toList())
                    .containsExactlyInAnyOrderElementsOf(chain.ticks().stream().map(Lineage.Tick::rawEventId).distinct().toList());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true), System.err, Map.of("PG_URL", infra.pgUrl), "lineage", signalId);
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("signal " + signalId, "indicator values", "built from trades", "raw events (");
        assertThat(Main.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                Map.of("PG_URL", infra.pgUrl), "lineage", "no-such-signal")).isEqualTo(Main.EXIT_FAILED);
    }

    /**
     * `marketfn backtest` with the rules alpha-call ran (its default file, no model) over the stored 1m history of the
     * busiest series: the same actions as the signals the live pipeline stored for those bars.
     */
    static void backtestGivesTheLiveSignals(Infra infra) throws Exception {
        String provider;
        String symbol;
        Instant from;
        Instant until;
        Map<String, Long> live = new java.util.TreeMap<>();
        try (Connection c = infra.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT provider, symbol, min(ts), max(ts) FROM signals "
                    + "WHERE \"interval\" = '1m' GROUP BY provider, symbol ORDER BY count(*) DESC, provider, symbol LIMIT 1")) {
                assertThat(rs.next()).as("a series with 1m signals").isTrue();
                provider = rs.getString(1);
                symbol = rs.getString(2);
                from = rs.getTimestamp(3).toInstant();
                until = rs.getTimestamp(4).toInstant().plusSeconds(60);
            }
            // the backtest reads the first provider of the symbol: only that one's signals are comparable
            try (ResultSet rs = st.executeQuery("SELECT min(provider) FROM indicator_values WHERE \"interval\" = '1m' "
                    + "AND symbol = '" + symbol + "'")) {
                rs.next();
                provider = rs.getString(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT action, count(*) FROM signals WHERE \"interval\" = '1m' "
                    + "AND provider = '" + provider + "' AND symbol = '" + symbol + "' GROUP BY action")) {
                while (rs.next()) {
                    live.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        Path rules = Files.createTempFile("rules", ".yaml");
        try (var in = dev.marketfn.rules.RulesLoader.class.getResourceAsStream("/dev/marketfn/rules/default-rules.yaml")) {
            Files.write(rules, in.readAllBytes());
        }
        Path dir = Files.createTempDirectory("backtest");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true), System.err, Map.of("PG_URL", infra.pgUrl), "backtest",
                "--rules", rules.toString(), "--symbols", symbol, "--interval", "1m", "--from", from.toString(),
                "--until", until.toString(), "--out", dir.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(code).as(text).isZero();
        var report = Json.MAPPER.readTree(dir.resolve("report.json").toFile());
        Map<String, Long> replayed = new java.util.TreeMap<>();
        report.path("actions").path(symbol).fields().forEachRemaining(e -> replayed.put(e.getKey(), e.getValue().asLong()));
        assertThat(replayed).as("%s %s 1m: backtest actions vs stored signals", provider, symbol).isEqualTo(live);
        // the same inputs give the same report, byte for byte
        Path again = Files.createTempDirectory("backtest");
        assertThat(Main.run(new PrintStream(new ByteArrayOutputStream()), System.err, Map.of("PG_URL", infra.pgUrl),
                "backtest", "--rules", rules.toString(), "--symbols", symbol, "--interval", "1m", "--from",
                from.toString(), "--until", until.toString(), "--out", again.toString())).isZero();
        assertThat(Files.readAllBytes(again.resolve("report.json"))).isEqualTo(Files.readAllBytes(dir.resolve("report.json")));
    }

    static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The demo's job_runs row: succeeded, the events it sent in, the raw events stored out; `marketfn jobs` lists it. */
    static void demoRunIsAJob(Infra infra, Demo.Result r) throws Exception {
        CliTest.Run jobs = CliTest.run(java.util.Map.of("PG_URL", infra.pgUrl, "PG_USER", infra.pgUser, "PG_PASSWORD",
                infra.pgPassword), "jobs", "--kind", "demo", "--json");
        assertThat(jobs.code()).as(jobs.err()).isZero();
        var rows = CloudEvent.JSON.readTree(jobs.out());
        assertThat(rows.size()).isEqualTo(1);
        assertThat(rows.get(0).get("status").asText()).isEqualTo("succeeded");
        assertThat(rows.get(0).get("items_in").asLong()).isEqualTo(r.eventsSent());
        assertThat(rows.get(0).get("items_out").asLong()).isEqualTo(r.counts().get("raw_events"));
        assertThat(rows.get(0).get("args").get("fraction").asDouble()).isEqualTo(0.34);
    }

    /** Copies the demo's output to the build log too. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
