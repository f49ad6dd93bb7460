package dev.marketfn.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Logistic regression over indicator values: {@code p = 1 / (1 + exp(-(b0 + Σ b_i·z_i)))} with
 * {@code z_i = (x_i − mean_i) / std_i} when the file gives {@code mean} and {@code std}, else {@code z_i = x_i}.
 *
 * <p>File: {@code {"name", "version", "features": [...], "intercept", "coefficients": [...], "mean"?: [...],
 * "std"?: [...]}}. Read as a JSON tree, not bound by reflection, so it works unchanged in a native image.
 */
public final class LogisticScorer implements Scorer {
    public static final String DEFAULT_RESOURCE = "dev/marketfn/rules/default-model.json";
    private static final int MAX_BYTES = 1 << 20;

    private final AlphaCall.Model model;
    private final List<String> features;
    private final double intercept;
    private final double[] coefficients;
    private final double[] mean;
    private final double[] std;

    private LogisticScorer(AlphaCall.Model model, List<String> features, double intercept, double[] coefficients,
            double[] mean, double[] std) {
        this.model = model;
        this.features = List.copyOf(features);
        this.intercept = intercept;
        this.coefficients = coefficients;
        this.mean = mean;
        this.std = std;
    }

    public static LogisticScorer load(Path path) {
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new ModelLoadException(path.toString(), "larger than " + MAX_BYTES + " bytes");
            }
            return parse(Files.readAllBytes(path), path.toString());
        } catch (IOException e) {
            throw new ModelLoadException(path.toString(), "cannot read: " + e);
        }
    }

    public static LogisticScorer loadResource(String resource) {
        try (InputStream in = LogisticScorer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException("classpath:" + resource, "resource not found");
            }
            return parse(in.readNBytes(MAX_BYTES), "classpath:" + resource);
        } catch (IOException e) {
            throw new ModelLoadException("classpath:" + resource, "cannot read: " + e);
        }
    }

    public static LogisticScorer parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(source, "not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new ModelLoadException(source, "cannot read: " + e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(source, "must be a JSON object");
        }
        String name = text(root, "name", source);
        String version = text(root, "version", source);
        JsonNode featureNodes = root.get("features");
        if (featureNodes == null || !featureNodes.isArray() || featureNodes.isEmpty()) {
            throw new ModelLoadException(source, "'features' must be a non-empty array of indicator names");
        }
        List<String> features = new ArrayList<>();
        for (JsonNode f : featureNodes) {
            if (!f.isTextual() || !Identifiers.isKnown(f.asText())) {
                throw new ModelLoadException(source, "unknown feature " + f + " (indicators of INDICATORS.md or bar fields)");
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
    public AlphaCall.Model model() {
        return model;
    }

    @Override
    public List<String> features() {
        return features;
    }

    @Override
    public OptionalDouble probability(IndicatorComputed record) {
        double z = intercept;
        for (int i = 0; i < features.size(); i++) {
            Double x = Identifiers.value(record, features.get(i));
            if (x == null) {
                return OptionalDouble.empty();
            }
            double v = std == null ? x : (x - mean[i]) / std[i];
            z += coefficients[i] * v;
        }
        // Clamped so p stays strictly inside (0, 1) in double precision: saturation is an answer, not a failure.
        double clamped = Math.max(-30, Math.min(30, z));
        return OptionalDouble.of(1.0 / (1.0 + Math.exp(-clamped)));
    }
}
