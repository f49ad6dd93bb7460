package dev.marketfn.indicator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.embedded.LocalPrometheus;
import dev.marketfn.embedded.Monitoring;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #21: every panel query of the Grafana dashboards and every expression of the alert and recording rules
 * (terraform/modules/monitoring, read by {@link Monitoring}) is asked of a real Prometheus ({@link LocalPrometheus})
 * that scraped this function after it handled a sample of events. Each must parse; each of its series selectors must return series here, unless it is one another component
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
        Monitoring monitoring = Monitoring.above(Path.of(""));
        List<String> problems = new ArrayList<>();
        Set<String> usedElsewhere = new TreeSet<>();
        try (LocalPrometheus prometheus = LocalPrometheus.start(dir, 0, Duration.ofSeconds(1), monitoring,
                List.of(LocalPrometheus.Target.loopback("indicator", RestAssured.port)), Map.of())) {
            // three scrapes of the function (one per second): a rate over them has samples to work with
            assertThat(prometheus.awaitScraped(3, Duration.ofSeconds(30))).as("not scraped").isEmpty();
            Map<String, String> queries = monitoring.dashboardQueries();
            Map<String, String> rules = monitoring.ruleExpressions();
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
                for (String selector : Monitoring.selectors(q.getValue())) {
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
}
