package dev.marketfn.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's live console (infra/console, docs/console.md): started as one more process beside the functions, with
 * the same Kafka and PostgreSQL, the functions' metrics for its Pipeline view, bound to 127.0.0.1.
 */
public final class ConsoleApp {
    public static final String NAME = "console";

    private ConsoleApp() {
    }

    /** Where the console's build leaves it, beside the functions directory (`<repo>/infra/console`). */
    public static Path jar(Path functionsDir) {
        return functionsDir.toAbsolutePath().normalize().resolveSibling("infra").resolve("console")
                .resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Starts the console and waits until its history API answers; returns its URL, or null when it is not built. */
    public static String start(Functions fns, Path functionsDir, Map<String, String> env, List<String> jvmOpts, Path logs,
            long deadlineNanos, PrintStream out) throws IOException, InterruptedException {
        Path jar = jar(functionsDir);
        if (!Files.isRegularFile(jar)) {
            out.println("      (console not built: ./mvnw -B -o package -DskipTests -pl infra/console -am)");
            return null;
        }
        Map<String, String> e = new HashMap<>(env);
        e.put("CONSOLE_HOST", "127.0.0.1");
        e.put("CONSOLE_METRICS", fns.children().values().stream()
                .map(c -> c.name() + "=http://127.0.0.1:" + c.port() + "/q/metrics").collect(Collectors.joining(",")));
        Functions.Child c = fns.start(NAME, jar, e, jvmOpts, logs);
        URI probe = URI.create("http://127.0.0.1:" + c.port() + "/api/symbols");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (System.nanoTime() < deadlineNanos) {
            if (!c.process().isAlive()) {
                throw new LauncherException("the console exited with code " + c.process().exitValue() + "; see "
                        + c.log() + Functions.tail(c.log()));
            }
            try {
                if (http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return "http://127.0.0.1:" + c.port() + "/";
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new LauncherException("the console did not answer on port " + c.port() + "; see " + c.log()
                + Functions.tail(c.log()));
    }
}
