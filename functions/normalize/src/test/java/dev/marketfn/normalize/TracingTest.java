package dev.marketfn.normalize;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.KafkaEvents;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces on (docs/contract/observability.md §Traces): an event posted through the HTTP door is handled in a span that
 * is a child of its {@code traceparent}, its store write is a child of that span, and the reply continues the trace
 * from the handling span, so that the next function's span is its child; the same through the Kafka door.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
@TestProfile(TracingTest.TracingOn.class)
class TracingTest {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_ID = "00f067aa0ba902b7";

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // on, exporting to the in-memory processor only (ExportedSpans): no collector in the test
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.exporter.otlp.enabled", "false");
        }
    }

    @Inject
    ExportedSpans spans;

    @BeforeEach
    void clear() {
        spans.exporter.reset();
    }

    @Test
    void theHandlingSpanIsAChildOfTheEventsTraceparentAndTheReplyContinuesFromIt() throws InterruptedException {
        String reply = given().header("ce-specversion", "1.0").header("ce-id", "raw-traced-1")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-provider", "alpaca").header("ce-traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
                .contentType("application/json").body(NormalizeFunctionTest.ALPACA_TRADE.replace("96921", "96990"))
                .post("/").then().statusCode(200).extract().header("ce-traceparent");

        SpanData handled = await(s -> s.getName().equals("handle dev.marketfn.raw.v1")
                && "raw-traced-1".equals(s.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))));
        assertThat(handled.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(handled.getParentSpanId()).isEqualTo(PARENT_ID);
        assertThat(handled.getParentSpanContext().isRemote()).isTrue();
        assertThat(handled.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(handled.getAttributes().get(AttributeKey.stringKey("marketfn.function"))).isEqualTo("normalize");
        assertThat(handled.getAttributes().get(AttributeKey.stringKey("cloudevents.event_type")))
                .isEqualTo("dev.marketfn.raw.v1");
        assertThat(handled.getAttributes().get(AttributeKey.stringKey("marketfn.bus"))).isEqualTo("http");
        assertThat(handled.getAttributes().get(AttributeKey.longKey("marketfn.records"))).isEqualTo(1L);

        // the reply names the handling span as its parent: same trace, the span's id, sampled
        assertThat(reply).isEqualTo("00-" + TRACE_ID + "-" + handled.getSpanId() + "-01");

        SpanData write = await(s -> s.getName().equals("store raw_events")
                && s.getParentSpanId().equals(handled.getSpanId()));
        assertThat(write.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(write.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(write.getAttributes().get(AttributeKey.stringKey("db.collection.name"))).isEqualTo("raw_events");
        assertThat(write.getAttributes().get(AttributeKey.longKey("db.response.returned_rows"))).isNotNull();
        // a child ends inside its parent
        assertThat(write.getEndEpochNanos()).isLessThanOrEqualTo(handled.getEndEpochNanos());
    }

    @Test
    void aRejectionIsHandledInASpanAndItsRejectedEventContinuesFromIt() throws InterruptedException {
        String reply = given().header("ce-specversion", "1.0").header("ce-id", "raw-traced-bad")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-provider", "alpaca").header("ce-traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01")
                .contentType("application/json").body("[{\"T\":\"t\"")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .extract().header("ce-traceparent");
        SpanData handled = await(s -> s.getName().equals("handle dev.marketfn.raw.v1")
                && "raw-traced-bad".equals(s.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))));
        assertThat(handled.getParentSpanId()).isEqualTo(PARENT_ID);
        assertThat(reply).isEqualTo("00-" + TRACE_ID + "-" + handled.getSpanId() + "-01");
        SpanData write = await(s -> s.getName().equals("store rejected_events")
                && s.getParentSpanId().equals(handled.getSpanId()));
        assertThat(write.getAttributes().get(AttributeKey.longKey("db.response.returned_rows"))).isEqualTo(1L);
    }

    @Test
    void anEventWithoutTraceparentStartsATraceItsReplyContinues() throws InterruptedException {
        String reply = given().header("ce-specversion", "1.0").header("ce-id", "raw-traced-root")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-provider", "alpaca")
                .contentType("application/json").body(NormalizeFunctionTest.ALPACA_TRADE.replace("96921", "96991"))
                .post("/").then().statusCode(200).extract().header("ce-traceparent");
        SpanData handled = await(s -> "raw-traced-root".equals(
                s.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))));
        assertThat(handled.getParentSpanContext().isValid()).isFalse();
        assertThat(reply).isEqualTo("00-" + handled.getTraceId() + "-" + handled.getSpanId() + "-01");
    }

    @Test
    void onTheKafkaDoorTheSpanIsAChildOfTheRecordsTraceparentAndTheOutputContinuesFromIt() throws InterruptedException {
        KafkaEvents.produce("AAPL", Map.of("specversion", "1.0", "id", "raw-traced-kafka", "type", "dev.marketfn.raw.v1",
                "source", "/providers/alpaca", "provider", "alpaca", "traceparent",
                "00-" + TRACE_ID + "-" + PARENT_ID + "-01"), NormalizeFunctionTest.ALPACA_TRADE.replace("96921", "96992"));
        String outputId = EventIds.derive("raw-traced-kafka", "normalize");
        var out = KafkaEvents.await(r -> outputId.equals(r.ce("id")), 1, Duration.ofSeconds(60));
        assertThat(out).as("the normalized event on the next topic").hasSize(1);

        SpanData handled = await(s -> s.getName().equals("handle dev.marketfn.raw.v1")
                && "raw-traced-kafka".equals(s.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))));
        assertThat(handled.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(handled.getParentSpanId()).isEqualTo(PARENT_ID);
        assertThat(handled.getAttributes().get(AttributeKey.stringKey("marketfn.bus"))).isEqualTo("kafka");
        assertThat(out.get(0).ce("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + handled.getSpanId() + "-01");
        await(s -> s.getName().equals("store raw_events") && s.getParentSpanId().equals(handled.getSpanId()));
    }

    /** The exported span matching {@code which}: spans are exported as they end, which may follow the reply. */
    private SpanData await(Predicate<SpanData> which) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<SpanData> found = spans.exporter.getFinishedSpanItems().stream().filter(which).toList();
            if (!found.isEmpty()) {
                assertThat(found).hasSize(1);
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such span among " + spans.exporter.getFinishedSpanItems());
    }
}
