package dev.marketfn.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logistic regression over indicator values: {@code p = 1 / (1 + exp(-(b0 + Σ b_i·z_i)))} with
 * {@code z_i = (x_i − mean_i) / std_i} when the file gives {@code mean} and {@code std}, else {@code z_i = x_i}.
 *
 * <p>File: {@code {"format"?: "marketfn.logistic.v1", "name", "version", "description"?, "metadata"?: {...},
 * "features": [...], "intercept", "coefficients": [...], "mean"?: [...], "std"?: [...]}}. Any other key is an error (a
 * misspelt {@code "means"} must not silently turn standardization off). Read as a JSON tree, not bound by
 * reflection, so it works unchanged in a native image. The format is described in docs/rules.md.
 */
public final class LogisticScorer extends FeatureScorer {
    /** The only file format understood so far; {@code "format"} may be omitted and then means this one. */
    public static final String FORMAT = "marketfn.logistic.v1";
    private static final int MAX_BYTES = 1 << 20;
    private static final java.util.Set<String> KEYS = java.util.Set.of("format", "name", "version", "description",
            "metadata", "features", "intercept", "coefficients", "mean", "std");

    private final double intercept;
    private final double[] coefficients;
    private final double[] mean;
    private final double[] std;

    private LogisticScorer(AlphaCall.Model model, List<String> features, double intercept, double[] coefficients,
            double[] mean, double[] std) {
        super(model, features);
        this.intercept = intercept;
        this.coefficients = coefficients;
        this.mean = mean;
        this.std = std;
    }

    public static LogisticScorer load(Path path) {
        return ModelFiles.load(path, MAX_BYTES, LogisticScorer::parse);
    }

    public static LogisticScorer loadResource(String resource) {
        return ModelFiles.loadResource(LogisticScorer.class.getClassLoader(), resource, MAX_BYTES,
                LogisticScorer::parse);
    }

    public static LogisticScorer parse(byte[] json, String source) {
        JsonNode root;
        try {
            // Duplicate keys are an error, as in a rules file: {"coefficients": [...], "coefficients": [...]} is a typo.
            root = Json.MAPPER.reader().with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(source, "not JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new ModelLoadException(source, "cannot read: " + e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(source, "must be a JSON object");
        }
        for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new ModelLoadException(source, "unknown key '" + key + "' (expected one of "
                        + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        if (root.has("format") && !FORMAT.equals(root.get("format").asText(null))) {
            throw new ModelLoadException(source, "'format' must be \"" + FORMAT + "\", was " + root.get("format"));
        }
        String name = ModelFiles.name(text(root, "name", source), "name", source);
        String version = ModelFiles.version(text(root, "version", source), "version", source);
        JsonNode featureNodes = root.get("features");
        if (featureNodes == null || !featureNodes.isArray() || featureNodes.isEmpty()) {
            throw new ModelLoadException(source, "'features' must be a non-empty array of indicator names");
        }
        List<String> features = new ArrayList<>();
        for (JsonNode f : featureNodes) {
            if (!f.isTextual() || !Identifiers.isKnown(f.asText())) {
                throw new ModelLoadException(source, "unknown feature " + f + " (indicators of docs/contract/indicators.md or bar fields)");
            }
            features.add(f.asText());
        }
        double intercept = number(root.get("intercept"), "intercept", source);
        double[] coefficients = numbers(root, "coefficients", features.size(), source);
        boolean hasMean = root.has("mean");
        boolean hasStd = root.has("std");
        if (hasMean != hasStd) {
            throw new ModelLoadException(source, "'mean' and 'std' go together");
        }
        double[] mean = hasMean ? numbers(root, "mean", features.size(), source) : null;
        double[] std = hasStd ? numbers(root, "std", features.size(), source) : null;
        if (std != null) {
            for (int i = 0; i < std.length; i++) {
                if (!(std[i] > 0)) {
                    throw new ModelLoadException(source, "std[" + i + "] must be > 0");
                }
            }
        }
        return new LogisticScorer(new AlphaCall.Model(name, version), features, intercept, coefficients, mean, std);
    }

    private static String text(JsonNode root, String field, String source) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new ModelLoadException(source, "'" + field + "' must be a non-empty string");
        }
        return n.asText();
    }

    private static double number(JsonNode n, String field, String source) {
        if (n == null || !n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw new ModelLoadException(source, "'" + field + "' must be a finite number");
        }
        return n.doubleValue();
    }

    private static double[] numbers(JsonNode root, String field, int size, String source) {
        JsonNode arr = root.get(field);
        if (arr == null || !arr.isArray() || arr.size() != size) {
            throw new ModelLoadException(source, "'" + field + "' must be an array of " + size + " numbers (one per feature)");
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = number(arr.get(i), field + "[" + i + "]", source);
        }
        return out;
    }

    @Override
    protected double probability(double[] x) {
        double z = intercept;
        for (int i = 0; i < x.length; i++) {
            double v = std == null ? x[i] : (x[i] - mean[i]) / std[i];
            z += coefficients[i] * v;
        }
        // Clamped so p stays strictly inside (0, 1) in double precision: saturation is an answer, not a failure.
        double clamped = Math.max(-30, Math.min(30, z));
        return 1.0 / (1.0 + Math.exp(-clamped));
    }
}
