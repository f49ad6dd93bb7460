package dev.marketfn.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian package's binary, {@code PROMETHEUS} / {@code -Dmarketfn.prometheus} to override)
 * scraping one function's {@code /q/metrics} every second, on loopback only, for tests that ask it questions through
 * its HTTP API ({@code /api/v1/query}). Closing it stops the process.
 */
public final class RealPrometheus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RealPrometheus(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    static String binary() {
        String env = System.getenv("PROMETHEUS");
        return System.getProperty("marketfn.prometheus", env == null || env.isBlank() ? "prometheus" : env);
    }

    /** Starts Prometheus scraping {@code http://127.0.0.1:<targetPort>/q/metrics} and waits until it is ready. */
    public static RealPrometheus scraping(int targetPort, Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: marketfn
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(targetPort));
        Process p;
        try {
            p = new ProcessBuilder(binary(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            // a failure, not a skip: `./marketfn test` installs it (Debian package prometheus, like promtool)
            throw new AssertionError("prometheus is required but '" + binary() + "' could not be started ("
                    + e.getMessage() + "). Install it (Debian: apt-get install prometheus) or pass -Dmarketfn.prometheus=...", e);
        }
        RealPrometheus prometheus = new RealPrometheus(p, "http://127.0.0.1:" + port);
        for (int i = 0; i < 150; i++) {
            if (!p.isAlive()) {
                throw new AssertionError("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            if (prometheus.ready()) {
                return prometheus;
            }
            Thread.sleep(200);
        }
        prometheus.close();
        throw new AssertionError("prometheus not ready after 30 s: " + Files.readString(dir.resolve("prometheus.log")));
    }

    private boolean ready() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * An instant query: the API's whole answer ({@code status}, {@code data.result}, or {@code errorType} and
     * {@code error} for an expression that does not parse).
     */
    public JsonNode query(String expr) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The series an instant query returns (none for an expression that does not parse). */
    public int seriesOf(String expr) throws IOException, InterruptedException {
        JsonNode result = query(expr).at("/data/result");
        return result.isArray() ? result.size() : 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
