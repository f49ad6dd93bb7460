package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.backtest.Backtest;
import dev.marketfn.backtest.ReportWriter;
import dev.marketfn.backtest.SimulatorSettings;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.news.BarNews;
import dev.marketfn.news.NewsFeatures;
import dev.marketfn.news.Sentiment;
import dev.marketfn.rules.Identifiers;
import dev.marketfn.rules.LogisticScorer;
import dev.marketfn.rules.RuleSet;
import dev.marketfn.rules.RulesLoader;
import dev.marketfn.rules.Scorer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code marketfn backtest}: replays the stored indicator records (bar and values, as known at --as-of:
 * {@code indicators_as_of}) through the alpha-call rules engine and model into the order simulator, and writes
 * {@code report.json} and {@code report.html} (docs/research.md).
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay stored bars and indicators as of a snapshot through the rules (and model) into an order simulator.")
final class BacktestCommand extends Main.Base {
    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "rules file (docs/rules.md)")
    Path rules;
    @Option(names = "--model", paramLabel = "FILE", description = "model file (marketfn.logistic.v1)")
    Path model;
    @Option(names = "--model-weight", defaultValue = "0.5", description = "the model's weight (default: ${DEFAULT-VALUE})")
    double modelWeight;
    @Option(names = "--symbols", required = true, split = ",", paramLabel = "SYM", description = "symbols, comma-separated")
    List<String> symbols;
    @Option(names = "--interval", defaultValue = "1m", description = "bar interval (default: ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--from", required = true, paramLabel = "TS", description = "first bar start (ISO-8601), inclusive")
    Instant from;
    @Option(names = "--until", required = true, paramLabel = "TS", description = "last bar start, exclusive")
    Instant until;
    @Option(names = "--as-of", paramLabel = "TS", description = "the snapshot: what was known then (default: --until + 1 day, so late revisions of the period count)")
    Instant asOf;
    @Option(names = "--cash", defaultValue = "100000", description = "initial cash per symbol (default: ${DEFAULT-VALUE})")
    BigDecimal cash;
    @Option(names = "--commission", defaultValue = "0.005", description = "commission per share (default: ${DEFAULT-VALUE})")
    BigDecimal commission;
    @Option(names = "--slippage-bps", defaultValue = "1", description = "slippage in basis points of the fill price (default: ${DEFAULT-VALUE})")
    BigDecimal slippageBps;
    @Option(names = "--position-limit", defaultValue = "100", description = "shares a BUY goes long (default: ${DEFAULT-VALUE})")
    long positionLimit;
    @Option(names = "--allow-short", description = "SELL goes short the position limit instead of flat")
    boolean allowShort;
    @Option(names = "--periods-per-year", defaultValue = "98280", description = "bars per year for Sharpe/Sortino (default: ${DEFAULT-VALUE} = 252 × 390 minutes)")
    double periodsPerYear;
    @Option(names = "--out", defaultValue = "backtest", description = "directory for report.json and report.html (default: ${DEFAULT-VALUE})")
    Path outDir;
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        if (!from.isBefore(until)) {
            throw usage("--from must be before --until");
        }
        db.url(env, "backtest");
        Instant snapshot = asOf != null ? asOf : until.plusSeconds(86_400);
        byte[] rulesBytes = Files.readAllBytes(rules);
        RuleSet ruleSet = RulesLoader.parse(new String(rulesBytes, StandardCharsets.UTF_8), rules.toString());
        byte[] modelBytes = model == null ? null : Files.readAllBytes(model);
        Scorer scorer = model == null ? null : LogisticScorer.parse(modelBytes, model.toString());
        Map<String, List<IndicatorComputed>> series = new LinkedHashMap<>();
        // as alpha-call: the news is read only when the rules or the model read a news feature
        boolean readsNews = ruleSet.reads(Identifiers.NEWS)
                || scorer != null && scorer.features().stream().anyMatch(Identifiers.NEWS::contains);
        try (Connection c = db.connect(env, "backtest")) {
            for (String s : symbols) {
                List<IndicatorComputed> bars = read(c, s, snapshot);
                series.put(s, readsNews && !bars.isEmpty() ? withNews(c, s, bars) : bars);
            }
        }
        Backtest.Report report = Backtest.run(ruleSet, scorer, modelWeight,
                new SimulatorSettings(cash, commission, slippageBps, positionLimit, allowShort),
                new Backtest.Inputs(rulesBytes, modelBytes, snapshot, periodsPerYear), series);
        Files.createDirectories(outDir);
        Files.write(outDir.resolve("report.json"), ReportWriter.json(report));
        Files.writeString(outDir.resolve("report.html"), ReportWriter.html(report));
        out.println("snapshot " + report.snapshotId() + ": " + report.bars() + " bars, PnL " + report.strategy().pnl()
                .toPlainString() + " (buy and hold " + report.buyAndHold().pnl().toPlainString() + "), report in "
                + outDir.resolve("report.json"));
        return Main.EXIT_OK;
    }

    /**
     * The bars with the news features alpha-call adds before its rules evaluate (docs/news.md, "News features in
     * rules"): the scores of stories published from a day before the first bar's end to the last bar's end, read with
     * alpha-call's own query ({@code news_scores}, the store's), then {@link BarNews} per bar at its end — a bar sees
     * only the stories published by the time it closed, as live.
     */
    static List<IndicatorComputed> withNews(Connection c, String symbol, List<IndicatorComputed> bars) throws Exception {
        BarNews.Span span = BarNews.span(bars);
        List<NewsFeatures.Scored> scores = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT symbol, published_ts, score FROM news_scores(?, ?, ?, ?, ?)")) {
            st.setArray(1, c.createArrayOf("text", new String[] {symbol}));
            st.setString(2, Sentiment.MODEL);
            st.setString(3, Sentiment.VERSION);
            st.setTimestamp(4, Timestamp.from(span.from()));
            st.setTimestamp(5, Timestamp.from(span.to()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    scores.add(new NewsFeatures.Scored(rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
                }
            }
        }
        BarNews news = new BarNews(Map.of(symbol, scores));
        return bars.stream().map(news::withFeatures).toList();
    }

    /** The records alpha-call was given for the symbol's bars, as known at the snapshot; one provider per series. */
    List<IndicatorComputed> read(Connection c, String symbol, Instant snapshot) throws Exception {
        List<IndicatorComputed> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT provider, symbol, "interval", ts, bar::text, "values"::text FROM indicators_as_of(?, ?, ?)
                WHERE ts >= ? AND ts < ? ORDER BY provider, ts""")) {
            st.setString(1, symbol);
            st.setString(2, interval);
            st.setTimestamp(3, Timestamp.from(snapshot));
            st.setTimestamp(4, Timestamp.from(from));
            st.setTimestamp(5, Timestamp.from(until));
            try (ResultSet rs = st.executeQuery()) {
                String provider = null;
                while (rs.next()) {
                    if (provider == null) {
                        provider = rs.getString(1);
                    } else if (!provider.equals(rs.getString(1))) {
                        break;
                    }
                    ObjectNode n = Json.MAPPER.createObjectNode();
                    n.put("provider", rs.getString(1));
                    n.put("symbol", rs.getString(2));
                    n.put("interval", rs.getString(3));
                    n.put("ts", rs.getTimestamp(4).toInstant().toString());
                    n.set("bar", Json.MAPPER.readTree(rs.getString(5)));
                    n.set("indicators", Json.MAPPER.readTree(rs.getString(6)));
                    out.add(Json.MAPPER.treeToValue(n, IndicatorComputed.class));
                }
            }
        }
        return out;
    }
}
