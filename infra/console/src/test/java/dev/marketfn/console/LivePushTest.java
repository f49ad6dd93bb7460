package dev.marketfn.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.KafkaTopics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Live push, end to end with a real SSE client: an event posted as a Knative Trigger would post it, and one written
 * to the broker topic as alpha-call writes it, both reach a subscribed browser connection; a connection following
 * another symbol gets neither; what is not a CloudEvent is refused.
 */
@QuarkusTest
@QuarkusTestResource(ConsoleStack.class)
class LivePushTest {
    @TestHTTPResource("/api/live")
    URI live;

    @Inject
    BrokerFeed feed;

    @Test
    void aTriggerPostReachesTheStream() throws Exception {
        try (SseClient acme = new SseClient(URI.create(live + "?symbols=ACME"));
                SseClient other = new SseClient(URI.create(live + "?symbols=OTHER"))) {
            assertThat(acme.awaitOpen(Duration.ofSeconds(10))).isTrue();
            assertThat(other.awaitOpen(Duration.ofSeconds(10))).isTrue();
            Map<String, String> headers = new HashMap<>();
            byte[] body = CloudEventCodec.toHttp(TestEvents.signal("live-post-1", "ACME", Fixture.ts(58), "BUY", 0.9,
                    "posted"), headers::put);
            given().headers(headers).body(body).post("/").then().statusCode(202);
            SseClient.Event e = acme.next(Duration.ofSeconds(5));
            assertThat(e).isNotNull();
            assertThat(e.name()).isEqualTo("signal");
            assertThat(e.data()).contains("\"kind\":\"signal\"", "\"signal_id\":\"live-post-1\"", "\"confidence\":0.9");
            assertThat(other.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void aBrokerRecordReachesTheStream() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!feed.assigned() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(feed.assigned()).isTrue();
        try (SseClient acme = new SseClient(URI.create(live + "?symbols=ACME&kinds=bar"));
                KafkaProducer<String, byte[]> producer = producer()) {
            assertThat(acme.awaitOpen(Duration.ofSeconds(10))).isTrue();
            Instant ts = Fixture.ts(Fixture.BARS);
            producer.send(CloudEventCodec.toKafka(TestEvents.signal("live-kafka-sig", "ACME", ts, "SELL", 0.5, "k"),
                    KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "signals"))).get();
            producer.send(CloudEventCodec.toKafka(TestEvents.bar("live-kafka-bar", "ACME", ts, 104.5),
                    KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "alpha-call"))).get();
            SseClient.Event e = acme.next(Duration.ofSeconds(10));
            assertThat(e).isNotNull();
            // kinds=bar: the signal was not sent to this connection
            assertThat(e.name()).isEqualTo("bar");
            assertThat(e.data()).contains("\"symbol\":\"ACME\"", "\"close\":104.5", "\"sma_20\":104}");
        }
    }

    @Test
    void whatIsNotACloudEventIsRefused() {
        given().contentType("application/json").body("{\"records\": []}").post("/").then().statusCode(400);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsoleStack.bootstrap());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
