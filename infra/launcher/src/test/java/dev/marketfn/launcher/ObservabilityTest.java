package dev.marketfn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.embedded.LocalPrometheus;
import dev.marketfn.embedded.Monitoring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21, locally with real parts: {@code marketfn demo --observability} runs a real Prometheus scraping the
 * demo's functions with the rules terraform deploys; after the functions handled a share of the sample (alpha-call
 * with the shipped model, dead-letter started beside them), every dashboard query and every alert and recording
 * expression of terraform/modules/monitoring parses, and each of its series selectors returns series -- except those
 * only the cluster serves ({@link #CLUSTER_ONLY}, each of which some expression must use). A dashboard query all of
 * whose selectors return series returns series itself.
 */
class ObservabilityTest {
    /** Selectors, as written in the expressions, of series that only exist in the cluster, and who serves them. */
    static final Map<String, String> CLUSTER_ONLY = Map.of(
            "kafka_consumergroup_lag{consumergroup=~\"knative-trigger-marketfn-.+\"}", "Strimzi Kafka Exporter",
            "kafka_consumergroup_lag{consumergroup=\"marketfn-dead-letter\"}", "Strimzi Kafka Exporter",
            "marketfn:consumergroup_lag:sum", "the recording rule over the Kafka Exporter's series",
            "kube_pod_container_status_restarts_total{namespace=\"marketfn\"}", "kube-state-metrics");

    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m");

    @Test
    void everyDashboardQueryAndRuleExpressionReturnsSeriesOverTheDemosFunctions(@TempDir Path state) throws Exception {
        Path deadLetter = ChainTest.functionsDir().resolve("dead-letter/target/quarkus-app/quarkus-run.jar");
        assertThat(deadLetter).as("built by the reactor before this module").isRegularFile();
        Monitoring monitoring = Monitoring.above(Path.of(""));
        List<String> problems = new ArrayList<>();
        Set<String> usedClusterOnly = new TreeSet<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new ChainTest.TeeStream(log, System.out), true, StandardCharsets.UTF_8);
        Demo.Options o = new Demo.Options(ChainTest.functionsDir(), state, 0.2, 3, 90, 120, JVM, Map.of(),
                (infra, fns, r) -> {
                    LocalPrometheus prometheus = r.prometheus();
                    assertThat(prometheus).as("the demo's Prometheus").isNotNull();
                    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap, "PG_URL", infra.pgUrl,
                            "PG_USER", infra.pgUser, "PG_PASSWORD", infra.pgPassword);
                    Functions.Child dl = fns.start("dead-letter", deadLetter, env, JVM, state.resolve("logs"));
                    fns.awaitReady(dl, System.nanoTime() + 90_000_000_000L);
                    prometheus.target(LocalPrometheus.Target.loopback("dead-letter", dl.port()));
                    lateTrade(infra, fns.children().get("indicator").port());
                    // three scrapes of each (every 2 s): a rate over them has samples to work with
                    assertThat(prometheus.awaitScraped(3, Duration.ofSeconds(60))).as("not scraped").isEmpty();
                    assertThat(prometheus.ruleGroups().values().stream().mapToInt(Integer::intValue).sum())
                            .as("rules loaded").isEqualTo(monitoring.ruleExpressions().size());
                    check(prometheus, monitoring, problems, usedClusterOnly);
                }, Demo.Console.OFF, monitoring.dir(), 0, Map.of("MARKETFN_MODEL_FILE", "classpath:models/logit-v1.json"));
        Demo.Result r = new Demo(o, out).run();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("prometheus: http://127.0.0.1:");
        assertThat(r.counts().get("signals")).isPositive();
        assertThat(problems).isEmpty();
        assertThat(usedClusterOnly).as("CLUSTER_ONLY lists only selectors in use")
                .isEqualTo(new TreeSet<>(CLUSTER_ONLY.keySet()));
        assertThat(Files.readString(state.resolve("prometheus/prometheus.yml"))).contains("rules/prometheusrule.yaml");
    }

    /**
     * A trade into one of the sample's windows, which the demo's idle flush has closed: a late trade
     * ({@code bars_late_trades_total}), which the sample itself may not have.
     */
    static void lateTrade(Infra infra, int indicatorPort) throws Exception {
        String provider;
        String symbol;
        java.time.Instant ts;
        try (var c = infra.connect(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT provider, symbol, min(ts) FROM ticks WHERE kind = 'trade' GROUP BY provider, symbol "
                        + "ORDER BY provider, symbol LIMIT 1")) {
            assertThat(rs.next()).as("a stored trade").isTrue();
            provider = rs.getString(1);
            symbol = rs.getString(2);
            ts = rs.getTimestamp(3).toInstant().plusMillis(1);
        }
        Path data = Files.createTempFile("late", ".json");
        Files.writeString(data, """
                {"records":[{"event_id":"%1$s|%2$s|late|1","kind":"trade","provider":"%1$s","symbol":"%2$s",
                 "ts":"%3$s","seq":999999999,"price":10,"size":1,"asset_class":"equity","schema_version":1}]}"""
                .formatted(provider, symbol, ts));
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(reply, true), System.err, Map.of(), "post", "--url",
                "http://localhost:" + indicatorPort + "/", "--type", "dev.marketfn.tick.adjusted.v1", "--source",
                "/marketfn/corporate-action", "--subject", symbol, "--ext", "provider=" + provider, "--data",
                data.toString());
        assertThat(code).as(reply.toString(StandardCharsets.UTF_8)).isZero();
        Files.delete(data);
    }

    static void check(LocalPrometheus prometheus, Monitoring monitoring, List<String> problems, Set<String> usedClusterOnly)
            throws Exception {
        Map<String, String> queries = monitoring.dashboardQueries();
        Map<String, String> all = new LinkedHashMap<>(queries);
        all.putAll(monitoring.ruleExpressions());
        for (var q : all.entrySet()) {
            JsonNode answer = prometheus.query(q.getValue());
            if (!"success".equals(answer.path("status").asText())) {
                problems.add(q.getKey() + ": does not run: " + answer.path("error").asText());
                continue;
            }
            boolean allServed = true;
            for (String selector : Monitoring.selectors(q.getValue())) {
                if (CLUSTER_ONLY.containsKey(selector)) {
                    usedClusterOnly.add(selector);
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
    }
}
