package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SchemaValidationTest {
    static final ManifestValidator VALIDATOR = ManifestValidator.fromDefaults();

    static Stream<String> targets() {
        return Rendered.targets().stream();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyRenderedObjectMatchesItsSchema(String target) {
        List<ObjectNode> objs = Rendered.of(target);
        assertThat(objs).as("objects rendered from %s", target).isNotEmpty();
        assertThat(VALIDATOR.validateAll(objs)).as("schema errors in %s", target).isEmpty();
    }

    @Test
    void crdSchemasFromSharedAreLoaded() {
        // Guards against a wrong schema dir silently shrinking the set of known kinds.
        assertThat(VALIDATOR.knownKinds()).contains("serving.knative.dev/v1 Service", "eventing.knative.dev/v1 Broker",
                "eventing.knative.dev/v1 Trigger", "eventing.knative.dev/v1alpha1 KafkaSink", "kafka.strimzi.io/v1 Kafka",
                "kafka.strimzi.io/v1 KafkaNodePool", "kafka.strimzi.io/v1 KafkaTopic", "sources.knative.dev/v1 PingSource",
                "sources.knative.dev/v1 SinkBinding", "v1 ConfigMap", "networking.k8s.io/v1 NetworkPolicy")
                .doesNotContain("kafka.strimzi.io/v1beta2 Kafka");
    }
}
