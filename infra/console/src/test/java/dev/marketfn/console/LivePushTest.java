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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * another symbol gets neither; what is not a CloudEvent is refused. The broker feed decodes only the records some
 * connection would take, and records whose headers do not name their symbol (no key, a carrier of several symbols, a
 * rejection keyed by its input) still reach the connections that take them.
 */
@QuarkusTest
@QuarkusTestResource(ConsoleStack.class)
class LivePushTest {
    @TestHTTPResource("/api/live")
    URI live;

    @Inject
    BrokerFeed feed;

    @Inject
    LiveHub hub;

    private static final String SIGNALS = KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "signals");
    private static final String BARS = KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "alpha-call");
    private static final String ALERTS = KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "alerts");
    private static final String REJECTED = KafkaTopics.subscriber(KafkaTopics.DEFAULT_PREFIX, "rejected");

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
        awaitAssigned();
        try (SseClient acme = new SseClient(URI.create(live + "?symbols=ACME&kinds=bar"));
                KafkaProducer<String, byte[]> producer = producer()) {
            assertThat(acme.awaitOpen(Duration.ofSeconds(10))).isTrue();
            Instant ts = Fixture.ts(Fixture.BARS);
            producer.send(CloudEventCodec.toKafka(TestEvents.signal("live-kafka-sig", "ACME", ts, "SELL", 0.5, "k"),
                    SIGNALS)).get();
            producer.send(CloudEventCodec.toKafka(TestEvents.bar("live-kafka-bar", "ACME", ts, 104.5),
                    BARS)).get();
            SseClient.Event e = acme.next(Duration.ofSeconds(10));
            assertThat(e).isNotNull();
            // kinds=bar: the signal was not sent to this connection
            assertThat(e.name()).isEqualTo("bar");
            assertThat(e.data()).contains("\"symbol\":\"ACME\"", "\"close\":104.5", "\"sma_20\":104}");
        }
    }

    @Test
    void onlyRecordsAClientTakesAreDecoded() throws Exception {
        awaitAssigned();
        try (SseClient acme = new SseClient(URI.create(live + "?symbols=ACME&kinds=bar"));
                KafkaProducer<String, byte[]> producer = producer()) {
            assertThat(acme.awaitOpen(Duration.ofSeconds(10))).isTrue();
            awaitClients(1);
            awaitQuiet();
            long decoded = feed.decoded();
            long skipped = feed.skipped();
            Instant ts = Fixture.ts(Fixture.BARS + 1);
            // a bar of a symbol no one follows, a signal of ACME (a kind it does not take), then its bar
            producer.send(CloudEventCodec.toKafka(TestEvents.bar("skip-bar", "OTHER", ts, 50.5), BARS)).get();
            producer.send(CloudEventCodec.toKafka(TestEvents.signal("skip-sig", "ACME", ts, "BUY", 0.7, "s"),
                    SIGNALS)).get();
            producer.send(CloudEventCodec.toKafka(TestEvents.bar("take-bar", "ACME", ts, 101.5), BARS)).get();
            SseClient.Event e = acme.next(Duration.ofSeconds(10));
            assertThat(e).isNotNull();
            assertThat(e.data()).contains("\"symbol\":\"ACME\"", "\"close\":101.5");
            awaitSeen(decoded + skipped + 3);
            assertThat(feed.decoded() - decoded).isEqualTo(1);
            assertThat(feed.skipped() - skipped).isEqualTo(2);
            assertThat(acme.next(Duration.ofMillis(500))).isNull();
        }
        // with no connection left, nothing is decoded
        awaitClients(0);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            long decoded = feed.decoded();
            long seen = decoded + feed.skipped();
            producer.send(CloudEventCodec.toKafka(TestEvents.bar("nobody-bar", "ACME", Fixture.ts(Fixture.BARS + 2),
                    102.5), BARS)).get();
            awaitSeen(seen + 1);
            assertThat(feed.decoded()).isEqualTo(decoded);
        }
    }

    @Test
    void recordsWhoseHeadersNameNoSymbolReachEveryClientOfTheirKind() throws Exception {
        awaitAssigned();
        try (SseClient all = new SseClient(URI.create(live + "?kinds=alert,rejected"));
                SseClient acme = new SseClient(URI.create(live + "?symbols=ACME&kinds=bar,alert,rejected"));
                KafkaProducer<String, byte[]> producer = producer()) {
            assertThat(all.awaitOpen(Duration.ofSeconds(10))).isTrue();
            assertThat(acme.awaitOpen(Duration.ofSeconds(10))).isTrue();
            awaitClients(2);
            Instant ts = Fixture.ts(Fixture.BARS + 3);
            var alert = CloudEventCodec.toKafka(TestEvents.sourceUnavailable("nokey-alert", ts), ALERTS);
            assertThat(alert.key()).isNull();
            var rejection = CloudEventCodec.toKafka(TestEvents.rejection("keyed-rejection", "OTHER"), REJECTED);
            assertThat(rejection.key()).isEqualTo("OTHER");
            var carrier = CloudEventCodec.toKafka(TestEvents.barCarrier("carrier", ts, 103.5, "OTHER", "ACME"), BARS);
            assertThat(carrier.key()).isEqualTo("OTHER");
            producer.send(alert).get();
            producer.send(rejection).get();
            producer.send(carrier).get();

            List<SseClient.Event> toAll = take(all, 2);
            assertThat(toAll).extracting(SseClient.Event::name).containsExactlyInAnyOrder("alert", "rejected");
            List<SseClient.Event> toAcme = take(acme, 3);
            assertThat(toAcme).extracting(SseClient.Event::name)
                    .containsExactlyInAnyOrder("alert", "rejected", "bar");
            assertThat(toAcme).filteredOn(e -> e.name().equals("alert")).singleElement()
                    .satisfies(e -> assertThat(e.data()).contains("\"alert_id\":\"nokey-alert\""));
            assertThat(toAcme).filteredOn(e -> e.name().equals("rejected")).singleElement()
                    .satisfies(e -> assertThat(e.data()).contains("\"detail\":\"keyed-rejection\""));
            // the carrier's ACME bar, not OTHER's
            assertThat(toAcme).filteredOn(e -> e.name().equals("bar")).singleElement()
                    .satisfies(e -> assertThat(e.data()).contains("\"symbol\":\"ACME\"", "\"close\":103.5"));
            assertThat(acme.next(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void whatIsNotACloudEventIsRefused() {
        given().contentType("application/json").body("{\"records\": []}").post("/").then().statusCode(400);
    }

    private void awaitAssigned() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!feed.assigned() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(feed.assigned()).isTrue();
    }

    /** The server registers a connection as it opens and forgets it as it closes, a little after the client. */
    private void awaitClients(int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (hub.clients() != n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(hub.clients()).isEqualTo(n);
    }

    private long seen() {
        return feed.decoded() + feed.skipped();
    }

    /** Until the feed has read {@code n} records in all (bounded). */
    private void awaitSeen(long n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(seen()).isEqualTo(n);
    }

    /** Until records other tests wrote have been read: the count stays the same for a second (bounded). */
    private void awaitQuiet() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 30 && seen() != last; i++) {
            last = seen();
            Thread.sleep(1000);
        }
        assertThat(seen()).isEqualTo(last);
    }

    private static List<SseClient.Event> take(SseClient client, int n) throws InterruptedException {
        List<SseClient.Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SseClient.Event e = client.next(Duration.ofSeconds(10));
            if (e == null) {
                break;
            }
            events.add(e);
        }
        return events;
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsoleStack.bootstrap());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
