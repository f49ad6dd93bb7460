package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.contracts.EventTypes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The HTTP sink (K_SINK in the cluster) against a real local HTTP server that refuses the first posts. */
class HttpSinkTest {
    @Test
    void retriesA503AndA429AfterItsRetryAfterThenDeliversOnceInBinaryMode() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Decoded> accepted = new CopyOnWriteArrayList<>();
        List<Long> at = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            at.add(System.nanoTime());
            int n = calls.incrementAndGet();
            int status = n == 1 ? 503 : n == 2 ? 429 : 202;
            if (n == 2) {
                ex.getResponseHeaders().add("Retry-After", "1");
            }
            if (status == 202) {
                accepted.add(CloudEventCodec.fromHttp(each -> ex.getRequestHeaders()
                        .forEach((k, vs) -> vs.forEach(v -> each.accept(k, v))), body));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try (HttpEventSink sink = new HttpEventSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1)), () -> true)) {
            var event = RawEvents.batch(EventTypes.RAW, "binance", "binance", List.of(RawEvents.messages(Feeds.binanceTrade("BTCUSDT", 7))));
            sink.send(event);
            assertThat(calls.get()).isEqualTo(3);
            assertThat(accepted).hasSize(1);
            Decoded d = accepted.get(0);
            assertThat(d.mode()).isEqualTo(Decoded.Mode.BINARY);
            assertThat(d.problem()).isNull();
            assertThat(d.attribute("id")).isEqualTo(event.id());
            assertThat(d.type()).isEqualTo(EventTypes.RAW);
            assertThat(d.attribute("provider")).isEqualTo("binance");
            assertThat(d.data()).isEqualTo((byte[]) event.data());
            assertThat(Duration.ofNanos(at.get(2) - at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anotherClientErrorIsTheEventsFaultAndIsNotRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            ex.sendResponseHeaders(400, -1);
            ex.close();
        });
        server.start();
        try (HttpEventSink sink = new HttpEventSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1)), () -> true)) {
            sink.send(RawEvents.verbatim(EventTypes.RAW, "polygon", "polygon", "not json".getBytes()));
            assertThat(calls.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theFactoryNeedsCredentialsAndNamesTheVariableNotItsValue() {
        var sub = new Subscription(List.of("AAPL"), java.util.Set.of("trades"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConnectorFactory.protocol("alpaca", null, sub,
                        Map.of("APCA_API_KEY_ID", "AKSECRETKEY"), (p, f, t) -> { }))
                .hasMessageContaining("APCA_API_SECRET_KEY").hasMessageNotContaining("AKSECRETKEY");
        assertThat(ConnectorFactory.protocol("binance", null, sub, Map.of(), (p, f, t) -> { }).uri().toString())
                .isEqualTo("wss://stream.binance.com:9443/stream?streams=aapl@trade");
    }
}
