package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each validator must reject a deliberately broken copy of a real rendered object. */
class SchemaNegativeTest {
    static final ManifestValidator V = SchemaValidationTest.VALIDATOR;

    static ObjectNode find(List<ObjectNode> objs, String kind, String name) {
        return objs.stream().filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    static ObjectNode ksvc(String name) {
        return find(Rendered.of("knative/overlays/dev"), "Service", name);
    }

    @Test
    void originalIsValid() {
        assertThat(V.validate(ksvc("normalize"))).isEmpty();
    }

    @Test
    void unknownFieldInKnativeServiceContainerFails() {
        ObjectNode svc = ksvc("normalize");
        ((ObjectNode) svc.at("/spec/template/spec/containers/0")).put("livenesProbe", "typo");
        assertThat(V.validate(svc)).anySatisfy(e -> assertThat(e).contains("livenesProbe"));
    }

    @Test
    void unknownFieldAtServiceSpecFails() {
        ObjectNode svc = ksvc("indicator");
        ((ObjectNode) svc.get("spec")).putObject("tempalte");
        assertThat(V.validate(svc)).anySatisfy(e -> assertThat(e).contains("tempalte"));
    }

    @Test
    void wrongTypeFails() {
        ObjectNode svc = ksvc("indicator");
        ((ObjectNode) svc.at("/spec/template/spec")).put("containerConcurrency", "many");
        assertThat(V.validate(svc)).anySatisfy(e -> assertThat(e).contains("containerConcurrency"));
    }

    @Test
    void typoInMetadataFails() {
        ObjectNode svc = ksvc("alpha-call");
        ((ObjectNode) svc.get("metadata")).putObject("annotation");
        assertThat(V.validate(svc)).anySatisfy(e -> assertThat(e).contains("annotation"));
    }

    @Test
    void strimziV1beta2IsRejected() {
        ObjectNode topic = find(Rendered.of(Rendered.EXAMPLES), "KafkaTopic", "marketfn-signals");
        assertThat(V.validate(topic)).isEmpty();
        topic.put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertThat(V.validate(topic)).singleElement().asString().contains("no schema", "kafka.strimzi.io/v1beta2");
    }

    @Test
    void unknownKindFails() {
        ObjectNode cm = find(Rendered.of("knative/overlays/dev"), "ConfigMap", "kafka-broker-config");
        cm.put("kind", "ConfigMapp");
        assertThat(V.validate(cm)).singleElement().asString().contains("no schema");
    }

    @Test
    void unknownFieldInCoreKindFails() {
        ObjectNode np = find(Rendered.of("knative/overlays/dev"), "NetworkPolicy", "functions-ingress");
        ((ObjectNode) np.get("spec")).putArray("ingres");
        assertThat(V.validate(np)).anySatisfy(e -> assertThat(e).contains("ingres"));
    }

    @Test
    void unknownFieldInPingSourceAndSinkBindingFails() {
        ObjectNode ping = find(Rendered.of("knative/overlays/dev"), "PingSource", "idle-flush");
        ((ObjectNode) ping.get("spec")).put("scheduel", "* * * * *");
        assertThat(V.validate(ping)).anySatisfy(e -> assertThat(e).contains("scheduel"));
        ObjectNode sb = find(Rendered.of("knative/overlays/dev"), "SinkBinding", "quality-check-sink");
        ((ObjectNode) sb.at("/spec/sink/ref")).put("nmae", "x");
        assertThat(V.validate(sb)).anySatisfy(e -> assertThat(e).contains("nmae"));
    }

    @Test
    void brokerDeliveryPreservesUnknownFieldsButTypedFieldsAreChecked() {
        // spec.delivery keeps unknown fields (x-kubernetes-preserve-unknown-fields), so only types are checked there;
        // the graph check covers what the schema cannot.
        ObjectNode broker = find(Rendered.of("knative/overlays/dev"), "Broker", "marketfn");
        ((ObjectNode) broker.at("/spec/delivery")).put("retry", "five");
        assertThat(V.validate(broker)).anySatisfy(e -> assertThat(e).contains("retry"));
    }
}
