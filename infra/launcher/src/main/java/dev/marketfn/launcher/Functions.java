package dev.marketfn.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The five function apps as child processes ({@code java -jar quarkus-run.jar}). */
public final class Functions implements AutoCloseable {
    public static final List<String> NAMES = List.of("normalize", "quality-check", "corporate-action", "indicator",
            "alpha-call");

    /**
     * The ports the docs give the functions when they are run by hand ({@code QUARKUS_HTTP_PORT=8081 java -jar
     * functions/normalize/target/quarkus-app/quarkus-run.jar}, docs/local-stack.md), which {@code stack up
     * --observability} scrapes: the five in pipeline order from 8081, then dead-letter.
     */
    public static final Map<String, Integer> LOCAL_PORTS = orderedPorts();

    private static Map<String, Integer> orderedPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String f : NAMES) {
            ports.put(f, 8081 + ports.size());
        }
        ports.put("dead-letter", 8081 + ports.size());
        return java.util.Collections.unmodifiableMap(ports);
    }

    public record Child(String name, int port, Process process, Path log) {
    }

    private final Map<String, Child> children = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The jar of each function; fails naming every missing one. */
    public static Map<String, Path> jars(Path functionsDir) {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String f : NAMES) {
            Path jar = functionsDir.resolve(f).resolve("target/quarkus-app/quarkus-run.jar");
            if (Files.isRegularFile(jar)) {
                jars.put(f, jar);
            } else {
                missing.add(jar.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new LauncherException("function jar(s) missing: " + String.join(", ", missing)
                    + "\n  build them with ./mvnw -DskipTests install (or pass --functions-dir)");
        }
        return jars;
    }

    /**
     * A free port below the kernel's ephemeral range: a function binds its port a few seconds after it is chosen, and
     * a port from the ephemeral range (what binding port 0 returns) can meanwhile become the local port of an outgoing
     * connection (to Kafka or PostgreSQL), so that the function fails to start with "port in use".
     */
    public static int freePort() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200 && below > 11_000; attempt++) {
            int port = 10_000 + RANDOM.nextInt(below - 10_000);
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new LauncherException("no free TCP port: " + e.getMessage());
        }
    }

    private static final java.util.Random RANDOM = new java.util.Random();

    /** Linux: the first port of {@code net.ipv4.ip_local_port_range}; elsewhere the IANA dynamic range start. */
    static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }

    /** The JDK AOT cache of a function: {@code app.aot} beside its {@code quarkus-run.jar}. */
    public static Path aotCache(Path jar) {
        return jar.toAbsolutePath().resolveSibling(AOT_CACHE);
    }

    static final String AOT_CACHE = "app.aot";

    /** The JVM refuses AOT options next to any {@code -Xshare:} option; the AOT cache includes what CDS gave. */
    public static List<String> withoutSharingOptions(List<String> jvmOpts) {
        return jvmOpts.stream().filter(o -> !o.startsWith("-Xshare:")).toList();
    }

    /**
     * Starts a function. When its AOT cache exists ({@link #aotCache}) and the options say nothing about AOT, the JVM
     * is started with it, in place of any {@code -Xshare:} option (a cache that no longer matches the jars is refused
     * by the JVM, which then starts without).
     */
    public Child start(String name, Path jar, Map<String, String> env, List<String> jvmOpts, Path logDir)
            throws IOException {
        Files.createDirectories(logDir);
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Files.isRegularFile(aotCache(jar)) && jvmOpts.stream().noneMatch(o -> o.startsWith("-XX:AOT"))) {
            cmd.addAll(withoutSharingOptions(jvmOpts));
            cmd.add("-XX:AOTCache=" + aotCache(jar));
        } else {
            cmd.addAll(jvmOpts);
        }
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Path log = logDir.resolve(name + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Child child = new Child(name, port, pb.start(), log);
        children.put(name, child);
        return child;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails when the process dies or the deadline passes. */
    public void awaitReady(Child c, long deadlineNanos) throws InterruptedException {
        URI uri = URI.create("http://localhost:" + c.port() + "/q/health/ready");
        while (System.nanoTime() < deadlineNanos) {
            if (!c.process().isAlive()) {
                throw new LauncherException("function " + c.name() + " exited with code " + c.process().exitValue()
                        + " before it was ready; see " + c.log() + tail(c.log()));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new LauncherException("function " + c.name() + " did not become ready on port " + c.port()
                + "; see " + c.log() + tail(c.log()));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n    | " + String.join("\n    | ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    public Map<String, Child> children() {
        return children;
    }

    /** SIGTERM, then a forced kill after 10 s. */
    @Override
    public void close() {
        for (Child c : children.values()) {
            c.process().destroy();
        }
        for (Child c : children.values()) {
            try {
                if (!c.process().waitFor(10, TimeUnit.SECONDS)) {
                    c.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                c.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        children.clear();
    }

    public static void printPorts(Map<String, Child> children, PrintStream out) {
        children.values().forEach(c -> out.printf("    %-17s http://localhost:%d   log %s%n", c.name(), c.port(), c.log()));
    }
}
