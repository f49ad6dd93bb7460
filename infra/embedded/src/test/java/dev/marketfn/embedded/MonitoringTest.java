package dev.marketfn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** terraform/modules/monitoring as the local Prometheus and the dashboard tests read it. */
class MonitoringTest {
    final Monitoring monitoring = Monitoring.above(Path.of(""));

    @Test
    void theRuleTemplatesAreFilledWithTheModulesDefaults() {
        // variables.tf: marketfn_namespace, 2 x expected_ingest_interval_minutes, backlog_records, backlog_for
        assertThat(monitoring.ruleTemplateValues()).isEqualTo(Map.of("namespace", "marketfn", "stale_after", "10m",
                "backlog_records", "1000", "backlog_for", "10m"));
        assertThat(monitoring.ruleFiles()).containsOnlyKeys("prometheusrule.yaml", "prometheusrule-operations.yaml")
                .allSatisfy((name, text) -> assertThat(text).startsWith("groups:").doesNotContain("${"));
        assertThat(monitoring.ruleExpressions()).containsKeys("prometheusrule.yaml / MarketfnDeadLetters",
                "prometheusrule-operations.yaml / marketfn:consumergroup_lag:sum");
        assertThat(monitoring.dashboardQueries()).hasSizeGreaterThanOrEqualTo(25);
        assertThatThrownBy(() -> Monitoring.render("a ${missing} b", Map.of()))
                .hasMessageContaining("${missing} has no value");
    }

    @Test
    void selectorsAreTheSeriesAnExpressionReads() {
        assertThat(Monitoring.selectors("histogram_quantile(0.99, sum by (le, table) (rate(store_write_duration_seconds_bucket[5m])))"))
                .containsExactly("store_write_duration_seconds_bucket");
        assertThat(Monitoring.selectors("(sum(increase(stream_events_ingested_total{type=\"dev.marketfn.raw.v1\"}[10m])) or vector(0)) < 1"))
                .containsExactly("stream_events_ingested_total{type=\"dev.marketfn.raw.v1\"}");
        assertThat(Monitoring.selectors("label_replace(sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup=\"x\"}),"
                + " \"subscriber\", \"$1\", \"consumergroup\", \"(.+)\") or x offset 10m"))
                .containsExactly("kafka_consumergroup_lag{consumergroup=\"x\"}", "x");
    }

    /** The real Prometheus loads every rule of every file (it refuses to start on a rule it cannot parse). */
    @Test
    void aLocalPrometheusLoadsEveryRule(@TempDir Path dir) throws Exception {
        try (LocalPrometheus prometheus = LocalPrometheus.start(dir, 0, Duration.ofSeconds(1), monitoring, List.of(),
                Map.of())) {
            Map<String, Integer> groups = Map.of();
            for (int i = 0; i < 50 && groups.values().stream().mapToInt(Integer::intValue).sum()
                    < monitoring.ruleExpressions().size(); i++) {
                Thread.sleep(100);
                groups = prometheus.ruleGroups();
            }
            assertThat(groups.values().stream().mapToInt(Integer::intValue).sum())
                    .as("rules loaded: %s", groups).isEqualTo(monitoring.ruleExpressions().size());
            assertThat(prometheus.seriesOf("vector(1)")).isEqualTo(1);
        }
    }
}
