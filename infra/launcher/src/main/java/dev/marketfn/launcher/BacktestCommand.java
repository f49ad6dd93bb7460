package dev.marketfn.launcher;

import dev.marketfn.backtest.Backtest;
import dev.marketfn.backtest.ReportWriter;
import dev.marketfn.backtest.SimulatorSettings;
import dev.marketfn.contracts.IndicatorComputed;
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
import java.time.Instant;
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
    @Mixin
    SnapshotOptions window;
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
        Instant snapshot = window.snapshot();
        db.url(env, "backtest");
        byte[] rulesBytes = Files.readAllBytes(rules);
        RuleSet ruleSet = RulesLoader.parse(new String(rulesBytes, StandardCharsets.UTF_8), rules.toString());
        byte[] modelBytes = model == null ? null : Files.readAllBytes(model);
        Scorer scorer = model == null ? null : LogisticScorer.parse(modelBytes, model.toString());
        Map<String, List<IndicatorComputed>> series = new LinkedHashMap<>();
        // as alpha-call: the news is read only when the rules or the model read a news feature
        boolean readsNews = ruleSet.reads(Identifiers.NEWS)
                || scorer != null && scorer.features().stream().anyMatch(Identifiers.NEWS::contains);
        try (Connection c = db.connect(env, "backtest")) {
            StoredSeries stored = new StoredSeries(c, window, snapshot);
            for (String s : window.symbols) {
                List<IndicatorComputed> bars = stored.indicators(s);
                series.put(s, readsNews && !bars.isEmpty() ? stored.withNews(s, bars) : bars);
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
}
