package dev.marketfn.launcher;

import dev.marketfn.embedded.LocalPrometheus;
import dev.marketfn.embedded.Monitoring;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --observability} of {@code stack up} and {@code demo}: a real Prometheus ({@link LocalPrometheus}) scraping
 * the functions with the alert and recording rules terraform deploys (docs/local-stack.md, "Observability").
 */
final class ObservabilityOptions {
    @Option(names = "--observability", description = "also run Prometheus (the prometheus binary, or $PROMETHEUS) "
            + "scraping the functions, with terraform's alert and recording rules; prints its URL")
    boolean on;
    @Option(names = "--monitoring-dir", defaultValue = Monitoring.MODULE, paramLabel = "DIR",
            description = "terraform's monitoring module: the rules and dashboards (default: ${DEFAULT-VALUE})")
    Path monitoringDir;
    @Option(names = "--prometheus-port", defaultValue = "0", paramLabel = "PORT",
            description = "Prometheus' port on 127.0.0.1; 0 = 9090 for stack up, any free port for the demo")
    int port;

    /** The monitoring module when {@code --observability} is given; null otherwise. */
    Path monitoring() {
        return on ? monitoringDir : null;
    }
}
