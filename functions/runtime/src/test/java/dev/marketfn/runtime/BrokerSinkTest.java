package dev.marketfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.codec.SinkToken;
import dev.marketfn.contracts.EventTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Side events to K_SINK against a real loopback server that, like the broker with Knative OIDC on, accepts a post only
 * with {@code Authorization: Bearer <the token file's current content>} (no header when there is no file).
 */
class BrokerSinkTest {
    @TempDir
    Path dir;
    Path file;
    HttpServer server;
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> acceptedIds = new CopyOnWriteArrayList<>();

    @BeforeEach
    void broker() throws IOException {
        file = dir.resolve("token");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            List<String> got = ex.getRequestHeaders().getOrDefault("Authorization", List.of());
            authorizations.addAll(got.isEmpty() ? List.of("none") : got);
            List<String> want = Files.exists(file) ? List.of("Bearer " + Files.readString(file).strip()) : List.of();
            boolean ok = got.equals(want);
            if (ok) {
                acceptedIds.add(ex.getRequestHeaders().getFirst("ce-id"));
            }
            ex.sendResponseHeaders(ok ? 202 : 401, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    BrokerSink sink() {
        return new BrokerSink(Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + "/"), false, null,
                new SinkToken(file));
    }

    static OutEvent alert(String id) {
        return OutEvent.builder("quality-check", EventTypes.QUALITY_ALERT, id).symbol("AAPL").data(Map.of("kind", "GAP"));
    }

    @Test
    void sideEventsCarryTheTokenTheFileHoldsAtEachPost() throws IOException {
        Files.writeString(file, "eyJ.first.sig\n");
        BrokerSink sink = sink();
        sink.send(List.of(alert("a-1"), alert("a-2"))).await().atMost(Duration.ofSeconds(10));
        Files.writeString(file, "eyJ.second.sig\n");
        sink.send(List.of(alert("a-3"))).await().atMost(Duration.ofSeconds(10));
        assertThat(authorizations).containsExactly("Bearer eyJ.first.sig", "Bearer eyJ.first.sig", "Bearer eyJ.second.sig");
        assertThat(acceptedIds).containsExactlyInAnyOrder("a-1", "a-2", "a-3");
    }

    @Test
    void withoutATokenFileNoAuthorizationIsSent() {
        sink().send(List.of(alert("b-1"))).await().atMost(Duration.ofSeconds(10));
        assertThat(authorizations).containsExactly("none");
        assertThat(acceptedIds).containsExactly("b-1");
    }

    @Test
    void theTokenIsReadWhenThePostIsMadeAndAFileWithoutOneFailsTheSend() throws IOException {
        BrokerSink sink = sink();
        Files.writeString(file, "eyJ.current.sig");
        // the Uni is lazy: a send assembled before a rotation posts with the token of when it runs
        var send = sink.send(List.of(alert("c-1")));
        Files.writeString(file, "eyJ.rotated.sig");
        send.await().atMost(Duration.ofSeconds(10));
        assertThat(authorizations).containsExactly("Bearer eyJ.rotated.sig");
        Files.writeString(file, "not one token\r\nX-Evil: 1");
        // a failed send fails the request, so the broker redelivers the input event
        assertThatThrownBy(() -> sink.send(List.of(alert("c-2"))).await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining(file.toString()).hasMessageNotContaining("X-Evil");
        assertThat(acceptedIds).containsExactly("c-1");
    }
}
