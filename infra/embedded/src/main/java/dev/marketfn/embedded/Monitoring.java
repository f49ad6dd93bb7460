package dev.marketfn.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What terraform's monitoring module deploys (terraform/modules/monitoring), read from the module's own files so that
 * a local Prometheus ({@link LocalPrometheus}) and the tests use the same alert and recording rules and dashboard
 * queries as the cluster: the PrometheusRule templates rendered with the module's default variables, as Prometheus
 * rule files; every panel query of the Grafana dashboards; every rule expression; and the series selectors an
 * expression reads.
 */
public final class Monitoring {
    /** Where the module is, relative to the repository root. */
    public static final String MODULE = "terraform/modules/monitoring";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private final Path dir;

    private Monitoring(Path dir) {
        this.dir = dir;
    }

    /** The module at {@code dir}; fails when it holds no dashboards and manifests. */
    public static Monitoring at(Path dir) {
        if (!Files.isDirectory(dir.resolve("dashboards")) || !Files.isDirectory(dir.resolve("manifests"))) {
            throw new IllegalArgumentException("no monitoring module (dashboards/ and manifests/) at " + dir
                    + ": run from the repository root or name it (" + MODULE + ")");
        }
        return new Monitoring(dir);
    }

    /** The module of the repository that holds {@code start} (or a directory above it). */
    public static Monitoring above(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(MODULE))) {
                return at(p.resolve(MODULE));
            }
        }
        throw new IllegalArgumentException("no " + MODULE + " at or above " + start.toAbsolutePath());
    }

    public Path dir() {
        return dir;
    }

    private static final Pattern VARIABLE = Pattern.compile("variable\\s+\"(\\w+)\"\\s*\\{(.*?)\\n}", Pattern.DOTALL);
    private static final Pattern DEFAULT = Pattern.compile("\\n\\s*default\\s*=\\s*\"?([^\"\\n]*)\"?");

    /** The module's variables with a default (variables.tf), as terraform has them when nothing overrides them. */
    public Map<String, String> variableDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher v = VARIABLE.matcher(read(dir.resolve("variables.tf")));
        while (v.find()) {
            Matcher d = DEFAULT.matcher(v.group(2));
            if (d.find()) {
                defaults.put(v.group(1), d.group(1).trim());
            }
        }
        return defaults;
    }

    /** The values main.tf's templatefile() calls give the PrometheusRule templates, from the variables' defaults. */
    public Map<String, String> ruleTemplateValues() {
        Map<String, String> d = variableDefaults();
        return Map.of("namespace", d.get("marketfn_namespace"),
                "stale_after", 2 * Integer.parseInt(d.get("expected_ingest_interval_minutes")) + "m",
                "backlog_records", d.get("backlog_records"), "backlog_for", d.get("backlog_for"));
    }

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)}");

    /** A template with its {@code ${name}} interpolations filled; any other template syntax is refused. */
    static String render(String template, Map<String, String> values) {
        if (template.contains("%{") || template.contains("$${")) {
            throw new IllegalArgumentException("template directives are not supported here");
        }
        Matcher m = INTERPOLATION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template variable ${" + m.group(1) + "} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** Rule file name → the PrometheusRule's spec ({@code groups}), a Prometheus rule file, rendered. */
    public Map<String, String> ruleFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (var rule : prometheusRules().entrySet()) {
            try {
                files.put(rule.getKey(), YAML.writeValueAsString(rule.getValue().path("spec")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private Map<String, JsonNode> prometheusRules() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        for (Path f : list("manifests", ".yaml.tftpl")) {
            String name = f.getFileName().toString();
            if (name.startsWith("prometheusrule")) {
                try {
                    rules.put(name.replace(".yaml.tftpl", ".yaml"),
                            YAML.readTree(render(read(f), ruleTemplateValues())));
                } catch (IOException e) {
                    throw new UncheckedIOException(f + ": " + e.getMessage(), e);
                }
            }
        }
        return rules;
    }

    /** "file / panel title / refId" → expression of every panel target of every dashboard. */
    public Map<String, String> dashboardQueries() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (Path f : list("dashboards", ".json")) {
            try {
                for (JsonNode panel : JSON.readTree(f.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.put(f.getFileName() + " / " + panel.path("title").asText() + " / "
                                + target.path("refId").asText(), target.path("expr").asText());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(f + ": " + e.getMessage(), e);
            }
        }
        return queries;
    }

    /** "rule file / alert or record name" → expression of every rule. */
    public Map<String, String> ruleExpressions() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (var file : prometheusRules().entrySet()) {
            for (JsonNode group : file.getValue().at("/spec/groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                    exprs.put(file.getKey() + " / " + name, rule.path("expr").asText());
                }
            }
        }
        return exprs;
    }

    static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "topk", "bottomk", "rate",
            "irate", "increase", "histogram_quantile", "label_replace", "vector", "min_over_time", "max_over_time",
            "or", "and", "unless", "offset", "bool", "Inf", "NaN");
    /** Strings, ranges and grouping lists are skipped; an identifier with its optional matchers is a selector. */
    static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*]"
            + "|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"
            + "|(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");

    /** The series selectors of a PromQL expression, as written (spaces in matchers removed). */
    public static List<String> selectors(String expr) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(expr);
        while (m.find()) {
            String name = m.group(1);
            if (name == null || PROMQL_WORDS.contains(name)) {
                continue;
            }
            int next = m.end();
            while (next < expr.length() && Character.isWhitespace(expr.charAt(next))) {
                next++;
            }
            if (m.group(2) == null && next < expr.length() && expr.charAt(next) == '(') {
                continue; // a function
            }
            out.add(name + (m.group(2) == null ? "" : m.group(2).replace(" ", "")));
        }
        return out;
    }

    private List<Path> list(String sub, String suffix) {
        try (Stream<Path> files = Files.list(dir.resolve(sub))) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
