package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Override
    public Integer call() throws Exception {
        Map<String, String> noExternal = Map.of();
        try (Infra infra = Infra.start(noExternal, pgPort, pgData, out)) {
            Files.createDirectories(stateDir.dir);
            String envText = "# written by `marketfn stack up` (pid " + ProcessHandle.current().pid() + ")\n"
                    + "MARKETFN_STACK_PID=" + ProcessHandle.current().pid() + "\n"
                    + "KAFKA_BOOTSTRAP_SERVERS=" + infra.bootstrap + "\n" + "PG_URL=" + infra.pgUrl + "\n"
                    + "PG_USER=" + infra.pgUser + "\n" + "PG_PASSWORD=" + infra.pgPassword + "\n";
            Files.writeString(stateDir.envFile(), envText);
            out.println("stack up (Ctrl-C or `marketfn stack down` to stop)");
            out.print(envText.lines().skip(1).map(l -> "  " + l + "\n").reduce("", String::concat));
            out.println("  topics: " + String.join(", ", KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX)) + " ("
                    + KafkaTopics.PARTITIONS + " partitions each), " + Infra.DLQ_TOPIC);
            out.println("  psql:   " + infra.psql());
            out.println("  env:    set -a; . " + stateDir.envFile() + "; set +a");
            Path file = stateDir.envFile();
            Thread hook = new Thread(() -> {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // best effort
                }
                infra.close();
            });
            Runtime.getRuntime().addShutdownHook(hook);
            Thread.currentThread().join();
        }
        return Main.EXIT_OK;
    }
}
