package dev.marketfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.codec.InEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dispatcher's metrics of the contract (docs/contract/observability.md), on a handler that always fails. */
class DispatcherMetricsTest {
    static final String RAW = "dev.marketfn.raw.v1";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Dispatcher dispatcher = new Dispatcher(new FunctionHandlers() {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public Map<String, EventHandler> handlers() {
            return Map.of(RAW, event -> Uni.createFrom().failure(new IllegalStateException("database busy")));
        }
    }, null, registry, EventSpans.off(), "test", "knative-broker-marketfn-marketfn", 3);

    static InEvent event(String id) {
        return new InEvent(id, "1.0", RAW, "/test", "AAPL", "application/json", Map.of("provider", "polygon"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    void fail(InEvent event, String bus, String topic) {
        assertThatThrownBy(() -> dispatcher.dispatch(event, bus, topic).await().atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("database busy");
    }

    double ingested(String bus, String topic) {
        var c = registry.find("stream_events_ingested_total").tags("bus", bus, "topic", topic, "type", RAW,
                "provider", "polygon").counter();
        return c == null ? 0 : c.count();
    }

    double beyondBound() {
        return registry.get("events_retried_beyond_bound_total").tag("component", "probe").counter().count();
    }

    @Test
    void ingestedEventsAreCountedByBusTopicAndType() {
        fail(event("e1"), "http", dispatcher.brokerTopic());
        fail(event("e2"), "kafka", "marketfn.normalize");
        fail(event("e3"), "kafka", "marketfn.normalize");
        assertThat(ingested("http", "knative-broker-marketfn-marketfn")).isEqualTo(1);
        assertThat(ingested("kafka", "marketfn.normalize")).isEqualTo(2);
        // the topic is where the event was read from, never its type
        assertThat(registry.find("stream_events_ingested_total").tag("topic", RAW).counters()).isEmpty();
        dispatcher.dispatchAll(List.of(event("e4")), "kafka", "marketfn.normalize").subscribe()
                .with(r -> { }, e -> { });
        assertThat(ingested("kafka", "marketfn.normalize")).isEqualTo(3);
    }

    @Test
    void anEventFailingMoreThanTheBoundIsCountedOnce() {
        assertThat(beyondBound()).as("registered at 0 before any failure").isZero();
        for (int i = 0; i < 3; i++) {
            fail(event("loop"), "http", dispatcher.brokerTopic());
            fail(event("other-" + i), "http", dispatcher.brokerTopic());
        }
        assertThat(beyondBound()).as("3 failures are within the bound of 3").isZero();
        fail(event("loop"), "http", dispatcher.brokerTopic());
        assertThat(beyondBound()).isEqualTo(1);
        fail(event("loop"), "http", dispatcher.brokerTopic());
        assertThat(beyondBound()).as("the same event is counted once").isEqualTo(1);
        assertThat(registry.get("errors_total").tags("component", "probe", "reason", "IllegalStateException")
                .counter().count()).isEqualTo(8);
    }
}
