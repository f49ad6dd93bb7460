package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: the operations alerts of PrometheusRule marketfn-operations (terraform modules/monitoring), each shown to
 * fire on the series the pipeline emits and not to fire on its look-alikes, by the real {@code promtool test rules};
 * the recording rule names the consumer group of every Trigger of knative/base. Annotations are checked by
 * {@code promtool check rules} (their templates) and left out of the unit test, which compares labels.
 */
class OperationsAlertsTest {
    static final Map<String, Object> VALUES = Map.of("namespace", "marketfn", "stale_after", "10m",
            "backlog_records", 1000, "backlog_for", "10m");

    static ObjectNode rule() throws IOException {
        Path t = Locations.repo().resolve("terraform/modules/monitoring/manifests/prometheusrule-operations.yaml.tftpl");
        return Yaml.documents(Tftpl.render(Files.readString(t), VALUES)).getFirst();
    }

    /** The rule file without annotations: promtool's alert tests compare them too, and they are prose. */
    static String withoutAnnotations(ObjectNode rule) throws IOException {
        ObjectNode spec = rule.path("spec").deepCopy();
        for (JsonNode group : spec.path("groups")) {
            for (JsonNode r : group.path("rules")) {
                ((ObjectNode) r).remove("annotations");
            }
        }
        return Yaml.YAML.writeValueAsString(spec);
    }

    static List<String> triggers() {
        return Yaml.documents(Locations.repo().resolve("knative/base/triggers.yaml")).stream()
                .filter(d -> d.path("kind").asText().equals("Trigger")).map(d -> d.at("/metadata/name").asText()).toList();
    }

    static final String RAW = "stream_events_ingested_total{bus=\"http\",topic=\"knative-broker-marketfn-marketfn\","
            + "type=\"dev.marketfn.raw.v1\",provider=\"%s\"}";

    static String unitTests() {
        String lagSeries = triggers().stream().map(t -> """
                      - series: 'kafka_consumergroup_lag{consumergroup="knative-trigger-marketfn-%s",topic="knative-broker-marketfn-marketfn",partition="0"}'
                        values: '7x5'
                """.formatted(t)).collect(Collectors.joining());
        String lagSamples = triggers().stream().map(t -> """
                          - labels: 'marketfn:consumergroup_lag:sum{consumergroup="knative-trigger-marketfn-%s",subscriber="%s",topic="knative-broker-marketfn-marketfn"}'
                            value: 7
                """.formatted(t, t)).collect(Collectors.joining());
        return """
                rule_files: [rules.yaml]
                evaluation_interval: 1m
                tests:
                  # two providers; polygon stops at minute 60, alpaca goes on
                  - interval: 1m
                    input_series:
                      - series: '%1$s'
                        values: '0+10x60 600x30'
                      - series: '%2$s'
                        values: '0+5x90'
                    alert_rule_test:
                      - {eval_time: 30m, alertname: MarketfnStaleData, exp_alerts: []}
                      - {eval_time: 30m, alertname: MarketfnProviderSilent, exp_alerts: []}
                      - {eval_time: 75m, alertname: MarketfnStaleData, exp_alerts: []}
                      - eval_time: 75m
                        alertname: MarketfnProviderSilent
                        exp_alerts: [{exp_labels: {severity: warning, provider: polygon}}]
                  # the only provider stops at minute 20
                  - interval: 1m
                    input_series:
                      - series: '%1$s'
                        values: '0+10x20 200x40'
                    alert_rule_test:
                      - {eval_time: 15m, alertname: MarketfnStaleData, exp_alerts: []}
                      - eval_time: 45m
                        alertname: MarketfnStaleData
                        exp_alerts: [{exp_labels: {severity: warning}}]
                  # normalize scaled to zero: no series at all is no data too
                  - interval: 1m
                    input_series:
                      - series: 'up{job="other"}'
                        values: '1x20'
                    alert_rule_test:
                      - eval_time: 5m
                        alertname: MarketfnStaleData
                        exp_alerts: [{exp_labels: {severity: warning}}]
                      - {eval_time: 5m, alertname: MarketfnProviderSilent, exp_alerts: []}
                  # backlog: a Trigger 5000 behind from minute 6 on one partition, one 500 behind, the
                  # dead-letter drain 2000 behind, another namespace's Trigger far behind (not ours).
                  # The alert reads a recording rule of another group, and promtool evaluates groups in
                  # no fixed order: the record may reach the alert one interval late, so the checks sit
                  # one interval past the 10m `for`.
                  - interval: 1m
                    input_series:
                      - series: 'kafka_consumergroup_lag{consumergroup="knative-trigger-marketfn-indicator-adjusted",topic="knative-broker-marketfn-marketfn",partition="0"}'
                        values: '0x5 5000x30'
                      - series: 'kafka_consumergroup_lag{consumergroup="knative-trigger-marketfn-indicator-adjusted",topic="knative-broker-marketfn-marketfn",partition="1"}'
                        values: '0x35'
                      - series: 'kafka_consumergroup_lag{consumergroup="knative-trigger-marketfn-alpha-call-indicator",topic="knative-broker-marketfn-marketfn",partition="0"}'
                        values: '500x35'
                      - series: 'kafka_consumergroup_lag{consumergroup="marketfn-dead-letter",topic="marketfn.dead-letters",partition="0"}'
                        values: '2000x35'
                      - series: 'kafka_consumergroup_lag{consumergroup="knative-trigger-other-x",topic="knative-broker-other-default",partition="0"}'
                        values: '9999x35'
                    alert_rule_test:
                      - {eval_time: 11m, alertname: MarketfnBacklog, exp_alerts: [{exp_labels: {severity: warning, subscriber: dead-letter, topic: marketfn.dead-letters}}]}
                      - eval_time: 20m
                        alertname: MarketfnBacklog
                        exp_alerts:
                          - exp_labels: {severity: warning, subscriber: dead-letter, topic: marketfn.dead-letters}
                          - exp_labels: {severity: warning, subscriber: indicator-adjusted, topic: knative-broker-marketfn-marketfn}
                  # the recording rule names every Trigger of knative/base by its consumer group
                  - interval: 1m
                    input_series:
                %3$s
                    promql_expr_test:
                      - expr: 'marketfn:consumergroup_lag:sum'
                        eval_time: 2m
                        exp_samples:
                %4$s
                  # store writes: ticks failing all along, one failure on bars_ohlcv at minute 6
                  - interval: 1m
                    input_series:
                      - series: 'store_write_errors_total{namespace="marketfn",table="ticks"}'
                        values: '0+1x30'
                      - series: 'store_write_errors_total{namespace="marketfn",table="bars_ohlcv"}'
                        values: '0x5 1x25'
                    alert_rule_test:
                      - {eval_time: 5m, alertname: MarketfnStoreWriteFailures, exp_alerts: []}
                      - eval_time: 15m
                        alertname: MarketfnStoreWriteFailures
                        exp_alerts: [{exp_labels: {severity: critical, namespace: marketfn, table: ticks}}]
                  # restarts: one pod every minute, one restarted once, another namespace's pod
                  - interval: 1m
                    input_series:
                      - series: 'kube_pod_container_status_restarts_total{namespace="marketfn",pod="indicator-1",container="user-container"}'
                        values: '0+1x20'
                      - series: 'kube_pod_container_status_restarts_total{namespace="marketfn",pod="normalize-1",container="user-container"}'
                        values: '0 1x20'
                      - series: 'kube_pod_container_status_restarts_total{namespace="other",pod="x",container="x"}'
                        values: '0+1x20'
                    alert_rule_test:
                      - {eval_time: 2m, alertname: MarketfnCrashLooping, exp_alerts: []}
                      - eval_time: 15m
                        alertname: MarketfnCrashLooping
                        exp_alerts: [{exp_labels: {severity: critical, namespace: marketfn, pod: indicator-1, container: user-container}}]
                  # an event past the retry bound at minute 3 (the series is 0 from start-up)
                  - interval: 1m
                    input_series:
                      - series: 'events_retried_beyond_bound_total{namespace="marketfn",component="indicator"}'
                        values: '0x2 1x30'
                      - series: 'events_retried_beyond_bound_total{namespace="marketfn",component="normalize"}'
                        values: '0x32'
                    alert_rule_test:
                      - {eval_time: 2m, alertname: MarketfnEventRetriedTooOften, exp_alerts: []}
                      - eval_time: 5m
                        alertname: MarketfnEventRetriedTooOften
                        exp_alerts: [{exp_labels: {severity: warning, namespace: marketfn, component: indicator}}]
                      - {eval_time: 25m, alertname: MarketfnEventRetriedTooOften, exp_alerts: []}
                  # quality: polygon's records score 0.7 on average, alpaca's 1.0
                  - interval: 1m
                    input_series:
                      - series: 'data_quality_score_sum{namespace="marketfn",provider="polygon"}'
                        values: '0+7x40'
                      - series: 'data_quality_score_count{namespace="marketfn",provider="polygon"}'
                        values: '0+10x40'
                      - series: 'data_quality_score_sum{namespace="marketfn",provider="alpaca"}'
                        values: '0+10x40'
                      - series: 'data_quality_score_count{namespace="marketfn",provider="alpaca"}'
                        values: '0+10x40'
                    alert_rule_test:
                      - {eval_time: 5m, alertname: MarketfnQualityLow, exp_alerts: []}
                      - eval_time: 15m
                        alertname: MarketfnQualityLow
                        exp_alerts: [{exp_labels: {severity: warning, namespace: marketfn, provider: polygon}}]
                  # the breaker: m1 open or half-open from minute 6 on, m2 closes again at minute 15
                  - interval: 1m
                    input_series:
                      - series: 'model_circuit_breaker_state{namespace="marketfn",model="m1",version="1"}'
                        values: '0x5 1 2 1 2 1 2 1 2 1 2 1 2 1 2 1 2'
                      - series: 'model_circuit_breaker_state{namespace="marketfn",model="m2",version="1"}'
                        values: '0x5 1x8 0 1x7'
                    alert_rule_test:
                      - {eval_time: 12m, alertname: MarketfnModelBreakerOpen, exp_alerts: []}
                      - eval_time: 17m
                        alertname: MarketfnModelBreakerOpen
                        exp_alerts: [{exp_labels: {severity: warning, namespace: marketfn, model: m1, version: "1"}}]
                """.formatted(RAW.formatted("polygon"), RAW.formatted("alpaca"), lagSeries.stripTrailing(),
                lagSamples.stripTrailing());
    }

    @Test
    void everyAlertFiresOnItsSignalAndNotOnItsLookAlikes(@TempDir Path dir) throws Exception {
        ObjectNode rule = rule();
        Files.writeString(dir.resolve("full.yaml"), DeadLetterAlertTest.ruleFile(rule));
        assertThat(DeadLetterAlertTest.run(dir, "check", "rules", "full.yaml")).contains("SUCCESS");
        Files.writeString(dir.resolve("rules.yaml"), withoutAnnotations(rule));
        Files.writeString(dir.resolve("test.yaml"), unitTests());
        DeadLetterAlertTest.run(dir, "test", "rules", "test.yaml");
    }

    @Test
    void theUnitTestCoversEveryAlertOfTheRule() throws IOException {
        List<String> alerts = rule().at("/spec/groups").findValues("alert").stream().map(JsonNode::asText).toList();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
        String tests = unitTests();
        for (String alert : alerts) {
            assertThat(tests).as("a promtool test of %s", alert).contains("alertname: " + alert);
        }
        assertThat(triggers()).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void anAlertWatchingAnotherMetricFailsItsTest(@TempDir Path dir) throws Exception {
        ObjectNode rule = rule();
        for (JsonNode r : rule.at("/spec/groups/1/rules")) {
            if (r.path("alert").asText().equals("MarketfnStoreWriteFailures")) {
                ((ObjectNode) r).put("expr", r.path("expr").asText().replace("store_write_errors_total", "store_errors_total"));
            }
        }
        Files.writeString(dir.resolve("rules.yaml"), withoutAnnotations(rule));
        Files.writeString(dir.resolve("test.yaml"), unitTests());
        assertThatThrownBy(() -> DeadLetterAlertTest.run(dir, "test", "rules", "test.yaml"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("MarketfnStoreWriteFailures");
    }
}
