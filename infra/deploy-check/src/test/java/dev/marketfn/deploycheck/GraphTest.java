package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.deploycheck.EventContract.FunqyMappings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphTest {
    /** The functions' own Funqy mappings, for the apps that exist in the checkout. */
    static Map<String, FunqyMappings> mappings() {
        Map<String, FunqyMappings> m = new TreeMap<>();
        for (String app : EventContract.functionApps()) {
            EventContract.mappingsOf(Locations.repo(), app).ifPresent(f -> m.put(app, f));
        }
        return m;
    }

    static Stream<String> overlays() {
        return Rendered.OVERLAYS.stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlayImplementsTheEventGraph(String overlay) {
        assertThat(GraphCheck.check(Rendered.of(overlay), EventContract.FIXTURE, mappings())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlayWithSignalSinkExamplesStillImplementsTheGraph(String overlay) {
        assertThat(GraphCheck.check(Rendered.withExamples(overlay), EventContract.FIXTURE, mappings())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesFollowTheRuntimePolicy(String overlay) {
        assertThat(ServicePolicy.check(Rendered.of(overlay), EventContract.FIXTURE.keySet(), true)).isEmpty();
    }

    @Test
    void examplesSubscribeToAlphaCallsByActionAndSymbol() {
        List<ObjectNode> ex = Rendered.of(Rendered.EXAMPLES);
        List<Map<String, Object>> exacts = ex.stream().filter(o -> "Trigger".equals(o.path("kind").asText()))
                .map(t -> Yaml.JSON.convertValue(t.at("/spec/filters/0/exact"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }))
                .toList();
        assertThat(exacts).contains(Map.of("type", "dev.marketfn.alpha.call.v1", "action", "buy"),
                Map.of("type", "dev.marketfn.alpha.call.v1", "symbol", "AAPL"));
        assertThat(ex).anySatisfy(o -> assertThat(o.path("kind").asText()).isEqualTo("KafkaSink"));
    }

    @Test
    void overlaysSizeKafkaPerEnvironment() {
        var dev = SchemaNegativeTest.find(Rendered.of("knative/overlays/dev"), "ConfigMap", "kafka-broker-config").path("data");
        var prod = SchemaNegativeTest.find(Rendered.of("knative/overlays/prod"), "ConfigMap", "kafka-broker-config").path("data");
        assertThat(dev.path("default.topic.replication.factor").asText()).isEqualTo("1");
        assertThat(dev.path("default.topic.partitions").asText()).isEqualTo("3");
        assertThat(prod.path("default.topic.replication.factor").asText()).isEqualTo("3");
        assertThat(prod.path("default.topic.partitions").asText()).isEqualTo("12");
    }

    @Test
    void funqyPropertiesAreParsedWhenPresent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var f = dir.resolve("application.properties");
        java.nio.file.Files.writeString(f, """
                quarkus.funqy.knative-events.mapping.check.trigger=dev.marketfn.tick.normalized.v1
                quarkus.funqy.knative-events.mapping.check.response-type=dev.marketfn.tick.checked.v1
                quarkus.funqy.knative-events.mapping.staleSweep.trigger=dev.knative.sources.ping
                quarkus.funqy.knative-events.mapping.reject.trigger=*
                %dev.quarkus.funqy.knative-events.mapping.debug.trigger=dev.debug
                """);
        FunqyMappings m = EventContract.parse(f);
        assertThat(m.consumedTypes()).containsExactly("dev.knative.sources.ping", "dev.marketfn.tick.normalized.v1");
        assertThat(m.responseTypes()).containsEntry("check", "dev.marketfn.tick.checked.v1");
    }
}
