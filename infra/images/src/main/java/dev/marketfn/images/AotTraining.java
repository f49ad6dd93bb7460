package dev.marketfn.images;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Trains a function's JDK AOT cache on the image's own file tree: the base's layers unpacked and the fast-jar laid
 * out as in the image (same relative paths, same file times), run with the image's own java and
 * {@code -XX:AOTCacheOutput} until it is ready (schema migrated, HTTP up), then stopped with SIGTERM so the JVM
 * writes the cache as it exits. The JDK accepts the cache at the image's paths: it checks the JVM build and the
 * class path jars' names, sizes and times, not where the tree sits. Training covers start-up, the cost a scale-from-
 * zero pays; the bench's training also posts one event (docs/performance.md, "Start-up").
 */
final class AotTraining {
    private AotTraining() {
    }

    /**
     * @param env the function's settings for the run (PostgreSQL: PG_URL, PG_USER, PG_PASSWORD)
     * @return the cache file
     */
    static Path train(Path baseTarball, Path quarkusApp, Map<String, String> env, Path work, Path log)
            throws Exception {
        Path root = work.resolve("rootfs");
        LocalBaseImage.deleteTree(root);
        ImageTarball.read(baseTarball).extractTo(root);
        Path app = root.resolve(ImageLayout.APP_DIR.substring(1));
        copyApp(quarkusApp, app);
        Path cache = work.resolve("app.aot");
        Files.deleteIfExists(cache);

        List<String> cmd = new ArrayList<>(ImageLayout.entrypoint(false));
        cmd.set(0, root.resolve(ImageLayout.JAVA.substring(1)).toString());
        cmd.add(1, "-XX:AOTCacheOutput=" + cache);
        cmd.set(cmd.size() - 1, root.resolve(ImageLayout.RUN_JAR.substring(1)).toString());
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        // The Knative configuration: events arrive over HTTP, the Kafka door stays closed.
        pb.environment().put("MARKETFN_KAFKA_DOOR_ENABLED", "false");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        try {
            awaitReady(p, port, log);
            p.destroy();
            // The JVM assembles the cache on exit (a child JVM); bounded, it is seconds to a minute.
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                throw new IOException("the training run did not exit within 180 s of SIGTERM; see " + log);
            }
        } finally {
            p.destroyForcibly();
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IOException("the training run wrote no AOT cache; see " + log);
        }
        // the unpacked tree is a few hundred MB per function and no longer needed
        LocalBaseImage.deleteTree(root);
        return cache;
    }

    private static void awaitReady(Process p, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the training run exited (" + p.exitValue() + ") before it was ready; see " + log);
            }
            try {
                var r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the training run was not ready within 180 s; see " + log);
    }

    /** The fast-jar as the image holds it: same relative paths, every file at {@link ImageLayout#FILE_TIME}. */
    static void copyApp(Path quarkusApp, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(quarkusApp)) {
            // a cache left beside the jar by the bench or the launcher is not part of the image
            for (Path src : files.sorted().filter(f -> !f.getFileName().toString().startsWith("app.aot")).toList()) {
                Path dst = target.resolve(quarkusApp.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                    Files.setLastModifiedTime(dst, FileTime.from(ImageLayout.FILE_TIME));
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
