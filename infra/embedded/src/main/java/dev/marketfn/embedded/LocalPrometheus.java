package dev.marketfn.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (the Debian package's {@code prometheus}, or {@code $PROMETHEUS}) as a child process on loopback,
 * scraping the functions' {@code /q/metrics} and evaluating the alert and recording rules terraform deploys
 * ({@link Monitoring#ruleFiles}), for {@code marketfn stack up --observability}, {@code marketfn demo --observability}
 * and the tests that ask it what the dashboards ask. Its files are in one directory: {@code prometheus.yml},
 * {@code rules/}, {@code targets.json} (file service discovery: edit it, or {@link #target}, and Prometheus follows
 * within seconds), {@code data/} and {@code prometheus.log}. Closing it stops the process.
 */
public final class LocalPrometheus implements AutoCloseable {
    /** The scrape job of the functions (label {@code job}). */
    public static final String JOB = "marketfn";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Prometheus could not be started: no binary, or it exited or was not ready in time. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A scrape target: a function ({@code service} label) at {@code host:port}. */
    public record Target(String service, String address) {
        public static Target loopback(String service, int port) {
            return new Target(service, "127.0.0.1:" + port);
        }
    }

    private final Process process;
    private final Path dir;
    private final String url;
    private final List<Target> targets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalPrometheus(Process process, Path dir, String url, List<Target> targets) {
        this.process = process;
        this.dir = dir;
        this.url = url;
        this.targets = targets == null ? new ArrayList<>() : new ArrayList<>(targets);
    }

    /** {@code -Dmarketfn.prometheus}, else {@code PROMETHEUS} of {@code env}, else {@code prometheus} from PATH. */
    public static String binary(Map<String, String> env) {
        String fromEnv = env.get("PROMETHEUS");
        return System.getProperty("marketfn.prometheus",
                fromEnv == null || fromEnv.isBlank() ? "prometheus" : fromEnv);
    }

    /**
     * Starts Prometheus on {@code 127.0.0.1:port} (0: a free port) with its files in {@code dir}, scraping
     * {@code targets} every {@code interval} (rules evaluated as often), and waits until it is ready. Null
     * {@code targets} keeps the targets.json that is in {@code dir} (one a user edited).
     */
    public static LocalPrometheus start(Path dir, int port, Duration interval, Monitoring monitoring,
            List<Target> targets, Map<String, String> env) {
        try {
            Files.createDirectories(dir.resolve("rules"));
            List<String> ruleFiles = new ArrayList<>();
            for (var rule : monitoring.ruleFiles().entrySet()) {
                Files.writeString(dir.resolve("rules").resolve(rule.getKey()), rule.getValue());
                ruleFiles.add("rules/" + rule.getKey());
            }
            if (targets != null) {
                writeTargets(dir, targets);
            }
            long seconds = Math.max(1, interval.toSeconds());
            Files.writeString(dir.resolve("prometheus.yml"), """
                    # written by marketfn (LocalPrometheus); the rules are terraform/modules/monitoring's PrometheusRules
                    global:
                      scrape_interval: %1$ds
                      evaluation_interval: %1$ds
                    rule_files: %2$s
                    scrape_configs:
                      - job_name: %3$s
                        metrics_path: /q/metrics
                        file_sd_configs:
                          - files: [targets.json]
                            refresh_interval: %1$ds
                    """.formatted(seconds, JSON.writeValueAsString(ruleFiles), JOB));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Prometheus' files in " + dir + ": " + e.getMessage(), e);
        }
        int listen = port > 0 ? port : freeLoopbackPort();
        String binary = binary(env);
        Path log = dir.resolve("prometheus.log");
        Process p;
        try {
            p = new ProcessBuilder(binary, "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + listen,
                    "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new Unavailable("Prometheus '" + binary + "' cannot be started (" + e.getMessage()
                    + "); install it (Debian: apt-get install prometheus) or set PROMETHEUS to its path", e);
        }
        LocalPrometheus prometheus = new LocalPrometheus(p, dir, "http://127.0.0.1:" + listen, targets);
        long deadline = System.nanoTime() + 30_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new Unavailable("Prometheus exited with code " + p.exitValue() + ": " + tail(log), null);
                }
                if (prometheus.ready()) {
                    return prometheus;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        prometheus.close();
        throw new Unavailable("Prometheus not ready on " + prometheus.url + " within 30 s: " + tail(log), null);
    }

    private static void writeTargets(Path dir, List<Target> targets) throws IOException {
        List<Map<String, Object>> groups = targets.stream().map(t -> Map.<String, Object>of("targets",
                List.of(t.address()), "labels", Map.of("service", t.service()))).toList();
        // written beside and moved, so that Prometheus never reads half a file
        Path tmp = dir.resolve("targets.json.tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(groups));
        Files.move(tmp, dir.resolve("targets.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds a scrape target to those it was started with (rewrites {@code targets.json}). */
    public synchronized void target(Target target) {
        targets.add(target);
        try {
            writeTargets(dir, targets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code http://127.0.0.1:<port>}: its web UI and HTTP API. */
    public String url() {
        return url;
    }

    public Path dir() {
        return dir;
    }

    private boolean ready() throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The series an instant query returns (none for an expression that does not parse). */
    public int seriesOf(String expr) throws IOException, InterruptedException {
        JsonNode result = query(expr).at("/data/result");
        return result.isArray() ? result.size() : 0;
    }

    /** The rule groups Prometheus loaded ({@code /api/v1/rules}): name → number of rules. */
    public Map<String, Integer> ruleGroups() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rules"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Integer> groups = new java.util.LinkedHashMap<>();
        for (JsonNode g : JSON.readTree(r.body()).at("/data/groups")) {
            groups.put(g.path("name").asText(), g.path("rules").size());
        }
        return groups;
    }

    /**
     * Waits until every target it was given has been scraped up at least {@code scrapes} times (a rate then has samples), at most
     * {@code timeout}; the targets not there by then.
     */
    public List<String> awaitScraped(int scrapes, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> missing;
        do {
            missing = new ArrayList<>();
            for (Target t : List.copyOf(targets)) {
                if (seriesOf("count_over_time(up{job=\"" + JOB + "\",instance=\"" + t.address() + "\"}[5m]) >= "
                        + scrapes + " and up{instance=\"" + t.address() + "\"} == 1") == 0) {
                    missing.add(t.service() + " " + t.address());
                }
            }
            if (!missing.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
        return missing;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
