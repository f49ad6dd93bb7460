package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.deploycheck.EventContract.FunqyMappings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph and policy checks must reject deliberately broken copies of the real dev overlay. */
class GraphNegativeTest {
    static List<ObjectNode> dev() {
        return new ArrayList<>(Rendered.of("knative/overlays/dev"));
    }

    static ObjectNode named(List<ObjectNode> objs, String kind, String name) {
        return SchemaNegativeTest.find(objs, kind, name);
    }

    static List<String> graph(List<ObjectNode> objs) {
        return GraphCheck.check(objs, EventContract.FIXTURE, Map.of());
    }

    static Predicate<ObjectNode> is(String kind, String name) {
        return o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText());
    }

    @Test
    void baselineIsClean() {
        assertThat(graph(dev())).isEmpty();
    }

    @Test
    void triggerPointingAtMissingServiceFails() {
        List<ObjectNode> objs = dev();
        ((ObjectNode) named(objs, "Trigger", "alpha-call-indicator").at("/spec/subscriber/ref")).put("name", "alpha-cal");
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("Trigger alpha-call-indicator", "alpha-cal is not rendered"));
    }

    @Test
    void serviceRemovedWhileTriggerStaysFails() {
        List<ObjectNode> objs = dev();
        objs.removeIf(is("Service", "indicator"));
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("indicator is not rendered"));
    }

    @Test
    void emittedTypeWithNoConsumerFails() {
        List<ObjectNode> objs = dev();
        objs.removeIf(is("Trigger", "alpha-call-indicator"));
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("emitted type dev.marketfn.indicator.computed.v1 has no consumer"));
    }

    @Test
    void rejectedEventsWithoutAuditConsumerFail() {
        List<ObjectNode> objs = dev();
        objs.removeIf(is("Trigger", "dead-letter-rejected"));
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("emitted type dev.marketfn.rejected.v1 has no consumer"));
    }

    @Test
    void misspelledFilterTypeFails() {
        List<ObjectNode> objs = dev();
        ((ObjectNode) named(objs, "Trigger", "quality-check-normalized").at("/spec/filters/0/exact")).put("type", "dev.marketfn.tick.normalised.v1");
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("which no function emits"))
                .anySatisfy(e -> assertThat(e).contains("no Trigger delivers dev.marketfn.tick.normalized.v1"));
    }

    @Test
    void pingTriggerWithoutSourceFilterFails() {
        List<ObjectNode> objs = dev();
        ((ObjectNode) named(objs, "Trigger", "indicator-idle-flush").at("/spec/filters/0/exact")).remove("source");
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("indicator-idle-flush", "must also filter source"));
    }

    @Test
    void pingTriggerOnMissingPingSourceFails() {
        List<ObjectNode> objs = dev();
        objs.removeIf(is("PingSource", "stale-sweep"));
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("PingSource marketfn/stale-sweep is not rendered"));
    }

    @Test
    void missingOrInvalidDeliveryOrderFails() {
        List<ObjectNode> objs = dev();
        ((ObjectNode) named(objs, "Trigger", "normalize-raw").at("/metadata/annotations")).put(GraphCheck.ORDER, "fifo");
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("normalize-raw", "ordered or unordered"));
    }

    @Test
    void legacyFilterFails() {
        List<ObjectNode> objs = dev();
        ObjectNode spec = (ObjectNode) named(objs, "Trigger", "normalize-raw").get("spec");
        spec.putObject("filter").putObject("attributes").put("type", "dev.marketfn.raw.v1");
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("legacy spec.filter"));
    }

    @Test
    void missingSinkBindingFails() {
        List<ObjectNode> objs = dev();
        objs.removeIf(is("SinkBinding", "quality-check-sink"));
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("quality-check sends side events to K_SINK"));
    }

    @Test
    void brokerWithoutDeadLetterSinkOrKafkaClassFails() {
        List<ObjectNode> objs = dev();
        ObjectNode b = named(objs, "Broker", "marketfn");
        ((ObjectNode) b.at("/spec/delivery")).remove("deadLetterSink");
        ((ObjectNode) b.at("/metadata/annotations")).put("eventing.knative.dev/broker.class", "MTChannelBasedBroker");
        assertThat(graph(objs)).anySatisfy(e -> assertThat(e).contains("deadLetterSink missing"))
                .anySatisfy(e -> assertThat(e).contains("broker.class must be Kafka"));
    }

    @Test
    void funqyMappingsDisagreeingWithTriggersFail(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("application.properties");
        Files.writeString(f, """
                quarkus.funqy.knative-events.mapping.indicator.trigger=dev.marketfn.tick.adjusted.v1
                quarkus.funqy.knative-events.mapping.flush.trigger=dev.knative.sources.ping
                quarkus.funqy.knative-events.mapping.reject.trigger=*
                """); // rescale's corporate-action.applied.v1 mapping is missing
        Map<String, FunqyMappings> m = Map.of("indicator", EventContract.parse(f));
        assertThat(GraphCheck.check(dev(), EventContract.FIXTURE, m))
                .anySatisfy(e -> assertThat(e).contains("Funqy mappings", "indicator", "dev.marketfn.corporate-action.applied.v1"));
    }

    @Test
    void funqyResponseTypeWithoutConsumerFails(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("application.properties");
        Files.writeString(f, """
                quarkus.funqy.knative-events.mapping.alphaCall.trigger=dev.marketfn.indicator.computed.v1
                quarkus.funqy.knative-events.mapping.alphaCall.response-type=dev.marketfn.alpha.call.v2
                """);
        assertThat(GraphCheck.check(dev(), EventContract.FIXTURE, Map.of("alpha-call", EventContract.parse(f))))
                .anySatisfy(e -> assertThat(e).contains("dev.marketfn.alpha.call.v2 has no consumer"));
    }

    @Test
    void inlinePasswordFailsThePolicy() {
        List<ObjectNode> objs = dev();
        ArrayNode env = (ArrayNode) named(objs, "Service", "normalize").at("/spec/template/spec/containers/0/env");
        env.removeAll();
        env.addObject().put("name", "QUARKUS_DATASOURCE_PASSWORD").put("value", "hunter2");
        assertThat(ServicePolicy.check(objs, java.util.Set.of("normalize"), true))
                .anySatisfy(e -> assertThat(e).contains("QUARKUS_DATASOURCE_PASSWORD is inline"))
                .anySatisfy(e -> assertThat(e).contains("must come from secretKeyRef marketfn-db-app/password"));
    }

    @Test
    void hardeningAndScaleToZeroRegressionsFailThePolicy() {
        List<ObjectNode> objs = dev();
        ObjectNode svc = named(objs, "Service", "indicator");
        ((ObjectNode) svc.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFilesystem", false);
        ((ObjectNode) svc.at("/spec/template/metadata/annotations")).put("autoscaling.knative.dev/min-scale", "1");
        ((ObjectNode) svc.at("/spec/template/spec/containers/0")).put("image", Locations.imageRegistry() + "/indicator:latest");
        ((ObjectNode) svc.at("/spec/template/metadata/labels")).remove("marketfn.dev/ingress");
        assertThat(ServicePolicy.check(objs, java.util.Set.of("indicator"), true))
                .anySatisfy(e -> assertThat(e).contains("securityContext"))
                .anySatisfy(e -> assertThat(e).contains("min-scale"))
                .anySatisfy(e -> assertThat(e).contains("not latest"))
                .anySatisfy(e -> assertThat(e).contains("no NetworkPolicy selects"));
    }
}
