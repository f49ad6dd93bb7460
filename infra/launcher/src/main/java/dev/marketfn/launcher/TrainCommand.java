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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
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
    @Option(names = "--symbols", required = true, split = ",", paramLabel = "SYM", description = "symbols, comma-separated")
    List<String> symbols;
    @Option(names = "--interval", defaultValue = "1m", description = "bar interval (default: ${DEFAULT-VALUE})")
    String interval;
    @Option(names = "--from", required = true, paramLabel = "TS", description = "first bar start (ISO-8601), inclusive")
    Instant from;
    @Option(names = "--until", required = true, paramLabel = "TS", description = "last bar start, exclusive; labels read no bar at or after it")
    Instant until;
    @Option(names = "--as-of", paramLabel = "TS", description = "the snapshot: what was known then (default: --until + 1 day)")
    Instant asOf;
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
    @Option(names = "--pg-url", paramLabel = "URL", description = "the database (default $PG_URL)")
    String pgUrl;
    @Option(names = "--pg-user", paramLabel = "USER", description = "default $PG_USER, else postgres")
    String pgUser;

    @Override
    public Integer call() throws Exception {
        if (!from.isBefore(until)) {
            throw usage("--from must be before --until");
        }
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
        String url = pgUrl != null ? pgUrl : Infra.blankToNull(env.get("PG_URL"));
        if (url == null) {
            throw new LauncherException("train needs --pg-url or PG_URL");
        }
        Instant snapshot = asOf != null ? asOf : until.plusSeconds(86_400);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("label", label);
        facts.put("symbols", String.join(",", symbols));
        facts.put("interval", interval);
        facts.put("from", from.toString());
        facts.put("until", until.toString());
        facts.put("as_of", snapshot.toString());
        facts.put("folds", Integer.toString(folds));
        facts.put("l2", Double.toString(l2));
        facts.put("iterations", Integer.toString(iterations));
        try (Connection c = Infra.connect(url, pgUser != null ? pgUser : env.getOrDefault("PG_USER", "postgres"),
                env.getOrDefault("PG_PASSWORD", "postgres"))) {
            JobRuns jobs = new JobRuns(c);
            ObjectNode args = Json.MAPPER.createObjectNode();
            args.putPOJO("features", features);
            facts.forEach(args::put);
            args.put("out", outFile.toString());
            UUID run = jobs.start("train", Json.MAPPER.writeValueAsString(args));
            long bars = 0;
            try {
                DatasetBuilder builder = new DatasetBuilder(features, horizon);
                for (String s : symbols) {
                    bars += addSeries(c, s, snapshot, builder);
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
                jobs.finish(run, true, bars, data.rows(), null);
                out.printf("trained on %d rows (%d bars, %d folds): mean out-of-sample log-loss %.4f (base rate %.4f),"
                                + " AUC %.3f; model in %s, metrics in %s%n", data.rows(), bars, result.folds().size(),
                        result.meanModel(dev.marketfn.training.Scores::logLoss),
                        result.meanBaseline(dev.marketfn.training.Scores::logLoss),
                        result.meanModel(dev.marketfn.training.Scores::auc), outFile, metricsFile);
                return Main.EXIT_OK;
            } catch (Exception e) {
                jobs.finish(run, false, bars, 0, e.getMessage());
                throw e;
            }
        }
    }

    static Path metricsPath(Path model) {
        String file = model.getFileName().toString();
        String stem = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
        return model.resolveSibling(stem + ".metrics.json");
    }

    /**
     * One symbol's series: the first provider's indicator records (as backtest reads them) for the features, that
     * provider's closes from {@code bars_as_of} (split-adjusted, so a split is no return) for the label. Returns the
     * bars read.
     */
    private int addSeries(Connection c, String symbol, Instant snapshot, DatasetBuilder builder) throws Exception {
        String provider = null;
        Map<Instant, double[]> x = new HashMap<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT provider, symbol, "interval", ts, bar::text, "values"::text FROM indicators_as_of(?, ?, ?)
                WHERE ts >= ? AND ts < ? ORDER BY provider, ts""")) {
            bind(st, symbol, snapshot);
            try (ResultSet rs = st.executeQuery()) {
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
                    IndicatorComputed record = Json.MAPPER.treeToValue(n, IndicatorComputed.class);
                    x.put(record.ts(), values(record));
                }
            }
        }
        if (provider == null) {
            return 0;
        }
        List<Instant> times = new ArrayList<>();
        List<Double> closes = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT ts, close FROM bars_as_of(?, ?, ?) WHERE ts >= ? AND ts < ? AND provider = ? AND close IS NOT NULL
                ORDER BY ts""")) {
            bind(st, symbol, snapshot);
            st.setString(6, provider);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getTimestamp(1).toInstant());
                    closes.add(rs.getBigDecimal(2).doubleValue());
                }
            }
        }
        int n = times.size();
        long[] time = new long[n];
        double[] close = new double[n];
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            time[i] = times.get(i).toEpochMilli();
            close[i] = closes.get(i);
            rows[i] = x.get(times.get(i));
        }
        builder.add(time, close, rows);
        return n;
    }

    private void bind(PreparedStatement st, String symbol, Instant snapshot) throws Exception {
        st.setString(1, symbol);
        st.setString(2, interval);
        st.setTimestamp(3, Timestamp.from(snapshot));
        st.setTimestamp(4, Timestamp.from(from));
        st.setTimestamp(5, Timestamp.from(until));
    }

    /** The features' values in the record, or null when one is missing (a warm-up bar). */
    private double[] values(IndicatorComputed record) {
        double[] v = new double[features.size()];
        for (int i = 0; i < v.length; i++) {
            Double d = Identifiers.value(record, features.get(i));
            if (d == null || !Double.isFinite(d)) {
                return null;
            }
            v[i] = d;
        }
        return v;
    }
}
