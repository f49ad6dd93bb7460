package dev.marketfn.indicator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.marketfn.runtime.testing.MarketfnInfra;
import dev.marketfn.runtime.testing.RealPrometheus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #21: every panel query of the Grafana dashboards and every expression of the alert and recording rules
 * (terraform/modules/monitoring) is asked of a real Prometheus that scraped this function after it handled a sample of
 * events. Each must parse; each of its series selectors must return series here, unless it is one another component
 * serves ({@link #ELSEWHERE}, which must hold no entry nothing uses); and a dashboard query all of whose selectors
 * return series must return series itself.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class DashboardQueriesTest {
    /** Selectors, as written in the queries, of metrics this function does not serve, and who does. */
    static final Map<String, String> ELSEWHERE = Map.ofEntries(
            Map.entry("stream_events_ingested_total{type=\"dev.marketfn.raw.v1\"}", "normalize"),
            Map.entry("stream_events_ingested_total{type=\"dev.marketfn.raw.v1\",provider!=\"none\"}", "normalize"),
            Map.entry("store_write_duration_seconds_count{table=\"quality_alerts\"}", "quality-check"),
            Map.entry("data_quality_score_sum", "quality-check"),
            Map.entry("data_quality_score_count", "quality-check"),
            Map.entry("data_quality_score_bucket{le=\"0.8\"}", "quality-check"),
            Map.entry("errors_total{component=\"dead-letter\",reason=\"DEAD_LETTER\"}", "dead-letter"),
            Map.entry("inference_eval_duration_seconds_bucket", "alpha-call"),
            Map.entry("inference_eval_duration_seconds_count", "alpha-call"),
            Map.entry("signals_emitted_total", "alpha-call"),
            Map.entry("model_circuit_breaker_state", "alpha-call (with a model)"),
            Map.entry("stream_consumer_lag_ms", "the Kafka door (off in this test, as in the cluster's functions)"),
            Map.entry("marketfn:consumergroup_lag:sum", "the recording rule over the Kafka Exporter"),
            Map.entry("kafka_consumergroup_lag{consumergroup=~\"knative-trigger-marketfn-.+\"}", "Strimzi Kafka Exporter"),
            Map.entry("kafka_consumergroup_lag{consumergroup=\"marketfn-dead-letter\"}", "Strimzi Kafka Exporter"),
            Map.entry("kube_pod_container_status_restarts_total{namespace=\"marketfn\"}", "kube-state-metrics"));

    /** The rule templates' variables, as terraform fills them by default. */
    static final Map<String, String> RULE_VALUES = Map.of("namespace", "marketfn", "stale_after", "10m",
            "backlog_records", "1000", "backlog_for", "10m");

    static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "topk", "bottomk", "rate",
            "irate", "increase", "histogram_quantile", "label_replace", "vector", "min_over_time", "max_over_time",
            "or", "and", "unless", "offset", "bool", "Inf", "NaN");
    /** Strings, ranges and grouping lists are skipped; an identifier with its optional matchers is a selector. */
    static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|\\[[^\\]]*]"
            + "|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"
            + "|(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");

    static List<String> selectors(String expr) {
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

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("terraform/modules/monitoring"))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root above %s", Path.of("").toAbsolutePath()).isNotNull();
        return p;
    }

    /** Title → expression of every panel target of every dashboard. */
    static Map<String, String> dashboardQueries() throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(repo().resolve("terraform/modules/monitoring/dashboards"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode panel : json.readTree(f.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.put(f.getFileName() + " / " + panel.path("title").asText() + " / "
                                + target.path("refId").asText(), target.path("expr").asText());
                    }
                }
            }
        }
        return queries;
    }

    /** Rule → expression of every alert and recording rule of the PrometheusRule templates. */
    static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> exprs = new LinkedHashMap<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (Stream<Path> files = Files.list(repo().resolve("terraform/modules/monitoring/manifests"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("prometheusrule")).sorted().toList()) {
                String text = Files.readString(f);
                for (var v : RULE_VALUES.entrySet()) {
                    text = text.replace("${" + v.getKey() + "}", v.getValue());
                }
                assertThat(text).as("%s: every template variable has a value here", f).doesNotContain("${");
                for (JsonNode group : yaml.readTree(text).at("/spec/groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                        exprs.put(f.getFileName() + " / " + name, rule.path("expr").asText());
                    }
                }
            }
        }
        return exprs;
    }

    static String trade(String ts, long seq, String price) {
        return """
                {"event_id":"dash|DSH|%1$s|%2$d","kind":"trade","provider":"dash","symbol":"DSH","ts":"%1$s",
                 "seq":%2$d,"price":%3$s,"size":10,"asset_class":"equity","schema_version":1}""".formatted(ts, seq, price);
    }

    static void post(String id, String... trades) {
        given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "dev.marketfn.tick.adjusted.v1")
                .header("ce-source", "/marketfn/corporate-action").header("ce-provider", "dash")
                .contentType("application/json").body("{\"records\":[" + String.join(",", trades) + "]}")
                .post("/").then().statusCode(org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.equalTo(200), org.hamcrest.Matchers.equalTo(204)));
    }

    /** Closed 1s and 1m windows, a late trade into a closed one, and a rejected input. */
    static void sample() {
        post("dash-1", trade("2024-03-05T14:30:10.000000Z", 1, "10"), trade("2024-03-05T14:30:50.000000Z", 2, "12"));
        post("dash-2", trade("2024-03-05T14:31:01.000000Z", 3, "11"));
        post("dash-3", trade("2024-03-05T14:30:20.000000Z", 4, "11")); // late: its windows have closed
        post("dash-4", trade("2024-03-05T14:32:02.000000Z", 5, "13"));
        given().header("ce-specversion", "1.0").header("ce-id", "dash-bad").header("ce-type", "dev.marketfn.tick.adjusted.v1")
                .header("ce-source", "/x").contentType("application/json")
                .body("{\"records\":[{\"event_id\":\"e\",\"kind\":\"trade\",\"ts\":\"yesterday\"}]}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1");
    }

    @Test
    void everyDashboardQueryAndRuleExpressionWorksOnARealPrometheus() throws Exception {
        sample();
        Path dir = Files.createTempDirectory("marketfn-prometheus");
        List<String> problems = new ArrayList<>();
        Set<String> usedElsewhere = new TreeSet<>();
        try (RealPrometheus prometheus = RealPrometheus.scraping(RestAssured.port, dir)) {
            // three scrapes of the function (one per second): a rate over them has samples to work with
            for (int i = 0; i < 60 && prometheus.seriesOf("count_over_time(up{job=\"marketfn\"}[1m]) >= 3") == 0; i++) {
                Thread.sleep(500);
            }
            assertThat(prometheus.seriesOf("up{job=\"marketfn\"} == 1")).as("the function is scraped").isEqualTo(1);
            Map<String, String> queries = dashboardQueries();
            Map<String, String> rules = ruleExpressions();
            assertThat(queries).as("panel queries").hasSizeGreaterThanOrEqualTo(25);
            assertThat(rules).as("rule expressions").hasSizeGreaterThanOrEqualTo(9);
            Map<String, String> all = new LinkedHashMap<>(queries);
            all.putAll(rules);
            for (var q : all.entrySet()) {
                JsonNode answer = prometheus.query(q.getValue());
                if (!"success".equals(answer.path("status").asText())) {
                    problems.add(q.getKey() + ": does not run: " + answer.path("error").asText());
                    continue;
                }
                boolean allServed = true;
                for (String selector : selectors(q.getValue())) {
                    if (ELSEWHERE.containsKey(selector)) {
                        usedElsewhere.add(selector);
                        allServed = false;
                    } else if (prometheus.seriesOf(selector) == 0) {
                        problems.add(q.getKey() + ": selector " + selector + " returns no series");
                        allServed = false;
                    }
                }
                if (allServed && queries.containsKey(q.getKey()) && answer.at("/data/result").isEmpty()) {
                    problems.add(q.getKey() + ": returns no series: " + q.getValue());
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(usedElsewhere).as("ELSEWHERE lists only selectors in use").isEqualTo(new TreeSet<>(ELSEWHERE.keySet()));
    }

    @Test
    void selectorsAreTheSeriesAnExpressionReads() {
        assertThat(selectors("histogram_quantile(0.99, sum by (le, table) (rate(store_write_duration_seconds_bucket[5m])))"))
                .containsExactly("store_write_duration_seconds_bucket");
        assertThat(selectors("(sum(increase(stream_events_ingested_total{type=\"dev.marketfn.raw.v1\"}[10m])) or vector(0)) < 1"))
                .containsExactly("stream_events_ingested_total{type=\"dev.marketfn.raw.v1\"}");
        assertThat(selectors("label_replace(sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup=\"x\"}),"
                + " \"subscriber\", \"$1\", \"consumergroup\", \"(.+)\") or x offset 10m"))
                .containsExactly("kafka_consumergroup_lag{consumergroup=\"x\"}", "x");
    }
}
