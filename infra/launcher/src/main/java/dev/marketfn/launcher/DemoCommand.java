package dev.marketfn.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code marketfn demo}: the whole pipeline on a sample trading day ({@link Demo}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + PostgreSQL (or KAFKA_BOOTSTRAP_SERVERS / PG_URL), the five functions, a sample trading day, a summary.")
final class DemoCommand extends Main.Base {
    @Option(names = "--functions-dir", defaultValue = "functions", description = "where <f>/target/quarkus-app/quarkus-run.jar live (default: ${DEFAULT-VALUE})")
    Path functionsDir;
    @Option(names = "--state-dir", defaultValue = ".marketfn", description = "logs go to <dir>/logs (default: ${DEFAULT-VALUE})")
    Path stateDir;
    @Option(names = "--fraction", defaultValue = "1.0", description = "share of the streaming sample messages to send, 0.01..1 (default: ${DEFAULT-VALUE})")
    double fraction;
    @Option(names = "--quiet-seconds", defaultValue = "5", description = "the pipeline is done when no row changed for this long (default: ${DEFAULT-VALUE})")
    int quietSeconds;
    @Option(names = "--max-wait", defaultValue = "90", description = "upper bound in seconds for the pipeline to drain (default: ${DEFAULT-VALUE})")
    int maxWait;
    @Option(names = "--ready-timeout", defaultValue = "90", description = "seconds for the functions to become ready (default: ${DEFAULT-VALUE})")
    int readyTimeout;
    @Option(names = "--jvm-opts", defaultValue = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx384m -Xshare:auto",
            description = "JVM options of the function processes (default: ${DEFAULT-VALUE})")
    String jvmOpts;
    @Option(names = "--no-console", description = "do not start the live console (docs/console.md)")
    boolean noConsole;
    @picocli.CommandLine.Mixin
    ObservabilityOptions observability;

    @Override
    public Integer call() throws Exception {
        if (!(fraction > 0 && fraction <= 1)) {
            throw usage("--fraction must be in (0, 1]");
        }
        // a run without signals throws (exit code 1), recorded failed in its job_runs row
        new Demo(new Demo.Options(functionsDir, stateDir, fraction, quietSeconds, maxWait, readyTimeout,
                List.of(jvmOpts.trim().split("\\s+")), env, null, noConsole ? Demo.Console.OFF
                : terminal ? Demo.Console.UNTIL_INTERRUPTED : Demo.Console.WITH_DEMO, observability.monitoring(),
                observability.port, Map.of()), out).run();
        return Main.EXIT_OK;
    }
}
