package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.embedded.LocalPrometheus;
import dev.marketfn.embedded.Monitoring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marketfn stack up}. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start embedded Kafka + PostgreSQL in the foreground; writes <state-dir>/stack.env.")
final class StackUpCommand extends Main.Base {
    @Mixin
    StateDirOption stateDir;
    @Option(names = "--pg-port", defaultValue = "0", paramLabel = "PORT", description = "PostgreSQL port; 0 = any free port (default)")
    int pgPort;
    @Option(names = "--pg-data", paramLabel = "DIR", description = "keep PostgreSQL data in this directory across restarts")
    Path pgData;
    @Mixin
    ObservabilityOptions observability;

    @Override
    public Integer call() throws Exception {
        Map<String, String> noExternal = Map.of();
        // checked before anything starts: a missing module is a usage error, not a half-started stack
        Monitoring monitoring = observability.on ? monitoring(observability.monitoringDir) : null;
        try (Infra infra = Infra.start(noExternal, pgPort, pgData, out);
                LocalPrometheus prometheus = monitoring == null ? null : prometheus(monitoring)) {
            Files.createDirectories(stateDir.dir);
            String envText = "# written by `marketfn stack up` (pid " + ProcessHandle.current().pid() + ")\n"
                    + "MARKETFN_STACK_PID=" + ProcessHandle.current().pid() + "\n"
                    + "KAFKA_BOOTSTRAP_SERVERS=" + infra.bootstrap + "\n" + "PG_URL=" + infra.pgUrl + "\n"
                    + "PG_USER=" + infra.pgUser + "\n" + "PG_PASSWORD=" + infra.pgPassword + "\n"
                    + (prometheus == null ? "" : "PROMETHEUS_URL=" + prometheus.url() + "\n");
            Files.writeString(stateDir.envFile(), envText);
            out.println("stack up (Ctrl-C or `marketfn stack down` to stop)");
            out.print(envText.lines().skip(1).map(l -> "  " + l + "\n").reduce("", String::concat));
            out.println("  topics: " + String.join(", ", KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX)) + " ("
                    + KafkaTopics.PARTITIONS + " partitions each), " + Infra.DLQ_TOPIC);
            out.println("  psql:   " + infra.psql());
            out.println("  env:    set -a; . " + stateDir.envFile() + "; set +a");
            if (prometheus != null) {
                out.println("  prometheus: " + prometheus.url() + " scraping " + prometheus.dir().resolve("targets.json")
                        + " (edit it to add or move targets), rules of " + monitoring.dir());
                out.println("    run a function by hand where it is scraped, e.g. QUARKUS_HTTP_PORT="
                        + Functions.LOCAL_PORTS.get("normalize") + " java -jar functions/normalize/target/quarkus-app/quarkus-run.jar");
            }
            Path file = stateDir.envFile();
            Thread hook = new Thread(() -> {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // best effort
                }
                if (prometheus != null) {
                    prometheus.close();
                }
                infra.close();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            Thread.currentThread().join();
        }
        return Main.EXIT_OK;
    }

    private Monitoring monitoring(Path dir) {
        try {
            return Monitoring.at(dir);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /**
     * Prometheus on {@code --prometheus-port} (9090 by default) with its files in {@code <state-dir>/prometheus}
     * (data kept across restarts); the targets are the functions at their local ports, unless a targets.json is there
     * already (it was edited, or written by an earlier run), which is kept.
     */
    private LocalPrometheus prometheus(Monitoring monitoring) {
        Path dir = stateDir.dir.resolve("prometheus");
        List<LocalPrometheus.Target> targets = Files.exists(dir.resolve("targets.json")) ? null
                : Functions.LOCAL_PORTS.entrySet().stream()
                        .map(e -> LocalPrometheus.Target.loopback(e.getKey(), e.getValue())).toList();
        try {
            return LocalPrometheus.start(dir, observability.port == 0 ? 9090 : observability.port,
                    java.time.Duration.ofSeconds(5), monitoring, targets, env);
        } catch (LocalPrometheus.Unavailable e) {
            throw new LauncherException("--observability: " + e.getMessage());
        }
    }
}
