package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.codec.SinkToken;
import dev.marketfn.contracts.EventTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP sink (K_SINK in the cluster) against a real local HTTP server that refuses the first posts, and against
 * one that, like the broker with Knative OIDC on, requires the token the SinkBinding projects.
 */
class HttpSinkTest {
    @TempDir
    Path dir;

    SinkToken noToken() {
        return new SinkToken(dir.resolve("absent"));
    }

    /** Accepts a post whose Authorization is {@code Bearer <expected token>}, 401 otherwise; records what came. */
    static final class TokenBroker implements AutoCloseable {
        final HttpServer server;
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final List<String> acceptedIds = new CopyOnWriteArrayList<>();

        TokenBroker(Callable<String> expected, Runnable onRefusal) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                String got = ex.getRequestHeaders().getFirst("Authorization");
                authorizations.add(String.valueOf(got));
                String want;
                try {
                    want = expected.call();
                } catch (Exception e) {
                    throw new IOException(e);
                }
                boolean ok = want == null ? got == null : ("Bearer " + want).equals(got);
                if (ok) {
                    acceptedIds.add(ex.getRequestHeaders().getFirst("ce-id"));
                } else {
                    onRefusal.run();
                }
                ex.sendResponseHeaders(ok ? 202 : 401, -1);
                ex.close();
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static Backoff fastBackoff() {
        return new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1));
    }

    static OutEvent trade(long id) {
        return RawEvents.batch(EventTypes.RAW, "binance", "binance", List.of(RawEvents.messages(Feeds.binanceTrade("BTCUSDT", id))));
    }

    @Test
    void eachPostCarriesTheTokenTheFileHoldsAtThatMoment() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "eyJ.first.sig\n");
        try (TokenBroker broker = new TokenBroker(() -> Files.readString(file).strip(), () -> { });
                HttpEventSink sink = new HttpEventSink(broker.uri(), fastBackoff(), () -> true, new SinkToken(file))) {
            OutEvent one = trade(1);
            sink.send(one);
            Files.writeString(file, "eyJ.second.sig\n");
            OutEvent two = trade(2);
            sink.send(two);
            assertThat(broker.authorizations).containsExactly("Bearer eyJ.first.sig", "Bearer eyJ.second.sig");
            assertThat(broker.acceptedIds).containsExactly(one.id(), two.id());
        }
    }

    @Test
    void a401IsRetriedWithTheTokenTheFileHoldsByThen() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "eyJ.expired.sig");
        // the broker already wants the renewed token; the kubelet swaps the file only after the first refusal
        try (TokenBroker broker = new TokenBroker(() -> "eyJ.renewed.sig", () -> {
                    try {
                        Files.writeString(file, "eyJ.renewed.sig");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                HttpEventSink sink = new HttpEventSink(broker.uri(), fastBackoff(), () -> true, new SinkToken(file))) {
            OutEvent one = trade(3);
            sink.send(one);
            assertThat(broker.authorizations).containsExactly("Bearer eyJ.expired.sig", "Bearer eyJ.renewed.sig");
            assertThat(broker.acceptedIds).containsExactly(one.id());
        }
    }

    @Test
    void withoutATokenFileNoAuthorizationIsSent() throws Exception {
        try (TokenBroker broker = new TokenBroker(() -> null, () -> { });
                HttpEventSink sink = new HttpEventSink(broker.uri(), fastBackoff(), () -> true, noToken())) {
            OutEvent one = trade(4);
            sink.send(one);
            assertThat(broker.authorizations).containsExactly("null");
            assertThat(broker.acceptedIds).containsExactly(one.id());
        }
    }
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
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1)), () -> true, noToken())) {
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
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom(1)), () -> true, noToken())) {
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
