package dev.marketfn.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the simulated data plane reads from the manifests (KnativeDataPathTest runs on it). */
class KnativeManifestsTest {
    static final String RENDERED = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: kafka-broker-config}
            data: {default.topic.partitions: "5"}
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata: {name: marketfn}
            spec:
              config: {apiVersion: v1, kind: ConfigMap, name: kafka-broker-config}
              delivery:
                retry: 8
                backoffPolicy: exponential
                backoffDelay: PT0.5S
                timeout: PT30S
                deadLetterSink:
                  ref: {apiVersion: eventing.knative.dev/v1alpha1, kind: KafkaSink, name: dead-letters}
            ---
            apiVersion: eventing.knative.dev/v1alpha1
            kind: KafkaSink
            metadata: {name: dead-letters}
            spec: {topic: marketfn.dead-letters, bootstrapServers: [kafka:9092]}
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata:
              name: normalize-raw
              annotations: {kafka.eventing.knative.dev/delivery.order: ordered}
            spec:
              broker: marketfn
              filters: [{exact: {type: dev.marketfn.raw.v1}}]
              subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: normalize}}
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: {name: sweep}
            spec:
              broker: marketfn
              filters: [{exact: {type: dev.knative.sources.ping, source: /pings/sweep}}]
              subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: quality-check}}
              delivery:
                retry: 2
                backoffPolicy: linear
                deadLetterSink:
                  ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: dead-letter}
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Trigger
            metadata: {name: elsewhere}
            spec:
              broker: another
              subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: other}}
            """;

    @Test
    void readsBrokerTriggersAndBothDeadLetterSinkKinds() throws Exception {
        KnativeManifests m = KnativeManifests.parse("test", RENDERED);
        assertThat(m.partitions()).isEqualTo(5);
        assertThat(m.triggers()).extracting(KnativeManifests.Trigger::name).containsExactly("normalize-raw", "sweep");
        KnativeManifests.Trigger raw = m.triggers().get(0);
        assertThat(raw.ordered()).isTrue();
        assertThat(raw.delivery().deadLetterSink().isKafkaSink()).isTrue();
        assertThat(raw.delivery().deadLetterSink().topic()).isEqualTo("marketfn.dead-letters");
        assertThat(raw.matches(Map.of("type", "dev.marketfn.raw.v1", "source", "/x"))).isTrue();
        assertThat(raw.matches(Map.of("type", "dev.marketfn.tick.normalized.v1"))).isFalse();
        KnativeManifests.Trigger sweep = m.triggers().get(1);
        assertThat(sweep.ordered()).as("Knative's default is unordered").isFalse();
        assertThat(sweep.matches(Map.of("type", "dev.knative.sources.ping", "source", "/pings/other"))).isFalse();
        // the Trigger's own delivery field by field over the Broker's
        assertThat(sweep.delivery().retry()).isEqualTo(2);
        assertThat(sweep.delivery().exponential()).isFalse();
        assertThat(sweep.delivery().backoffDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(sweep.delivery().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(sweep.delivery().deadLetterSink()).isEqualTo(
                new KnativeDelivery.DeadLetterSink("Service", "dead-letter", null));
    }

    @Test
    void backoffIsTheDispatchersRetryPolicy() throws Exception {
        KnativeManifests m = KnativeManifests.parse("test", RENDERED);
        KnativeDelivery exponential = m.brokerDelivery();
        // delay * 2^n for retry n = 1..8: 1, 2, 4, ... 128 s
        assertThat(exponential.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(exponential.backoff(8)).isEqualTo(Duration.ofSeconds(128));
        assertThat(exponential.retryWindow()).isEqualTo(Duration.ofSeconds(255));
        KnativeDelivery linear = m.triggers().get(1).delivery();
        assertThat(linear.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(linear.retryWindow()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theDevOverlayRenders() throws Exception {
        Path repo = Path.of(System.getProperty("marketfn.functions.dir", "../functions")).toAbsolutePath().getParent();
        KnativeManifests m = KnativeManifests.render(repo, KnativeDataPathTest.OVERLAY);
        assertThat(m.triggers()).isNotEmpty();
        assertThat(m.brokerDelivery().retry()).isPositive();
        assertThat(m.brokerDelivery().deadLetterSink()).isNotNull();
        assertThat(m.sinkBound()).isNotEmpty();
    }
}
