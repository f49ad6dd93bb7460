package dev.marketfn.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds normalize's image from its real quarkus-app on the local base, twice for reproducibility, then with the
 * AOT cache trained on an embedded PostgreSQL, and runs that image's own file tree (its libc, its java, its cache
 * with -XX:AOTMode=on, which refuses to start on a cache the JVM rejects) until it is ready.
 */
class FunctionImageTest {
    static final Path REPO = Path.of(System.getProperty("marketfn.repo.dir", "../..")).toAbsolutePath().normalize();
    static final Path APP = REPO.resolve("functions/normalize/target/quarkus-app");
    static final Path WORK = REPO.resolve("infra/images/target/image-test");
    static final String REF = "registry.invalid/marketfn/normalize:0.1.0-test";
    static Path base;

    @BeforeAll
    static void localBase() throws Exception {
        Files.createDirectories(WORK);
        base = LocalBaseImage.build(Path.of(System.getProperty("java.home")), WORK.resolve("base-work"),
                WORK.resolve("base.tar"));
    }

    @Test
    void theImageIsWellFormedNonRootAndReproducible() throws Exception {
        var first = FunctionImage.build(base, APP, Optional.empty(),
                FunctionImage.toTarball(WORK.resolve("a.tar"), REF, WORK.resolve("a")));
        var second = FunctionImage.build(base, APP, Optional.empty(),
                FunctionImage.toTarball(WORK.resolve("b.tar"), REF, WORK.resolve("b")));
        assertThat(second.getDigest()).as("same inputs, same digest").isEqualTo(first.getDigest());
        assertThat(Files.readAllBytes(WORK.resolve("b.tar"))).isEqualTo(Files.readAllBytes(WORK.resolve("a.tar")));

        ImageTarball image = ImageTarball.read(WORK.resolve("a.tar"));
        JsonNode config = image.config();
        assertThat(config.get("os").asText()).isEqualTo("linux");
        assertThat(config.get("architecture").asText()).isEqualTo("amd64");
        assertThat(config.get("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
        JsonNode run = config.get("config");
        assertThat(strings(run.get("Entrypoint")))
                .containsExactly("/opt/java/openjdk/bin/java", "-jar", "/deployments/quarkus-run.jar");
        assertThat(run.get("User").asText()).isEqualTo("185:185").doesNotStartWith("0");
        assertThat(strings(run.get("Env"))).contains("JAVA_HOME=/opt/java/openjdk");
        // base (system, java) + dependencies, quarkus, application
        assertThat(image.layers()).hasSize(5);
        assertThat(config.get("rootfs").get("diff_ids")).hasSize(5);
        assertThat(image.reference()).isEqualTo(REF);
        // the digest the build reports (and --overlay prod writes) is the manifest's in the layout
        assertThat(image.manifestDigest()).isEqualTo(first.getDigest().toString());

        Path root = WORK.resolve("a-root");
        LocalBaseImage.deleteTree(root);
        image.extractTo(root);
        assertThat(root.resolve("opt/java/openjdk/bin/java")).isExecutable();
        assertThat(root.resolve("deployments/quarkus-run.jar")).isRegularFile();
        assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).isRegularFile();
        assertThat(Files.readString(root.resolve("etc/passwd"))).contains("app:x:185:185:");
        assertThat(root.resolve("deployments/app.aot")).doesNotExist();
    }

    @Test
    void theAotCacheIsTrainedInTheBuildAndAcceptedByTheImage() throws Exception {
        Path tarball = WORK.resolve("trained.tar");
        try (var pg = EmbeddedPostgresServer.start()) {
            Path cache = AotTraining.train(base, APP, ImagesCommand.pgEnv(pg), WORK.resolve("train"),
                    WORK.resolve("training.log"));
            FunctionImage.build(base, APP, Optional.of(cache),
                    FunctionImage.toTarball(tarball, REF, WORK.resolve("trained")));

            ImageTarball image = ImageTarball.read(tarball);
            List<String> entrypoint = strings(image.config().get("config").get("Entrypoint"));
            assertThat(entrypoint).containsExactly("/opt/java/openjdk/bin/java",
                    "-XX:AOTCache=/deployments/app.aot", "-jar", "/deployments/quarkus-run.jar");
            assertThat(image.layers()).hasSize(6);

            Path root = WORK.resolve("trained-root");
            LocalBaseImage.deleteTree(root);
            image.extractTo(root);
            assertThat(Files.mismatch(root.resolve("deployments/app.aot"), cache)).isEqualTo(-1L);
            assertImageStarts(root, entrypoint, pg);
        }
    }

    /**
     * Runs the entrypoint inside the image's root (chroot in user, mount and PID namespaces: its own libc and
     * loader, not the machine's; no privileges needed) with -XX:AOTMode=on, until /q/health/ready answers 200.
     */
    private static void assertImageStarts(Path root, List<String> entrypoint, EmbeddedPostgresServer pg)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // A container runtime mounts /proc; the loader needs it for $ORIGIN (java finds libjli.so through it).
        Files.createDirectories(root.resolve("proc"));
        List<String> cmd = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount", "--pid",
                "--fork", "--kill-child", "--mount-proc=" + root.resolve("proc"), "chroot", root.toString()));
        cmd.addAll(entrypoint);
        Path log = WORK.resolve("image-run.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(ImagesCommand.pgEnv(pg));
        pb.environment().put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on");
        pb.environment().put("MARKETFN_KAFKA_DOOR_ENABLED", "false");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            int status = 0;
            for (int i = 0; i < 600 && p.isAlive() && status != 200; i++) {
                try {
                    status = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as("ready inside the image's root; log: %s", Files.readString(log)).isEqualTo(200);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
