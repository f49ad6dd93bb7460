package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.news.NewsParsers;
import dev.marketfn.news.NewsRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Alpaca's news stream through the connector into a real embedded Kafka: the frames are the documented Alpaca news
 * message of the news domain's fixtures (one story id per frame), the server drops the connection mid-stream, and
 * every story reaches the news function's topic exactly once as {@code dev.marketfn.news.raw.v1} that the news parser
 * reads.
 */
class AlpacaNewsKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The fixture of functions/domain/news: an Alpaca stream frame of one news message, id 24918784. */
    private static final Path FIXTURE = Path.of("..", "..", "functions", "domain", "news", "src", "test", "resources",
            "fixtures", "alpaca-stream.json");

    private static String frame(String fixture, int k) {
        return fixture.replace("\"id\":24918784,", "\"id\":" + (24918784 + k) + ",");
    }

    @Test
    void everyNewsFrameSentBeforeADropIsDeliveredOnceAsNewsRaw() throws Exception {
        String fixture = Files.readString(FIXTURE).strip();
        assertThat(frame(fixture, 1)).isNotEqualTo(fixture);
        int frames = 60;
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger conn = new AtomicInteger();
        List<String> subscribes = new CopyOnWriteArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                WsServer server = new WsServer(p -> {
                    int n = conn.incrementAndGet();
                    handshake(p, subscribes);
                    int stop = n == 1 ? frames / 2 : frames;
                    while (cursor.get() < stop) {
                        p.sendText(frame(fixture, cursor.getAndIncrement()));
                    }
                    if (n == 1) {
                        p.silence(Duration.ofMillis(300)); // the frames are read before the TCP connection goes
                        p.drop();
                    } else {
                        p.silence(Duration.ofSeconds(60));
                    }
                })) {
            String prefix = "news1";
            String topic = KafkaTopics.subscriber(prefix, "news");
            kafka.createTopics(KafkaTopics.PARTITIONS, topic, KafkaTopics.subscriber(prefix, "alerts"));
            assertThat(KafkaTopics.of(prefix, EventTypes.NEWS_RAW)).containsExactly(topic);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Protocol protocol = AlpacaProtocol.news(server.uri("/v1beta1/news"), new Credentials("KEY", "SECRET"),
                    List.of("*"));
            List<Decoded> events;
            try (KafkaEventSink sink = new KafkaEventSink(kafka.bootstrapServers(), prefix);
                    Connector c = new Connector(protocol, fast(), sink, registry, Clock.systemUTC(),
                            new SplittableRandom(42)).start()) {
                events = Topic.read(kafka.bootstrapServers(), topic, e -> stories(e).size() >= frames, WAIT,
                        Duration.ofMillis(700));
                assertThat(c.state()).isEqualTo(Connector.State.STREAMING);
            }
            List<String> ids = stories(events).stream().map(NewsRecord::providerNewsId).toList();
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < frames; k++) {
                expected.add(String.valueOf(24918784 + k));
            }
            assertThat(ids).containsExactlyInAnyOrderElementsOf(expected); // each story once
            assertThat(events).allSatisfy(d -> {
                assertThat(d.problem()).isNull();
                assertThat(d.type()).isEqualTo(EventTypes.NEWS_RAW);
                assertThat(d.attribute("source")).isEqualTo("/providers/alpaca");
                assertThat(d.attribute("provider")).isEqualTo("alpaca");
            });
            assertThat(Set.copyOf(events.stream().map(d -> d.attribute("id")).toList())).hasSameSizeAs(events);
            assertThat(subscribes).hasSize(2).allSatisfy(s -> assertThat(Json.MAPPER.readTree(s).toString())
                    .isEqualTo("{\"action\":\"subscribe\",\"news\":[\"*\"]}"));
            assertThat(server.connections()).isEqualTo(2);
            assertThat(registry.get("marketfn.connector.reconnects").counter().count()).isEqualTo(1);
            assertThat(events).hasSizeLessThan(frames); // micro-batched, not one event per frame
            assertThat(server.failures()).isEmpty();
        }
    }

    @Test
    void theFactoryNamesTheNewsStreamAlpacaNews() {
        Protocol p = ConnectorFactory.protocol(AlpacaProtocol.NEWS, null,
                new Subscription(List.of("AAPL", "TSLA"), Set.of("trades")),
                java.util.Map.of("APCA_API_KEY_ID", "k", "APCA_API_SECRET_KEY", "s"), (product, from, to) -> { });
        assertThat(p.uri()).isEqualTo(AlpacaProtocol.NEWS_URI);
        assertThat(p.eventType()).isEqualTo(EventTypes.NEWS_RAW);
        assertThat(p.provider()).isEqualTo("alpaca"); // the news parser's name, in source and provider
        Protocol trades = ConnectorFactory.protocol(AlpacaProtocol.NAME, null,
                new Subscription(List.of("AAPL"), Set.of("trades")),
                java.util.Map.of("APCA_API_KEY_ID", "k", "APCA_API_SECRET_KEY", "s"), (product, from, to) -> { });
        assertThat(trades.eventType()).isEqualTo(EventTypes.RAW);
    }

    private static ConnectorConfig fast() {
        return ConnectorConfig.defaults(AlpacaProtocol.NEWS)
                .withBatch(new MicroBatcher.Limits(50, 64 * 1024, Duration.ofMillis(20)))
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3))
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)).withBreaker(5, Duration.ofMillis(500));
    }

    /** Alpaca's handshake as its news stream does it: connected, auth, authenticated, subscribe, subscription. */
    private static void handshake(WsServer.Peer p, List<String> subscribes) throws Exception {
        p.accept();
        p.sendText("[{\"T\":\"success\",\"msg\":\"connected\"}]");
        JsonNode auth = Json.MAPPER.readTree(p.readText(Duration.ofSeconds(10)));
        assertThat(auth.get("action").asText()).isEqualTo("auth");
        assertThat(auth.get("key").asText()).isEqualTo("KEY");
        p.sendText("[{\"T\":\"success\",\"msg\":\"authenticated\"}]");
        subscribes.add(p.readText(Duration.ofSeconds(10)));
        p.sendText("[{\"T\":\"subscription\",\"news\":[\"*\"]}]");
    }

    /** The stories of the events, as the news function's parser reads them. */
    private static List<NewsRecord> stories(List<Decoded> events) {
        NewsParsers parsers = NewsParsers.standard();
        List<NewsRecord> all = new ArrayList<>();
        for (Decoded d : events) {
            var e = d.event("");
            all.addAll(parsers.parse(d.attribute("provider"), Json.tree(e.data()), e.id(), Instant.now()));
        }
        return all;
    }
}
