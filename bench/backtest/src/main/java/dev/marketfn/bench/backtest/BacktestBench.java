package dev.marketfn.bench.backtest;

import dev.marketfn.backtest.Backtest;
import dev.marketfn.backtest.SimulatorSettings;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.indicators.BarInput;
import dev.marketfn.indicators.IndicatorEngine;
import dev.marketfn.rules.LogisticScorer;
import dev.marketfn.rules.RuleSet;
import dev.marketfn.rules.RulesLoader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two figures for docs/performance.md, "Backtest": {@code Backtest.run} in bars/s over random-walk 1m bars with the
 * real {@link IndicatorEngine}'s records, the alpha-call rules and the shipped logistic model; and the read path,
 * {@code indicators_as_of} rows/s from embedded PostgreSQL through JDBC. A year of 1m bars for 100 symbols is ~9.8 M
 * records (a few GB as objects), so the backtest runs one symbol at a time: generation is outside the timed part,
 * each symbol's run is timed and the times are summed.
 *
 * <p>Arguments: {@code symbols bars-per-symbol read-rows model-file} (defaults 100, 98280, 98280,
 * functions/alpha-call/src/main/resources/models/logit-v1.json).
 */
public final class BacktestBench {
    static final Instant T0 = Instant.parse("2025-01-02T14:30:00Z");
    static final String RULES = """
            - name: oversold
              condition: "rsi_14 < 30 and close < bb_lower_20_2"
              signal: BUY
              score: 1
            - name: overbought
              condition: "rsi_14 > 70 and close > bb_upper_20_2"
              signal: SELL
              score: 1
            - name: momentum
              condition: "macd_hist_12_26_9 > 0 and mom_10 > 0"
              signal: BUY
              score: 0.5
            """;

    public static void main(String[] args) throws Exception {
        int symbols = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int bars = args.length > 1 ? Integer.parseInt(args[1]) : 252 * 390;
        int readRows = args.length > 2 ? Integer.parseInt(args[2]) : 252 * 390;
        Path modelFile = Path.of(args.length > 3 ? args[3] : "functions/alpha-call/src/main/resources/models/logit-v1.json");
        byte[] rulesBytes = RULES.getBytes(StandardCharsets.UTF_8);
        RuleSet rules = RulesLoader.parse(RULES, "bench-rules.yaml");
        byte[] modelBytes = Files.readAllBytes(modelFile);
        LogisticScorer model = LogisticScorer.parse(modelBytes, modelFile.toString());
        SimulatorSettings settings = new SimulatorSettings(new BigDecimal("100000"), new BigDecimal("0.005"),
                BigDecimal.ONE, 100, false);
        Backtest.Inputs inputs = new Backtest.Inputs(rulesBytes, modelBytes, T0.plusSeconds(86_400L * 400), 252 * 390);

        // warm-up: the JIT compiles the engine and simulator before the timed symbols
        for (int w = 0; w < 3; w++) {
            Backtest.run(rules, model, 0.5, settings, inputs, Map.of("WARM" + w, series("WARM" + w, bars / 4, w)));
        }
        long nanos = 0;
        long fills = 0;
        for (int s = 0; s < symbols; s++) {
            String symbol = "S%03d".formatted(s);
            List<IndicatorComputed> records = series(symbol, bars, 1000 + s);
            long start = System.nanoTime();
            Backtest.Report report = Backtest.run(rules, model, 0.5, settings, inputs, Map.of(symbol, records));
            nanos += System.nanoTime() - start;
            fills += report.fills().size();
        }
        long total = (long) symbols * bars;
        System.out.printf("backtest: %d symbols x %d 1m bars = %d bars in %.2f s: %.0f bars/s (%d fills; rules + logit-v1"
                + " model, one symbol per Backtest.run)%n", symbols, bars, total, nanos / 1e9, total / (nanos / 1e9), fills);

        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)) {
            migrate(c, Path.of("functions/store/src/main/resources/db/migrations"));
            long loadStart = System.nanoTime();
            try (Statement st = c.createStatement()) {
                // server-side generation: 25 indicator values per row as the indicator function stores them
                StringBuilder values = new StringBuilder("jsonb_build_object(");
                for (int i = 0; i < IndicatorEngine.NAMES.size(); i++) {
                    values.append(i == 0 ? "" : ", ").append("'").append(IndicatorEngine.NAMES.get(i))
                            .append("', random() * 100");
                }
                values.append(")");
                st.execute("""
                        INSERT INTO indicator_values (provider, symbol, "interval", ts, bar, "values")
                        SELECT 'polygon', 'READ', '1m', timestamptz '%s' + make_interval(mins => g),
                            jsonb_build_object('open', 100, 'high', 101, 'low', 99, 'close', 100.5, 'volume', 1000,
                                'trade_count', 10), %s
                        FROM generate_series(0, %d) g""".formatted(T0, values, readRows - 1));
                st.execute("ANALYZE indicator_revisions");
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long best = Long.MAX_VALUE;
            long rows = 0;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                rows = 0;
                try (Statement st = c.createStatement()) {
                    st.setFetchSize(10_000);
                    c.setAutoCommit(false);
                    try (ResultSet rs = st.executeQuery("""
                            SELECT provider, symbol, "interval", ts, bar::text, "values"::text
                            FROM indicators_as_of('READ', '1m', now() + interval '1 hour') ORDER BY provider, ts""")) {
                        while (rs.next()) {
                            rs.getString(1);
                            rs.getTimestamp(4);
                            rs.getString(5);
                            rs.getString(6);
                            rows++;
                        }
                    }
                    c.commit();
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf("read: indicators_as_of over %d stored rows of one symbol (loaded in %.1f s), best of 3:"
                    + " %.2f s, %.0f rows/s (JDBC, fetch size 10000, bar and values as text)%n", rows, loadSeconds,
                    best / 1e9, rows / (best / 1e9));
        }
    }

    /** A random walk of 1m bars through the real indicator engine, as the indicator function would publish them. */
    static List<IndicatorComputed> series(String symbol, int n, long seed) {
        Random r = new Random(seed);
        IndicatorEngine engine = new IndicatorEngine();
        List<IndicatorComputed> out = new ArrayList<>(n);
        double close = 100;
        for (int i = 0; i < n; i++) {
            double open = close;
            close = Math.max(1, close * (1 + 0.001 * r.nextGaussian()));
            double high = Math.max(open, close) * (1 + 0.0005 * r.nextDouble());
            double low = Math.min(open, close) * (1 - 0.0005 * r.nextDouble());
            double volume = 100 + r.nextInt(10_000);
            Map<String, Double> values = engine.update(new BarInput(open, high, low, close, volume));
            BigDecimal c = price(close);
            out.add(new IndicatorComputed("polygon", symbol, "1m", T0.plusSeconds(60L * i),
                    new BarValues(price(open), price(high), price(low), c, BigDecimal.valueOf(volume), c, 10), values));
        }
        return out;
    }

    static BigDecimal price(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN);
    }

    static void migrate(Connection c, Path migrations) throws Exception {
        try (Statement st = c.createStatement()) {
            for (String file : Files.readAllLines(migrations.resolve("index.txt"))) {
                if (!file.isBlank()) {
                    st.execute(Files.readString(migrations.resolve(file.strip())));
                }
            }
        }
    }
}
