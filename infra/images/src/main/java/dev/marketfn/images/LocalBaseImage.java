package dev.marketfn.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The base image built on this machine when no base is given: a jlinked Java runtime at /opt/java/openjdk on a
 * distroless-like root (the C libraries that runtime links, copied from this machine, an /etc/passwd with the
 * non-root user, /tmp). It exists because nothing here can pull from a registry; a release build passes a real
 * base instead (docs/deploy.md, "Images").
 */
final class LocalBaseImage {
    private LocalBaseImage() {
    }

    /**
     * What a Quarkus/Kafka/PostgreSQL function uses of the JDK (java.se covers JDBC, JMX, naming, XML, desktop beans),
     * and the connector's {@code /metrics} server (jdk.httpserver).
     */
    static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.management", "jdk.naming.dns",
            "jdk.zipfs", "jdk.crypto.cryptoki", "jdk.security.auth", "jdk.security.jgss", "jdk.net", "jdk.charsets",
            "jdk.httpserver");

    /** Native libraries of the runtime that need a display or sound and are never loaded by a function. */
    private static final Pattern GRAPHICS = Pattern.compile(
            "lib(awt.*|fontmanager|jawt|splashscreen|lcms|javajpeg|mlib_image|jsound|freetype|harfbuzz)\\.so");
    private static final Pattern LDD_PATH = Pattern.compile("(/\\S+) \\(0x");

    /** Builds the base to a docker-archive tarball (what {@code Jib.from(TarImage)} reads) and returns it. */
    static Path build(Path jdk, Path workDir, Path tarball) throws Exception {
        Path work = workDir.toAbsolutePath();
        Path jre = work.resolve("jre");
        Path root = work.resolve("root");
        deleteTree(jre);
        deleteTree(root);
        Files.createDirectories(work);
        Processes.run(work, List.of(jdk.resolve("bin/jlink").toString(), "--add-modules", String.join(",", MODULES),
                "--strip-debug", "--no-man-pages", "--no-header-files", "--output", jre.toString()), 300);

        FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("system");
        for (var lib : sharedLibraries(jre).entrySet()) {
            system.addEntry(Path.of(lib.getValue()), AbsoluteUnixPath.get(lib.getKey()),
                    FilePermissions.fromOctalString("755"), ImageLayout.FILE_TIME);
        }
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("tmp"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "app:x:185:185:app:" + ImageLayout.APP_DIR + ":/sbin/nologin\n", StandardCharsets.UTF_8);
        Files.writeString(root.resolve("etc/group"), "root:x:0:\napp:x:185:\n", StandardCharsets.UTF_8);
        system.addEntry(root.resolve("etc/passwd"), AbsoluteUnixPath.get("/etc/passwd"),
                FilePermissions.fromOctalString("644"), ImageLayout.FILE_TIME);
        system.addEntry(root.resolve("etc/group"), AbsoluteUnixPath.get("/etc/group"),
                FilePermissions.fromOctalString("644"), ImageLayout.FILE_TIME);
        // World-writable scratch for a container run without the /tmp emptyDir the manifests mount.
        system.addEntry(root.resolve("tmp"), AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"),
                ImageLayout.FILE_TIME);

        FileEntriesLayer runtime = FileEntriesLayer.builder().setName("java")
                .addEntryRecursive(jre, AbsoluteUnixPath.get(ImageLayout.JAVA_HOME), Layers::permissionsOf,
                        (src, dst) -> ImageLayout.FILE_TIME)
                .build();
        Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(system.build())
                .addFileEntriesLayer(runtime)
                .setEnvironment(new TreeMap<>(Map.of("JAVA_HOME", ImageLayout.JAVA_HOME,
                        "PATH", ImageLayout.JAVA_HOME + "/bin:/usr/bin:/bin", "LANG", "C.UTF-8")))
                .setUser(ImageLayout.USER)
                .addLabel("org.opencontainers.image.description",
                        "marketfn local base: jlinked Java runtime on a distroless-like root")
                .containerize(Containerizer.to(TarImage.at(tarball).named("marketfn/base:local"))
                        .setApplicationLayersCache(work.resolve("jib-cache"))
                        .setBaseImageLayersCache(work.resolve("jib-cache"))
                        .setOfflineMode(true));
        return tarball;
    }

    /**
     * The C libraries the runtime's java and native libraries link (by ldd), image path to host file. The dynamic
     * loader also goes to /lib64, where the binaries' program interpreter points.
     */
    static TreeMap<String, String> sharedLibraries(Path jre) throws Exception {
        List<Path> binaries = new ArrayList<>();
        binaries.add(jre.resolve("bin/java"));
        try (Stream<Path> files = Files.walk(jre.resolve("lib"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".so"))
                    .filter(f -> !GRAPHICS.matcher(f.getFileName().toString()).matches())
                    .sorted().forEach(binaries::add);
        }
        TreeMap<String, String> libs = new TreeMap<>();
        for (Path binary : binaries) {
            String out = Processes.run(jre, List.of("ldd", binary.toString()), 60);
            Matcher m = LDD_PATH.matcher(out);
            while (m.find()) {
                Path host = Path.of(m.group(1));
                if (host.startsWith(jre)) {
                    continue;
                }
                String name = host.getFileName().toString();
                String real = host.toRealPath().toString();
                if (name.startsWith("ld-linux")) {
                    libs.put("/lib64/" + name, real);
                }
                libs.put("/lib/x86_64-linux-gnu/" + name, real);
            }
        }
        if (libs.keySet().stream().noneMatch(p -> p.endsWith("/libc.so.6"))) {
            throw new IOException("ldd found no libc.so.6 for " + jre + "; is this a glibc x86-64 machine?");
        }
        return libs;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
