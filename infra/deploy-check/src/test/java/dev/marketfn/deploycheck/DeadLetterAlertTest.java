package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19, blocker 2: alert MarketfnDeadLetters (terraform modules/monitoring, a PrometheusRule checked against its
 * CRD by TerraformTest) fires on the metric the dead-letter function emits -- errors_total{component="dead-letter",
 * reason="DEAD_LETTER"}, there at 0 from start-up -- and on nothing else: not another component's or reason's
 * errors, not a restart's counter reset. Run by the real `promtool check rules` and `promtool test rules`.
 */
class DeadLetterAlertTest {
    static ObjectNode rule() throws IOException {
        Path t = Locations.repo().resolve("terraform/modules/monitoring/manifests/prometheusrule.yaml.tftpl");
        return Yaml.documents(Tftpl.render(Files.readString(t), Map.of("namespace", "marketfn"))).getFirst();
    }

    /** The group's rules as a Prometheus rule file, as the operator hands them to Prometheus. */
    static String ruleFile(ObjectNode rule) throws IOException {
        return Yaml.YAML.writeValueAsString(rule.path("spec"));
    }

    static final String UNIT_TEST = """
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
                  # a dead letter at minute 3 (the series is 0 from start-up)
                  - series: 'errors_total{namespace="marketfn",component="dead-letter",reason="DEAD_LETTER"}'
                    values: '0x2 1x22'
                  # a restart at minute 3 resets the counter: no dead letter
                  - series: 'errors_total{namespace="prod",component="dead-letter",reason="DEAD_LETTER"}'
                    values: '3x2 0x22'
                  # another reason (a failed write) and another component's dead letters (Kafka door dlq, local)
                  - series: 'errors_total{namespace="marketfn",component="dead-letter",reason="PgException"}'
                    values: '0+1x24'
                  - series: 'errors_total{namespace="marketfn",component="indicator",reason="DEAD_LETTER"}'
                    values: '0+1x24'
                alert_rule_test:
                  - eval_time: 2m
                    alertname: MarketfnDeadLetters
                    exp_alerts: []
                  - eval_time: 5m
                    alertname: MarketfnDeadLetters
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: marketfn}
                        exp_annotations:
                          summary: 'marketfn dead letters in marketfn: events exhausted their delivery retries'
                          description: '%s'
                  # 15 minutes without another one: resolved
                  - eval_time: 24m
                    alertname: MarketfnDeadLetters
                    exp_alerts: []
            """;

    static String promtool() {
        return Locations.setting("PROMTOOL", "marketfn.promtool", "promtool");
    }

    static String run(Path dir, String... args) throws IOException, InterruptedException {
        Process p;
        List<String> cmd = new java.util.ArrayList<>(List.of(promtool()));
        cmd.addAll(List.of(args));
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            // a failure, not a skip (as for kubectl): `./marketfn test` installs it (Debian package prometheus)
            throw new AssertionError("promtool is required for the alert's unit test but '" + promtool() + "' could not be started ("
                    + e.getMessage() + "). Install it (Debian: apt-get install prometheus) or pass -Dmarketfn.promtool=... (env PROMTOOL).", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as("promtool %s:\n%s", String.join(" ", args), out).isZero();
        return out;
    }

    static String description() throws IOException {
        return rule().at("/spec/groups/0/rules/0/annotations/description").asText().replace("'", "''");
    }

    @Test
    void firesOnStoredDeadLettersOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), ruleFile(rule()));
        Files.writeString(dir.resolve("test.yaml"), UNIT_TEST.formatted(description()));
        assertThat(run(dir, "check", "rules", "rules.yaml")).contains("SUCCESS");
        run(dir, "test", "rules", "test.yaml");
    }

    @Test
    void anAlertOnAMetricNobodyEmitsFailsItsTest(@TempDir Path dir) throws Exception {
        ObjectNode rule = rule();
        ObjectNode alert = (ObjectNode) rule.at("/spec/groups/0/rules/0");
        String expr = alert.path("expr").asText();
        assertThat(expr).contains("reason=\"DEAD_LETTER\"");
        alert.put("expr", expr.replace("reason=\"DEAD_LETTER\"", "reason=\"DEADLETTER\""));
        Files.writeString(dir.resolve("rules.yaml"), ruleFile(rule));
        Files.writeString(dir.resolve("test.yaml"), UNIT_TEST.formatted(description()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(dir, "test", "rules", "test.yaml"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("MarketfnDeadLetters");
    }
}
