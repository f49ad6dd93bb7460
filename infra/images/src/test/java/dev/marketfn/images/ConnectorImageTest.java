package dev.marketfn.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Builds the connector's image from infra/connector's built jar and class path, twice for reproducibility, and runs
 * its entrypoint inside the image's own file tree (as FunctionImageTest does): the connector starts, reads its
 * configuration and refuses a keyed provider without its key, naming the variable.
 */
class ConnectorImageTest {
    static final Path TARGET = FunctionImageTest.REPO.resolve("infra/connector/target");
    static final Path WORK = FunctionImageTest.REPO.resolve("infra/images/target/connector-image-test");
    static final String REF = "registry.invalid/marketfn/connector:0.1.0-test";

    @Test
    void theImageIsReproducibleNonRootAndRunsTheConnector() throws Exception {
        Files.createDirectories(WORK);
        Path base = LocalBaseImage.build(Path.of(System.getProperty("java.home")), WORK.resolve("base-work"),
                WORK.resolve("base.tar"));
        var first = ConnectorImage.build(base, TARGET, FunctionImage.toTarball(WORK.resolve("a.tar"), REF, WORK.resolve("a")));
        var second = ConnectorImage.build(base, TARGET, FunctionImage.toTarball(WORK.resolve("b.tar"), REF, WORK.resolve("b")));
        assertThat(second.getDigest()).as("same inputs, same digest").isEqualTo(first.getDigest());

        ImageTarball image = ImageTarball.read(WORK.resolve("a.tar"));
        JsonNode run = image.config().get("config");
        List<String> entrypoint = new ArrayList<>();
        run.get("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertThat(entrypoint).isEqualTo(ConnectorImage.entrypoint());
        assertThat(run.get("User").asText()).isEqualTo("185:185");
        assertThat(image.layers()).hasSize(4); // base (system, java) + dependencies, application

        Path root = WORK.resolve("a-root");
        LocalBaseImage.deleteTree(root);
        image.extractTo(root);
        assertThat(root.resolve("deployments/connector.jar")).isRegularFile();
        assertThat(root.resolve("deployments/lib")).isDirectory();
        assertThat(runInImage(root, entrypoint, Map.of("MARKETFN_PROVIDER", "finnhub", "MARKETFN_SYMBOLS", "AAPL",
                "K_SINK", "http://127.0.0.1:9/"))).contains("finnhub needs its credentials in FINNHUB_API_KEY");
    }

    /** The entrypoint in the image's root (chroot in user, mount and PID namespaces); its output once it exits. */
    private static String runInImage(Path root, List<String> entrypoint, Map<String, String> env) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "--pid",
                "--fork", "--kill-child", "--mount-proc=" + root.resolve("proc"), "chroot", root.toString()));
        cmd.addAll(entrypoint);
        Path log = WORK.resolve("connector-run.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the connector did not exit; log: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isNotZero();
        return Files.readString(log);
    }
}
