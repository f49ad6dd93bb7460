package dev.marketfn.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.Json;
import java.util.List;
import java.util.Map;

/**
 * Writes a training result as the {@code marketfn.logistic.v1} file alpha-call's LogisticScorer loads, and its
 * validation metrics as JSON. No clock and no host in either: the same inputs give byte-identical files.
 */
public final class ModelFile {
    private ModelFile() {
    }

    /** {@code metadata}: string facts about the training (label, symbols, window, snapshot), in the given order. */
    public static byte[] model(String name, String version, List<String> features, Training.Result result,
            Map<String, String> metadata) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "marketfn.logistic.v1");
        root.put("name", name);
        root.put("version", version);
        root.put("description", "Logistic regression fitted by marketfn train: p = probability that the label is 1"
                + " (the close " + metadata.getOrDefault("label", "ahead") + " is above this bar's close).");
        ObjectNode meta = root.putObject("metadata");
        meta.put("trained", true);
        metadata.forEach(meta::put);
        meta.put("rows", result.rows());
        meta.put("positive_rate", result.positiveRate());
        array(root.putArray("features"), features);
        LogisticFit fit = result.model();
        numbers(root.putArray("mean"), fit.mean());
        numbers(root.putArray("std"), fit.std());
        root.put("intercept", fit.intercept());
        numbers(root.putArray("coefficients"), fit.coefficients());
        return bytes(root);
    }

    public static byte[] metrics(Training.Result result) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("rows", result.rows());
        root.put("positive_rate", result.positiveRate());
        ArrayNode folds = root.putArray("folds");
        for (Training.FoldResult f : result.folds()) {
            ObjectNode n = folds.addObject();
            n.put("fold", f.fold().number());
            n.put("train_rows", f.fold().train().length);
            n.put("purged_rows", f.fold().purged());
            n.put("test_from_row", f.fold().testFrom());
            n.put("test_rows", f.fold().testTo() - f.fold().testFrom());
            scores(n.putObject("model"), f.model());
            scores(n.putObject("baseline"), f.baseline());
        }
        ObjectNode mean = root.putObject("mean");
        ObjectNode model = mean.putObject("model");
        number(model, "log_loss", result.meanModel(Scores::logLoss));
        number(model, "accuracy", result.meanModel(Scores::accuracy));
        number(model, "auc", result.meanModel(Scores::auc));
        ObjectNode baseline = mean.putObject("baseline");
        number(baseline, "log_loss", result.meanBaseline(Scores::logLoss));
        number(baseline, "accuracy", result.meanBaseline(Scores::accuracy));
        number(baseline, "auc", result.meanBaseline(Scores::auc));
        return bytes(root);
    }

    private static void scores(ObjectNode n, Scores s) {
        number(n, "log_loss", s.logLoss());
        number(n, "accuracy", s.accuracy());
        number(n, "auc", s.auc());
    }

    /** NaN (an AUC over one class) is written as null: JSON has no NaN. */
    private static void number(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.putNull(field);
        }
    }

    private static void numbers(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    private static void array(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
