package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.archive.JobRuns;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.rules.Identifiers;
import dev.marketfn.rules.LogisticScorer;
import dev.marketfn.training.Dataset;
import dev.marketfn.training.DatasetBuilder;
import dev.marketfn.training.LogisticTrainer;
import dev.marketfn.training.ModelFile;
import dev.marketfn.training.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code marketfn train}: fits a logistic regression of the stored features (indicator values and bar fields as
 * known at --as-of: {@code indicators_as_of}) on a forward-return label (the closes of {@code bars_as_of}), validates
 * it walk-forward with purging, and writes the {@code marketfn.logistic.v1} file alpha-call loads and a metrics JSON
 * next to it (docs/research.md, "Train"). Each run is a {@code job_runs} row of kind {@code train}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fit a logistic model of stored features on a forward-return label, validated walk-forward.")
final class TrainCommand extends Main.Base {
    private static final Pattern LABEL = Pattern.compile("forward-return:([1-9][0-9]{0,4})");

    @Option(names = "--features", required = true, split = ",", paramLabel = "NAME", description = "indicator names or bar fields, comma-separated (docs/contract/indicators.md)")
    List<String> features;
    @Option(names = "--label", required = true, paramLabel = "forward-return:N", description = "1 when the close N bars later is above the bar's close, else 0")
    String label;
    @Mixin
    SnapshotOptions window;
    @Option(names = "--folds", defaultValue = "5", description = "walk-forward folds (default: ${DEFAULT-VALUE})")
    int folds;
    @Option(names = "--l2", defaultValue = "1.0", description = "L2 penalty on the standardized coefficients (default: ${DEFAULT-VALUE})")
    double l2;
    @Option(names = "--iterations", defaultValue = "25", description = "Newton (IRLS) iterations, a fixed budget (default: ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--name", defaultValue = "trained_lr", description = "the model's name in signals (default: ${DEFAULT-VALUE})")
    String name;
    @Option(names = "--model-version", defaultValue = "1", description = "the model's version in signals (default: ${DEFAULT-VALUE})")
    String modelVersion;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the model file; the metrics go to FILE with .metrics.json for .json")
    Path outFile;
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        Instant snapshot = window.snapshot();
        Matcher m = LABEL.matcher(label);
        if (!m.matches()) {
            throw usage("--label must be forward-return:N (N bars, 1..99999), was " + label);
        }
        int horizon = Integer.parseInt(m.group(1));
        for (String f : features) {
            if (!Identifiers.isKnown(f)) {
                throw usage("unknown feature '" + f + "' (indicators of docs/contract/indicators.md or bar fields)");
            }
        }
        if (folds < 1 || iterations < 1 || !(l2 >= 0)) {
            throw usage("--folds and --iterations must be >= 1, --l2 >= 0");
        }
        db.url(env, "train");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("label", label);
        facts.put("symbols", String.join(",", window.symbols));
        facts.put("interval", window.interval);
        facts.put("from", window.from.toString());
        facts.put("until", window.until.toString());
        facts.put("as_of", snapshot.toString());
        facts.put("folds", Integer.toString(folds));
        facts.put("l2", Double.toString(l2));
        facts.put("iterations", Integer.toString(iterations));
        try (Connection c = db.connect(env, "train")) {
            ObjectNode args = Json.MAPPER.createObjectNode();
            args.putPOJO("features", features);
            facts.forEach(args::put);
            args.put("out", outFile.toString());
            return JobAudit.run(new JobRuns(c), "train", Json.MAPPER.writeValueAsString(args),
                    counts -> train(new StoredSeries(c, window, snapshot), horizon, facts, counts), new long[2]);
        }
    }

    /** Reads the series, fits and validates, writes the model and its metrics; counts: bars read, rows trained on. */
    private JobAudit.Outcome train(StoredSeries stored, int horizon, Map<String, String> facts, long[] counts)
            throws Exception {
        DatasetBuilder builder = new DatasetBuilder(features, horizon);
        for (String s : window.symbols) {
            counts[0] += addSeries(stored, s, builder);
        }
        Dataset data = builder.build();
        if (data.rows() == 0) {
            throw new LauncherException("no rows to train on: no stored bar in the window has every feature"
                    + " and a bar " + horizon + " ahead");
        }
        Training.Result result = Training.run(data, new LogisticTrainer(l2, iterations), folds);
        byte[] modelBytes = ModelFile.model(name, modelVersion, features, result, facts);
        // what alpha-call will refuse must fail here, not at the function's start
        LogisticScorer.parse(modelBytes, outFile.toString());
        Path metricsFile = metricsPath(outFile);
        if (outFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(outFile.toAbsolutePath().getParent());
        }
        Files.write(outFile, modelBytes);
        Files.write(metricsFile, ModelFile.metrics(result));
        out.printf("trained on %d rows (%d bars, %d folds): mean out-of-sample log-loss %.4f (base rate %.4f),"
                        + " AUC %.3f; model in %s, metrics in %s%n", data.rows(), counts[0], result.folds().size(),
                result.meanModel(dev.marketfn.training.Scores::logLoss),
                result.meanBaseline(dev.marketfn.training.Scores::logLoss),
                result.meanModel(dev.marketfn.training.Scores::auc), outFile, metricsFile);
        return new JobAudit.Outcome(Main.EXIT_OK, counts[0], data.rows());
    }

    static Path metricsPath(Path model) {
        String file = model.getFileName().toString();
        String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        return model.resolveSibling(stem + ".metrics.json");
    }

    /**
     * One symbol's series: the first provider's indicator records (as backtest reads them) for the features, that
     * provider's closes (split-adjusted, so a split is no return) for the label. Returns the bars read.
     */
    private int addSeries(StoredSeries stored, String symbol, DatasetBuilder builder) throws Exception {
        List<IndicatorComputed> records = stored.indicators(symbol);
        if (records.isEmpty()) {
            return 0;
        }
        Map<Instant, double[]> x = new HashMap<>();
        for (IndicatorComputed r : records) {
            x.put(r.ts(), Identifiers.values(r, features)); // null: a warm-up bar
        }
        StoredSeries.Closes closes = stored.closes(symbol, records.get(0).provider());
        int n = closes.times().size();
        long[] time = new long[n];
        double[] close = new double[n];
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            time[i] = closes.times().get(i).toEpochMilli();
            close[i] = closes.closes().get(i).doubleValue();
            rows[i] = x.get(closes.times().get(i));
        }
        builder.add(time, close, rows);
        return n;
    }
}
