package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connector's meters on GET /metrics, in a text format that Prometheus' own checker accepts. */
class MetricsEndpointTest {
    @Test
    void servesTheConnectorsMetersInThePrometheusFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsEndpoint endpoint = new MetricsEndpoint(registry, 0)) {
            ConnectorMetrics m = new ConnectorMetrics(registry, "coinbase", System::nanoTime);
            m.connection.set(2);
            m.breaker.set(2);
            m.frames.increment(3);
            m.bytes.increment(1_200);
            m.reconnects.increment();
            m.batchFrames.record(3);
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(r.body()).contains(
                    "marketfn_connector_connection_state{provider=\"coinbase\"} 2",
                    "marketfn_connector_breaker_state{provider=\"coinbase\"} 2",
                    "marketfn_connector_frames_total{provider=\"coinbase\"} 3",
                    "marketfn_connector_bytes_total{provider=\"coinbase\"} 1200",
                    "marketfn_connector_reconnects_total{provider=\"coinbase\"} 1",
                    "marketfn_connector_batch_frames_count{provider=\"coinbase\"} 1",
                    "marketfn_connector_last_frame_age_seconds{provider=\"coinbase\"}");
            assertThat(promtoolCheckMetrics(r.body())).as("promtool check metrics").isZero();
            assertThat(http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
        }
    }

    /** Prometheus' promtool (Debian package prometheus, installed by ./marketfn test) lints the exposition. */
    private static int promtoolCheckMetrics(String exposition) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.print(out);
        // lint findings (naming advice) are printed with exit 3; 1 is a parse error of the format itself
        return p.exitValue() == 3 ? 0 : p.exitValue();
    }
}
