package dev.marketfn.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The connector's image (infra/connector, knative/base/connectors.yaml): the base, its runtime class path
 * (target/lib), then its own jar, run as {@code java -cp … ConnectorMain}. No AOT cache: a connector starts once and
 * runs for days, so start-up time is not worth a training run. Fixed times, so the same inputs give the same digest.
 */
final class ConnectorImage {
    static final String NAME = "connector";
    static final String MAIN = "dev.marketfn.connector.ConnectorMain";
    static final String JAR = ImageLayout.APP_DIR + "/connector.jar";

    private ConnectorImage() {
    }

    /** {@code target} is infra/connector/target: the jar and lib/ that its package phase wrote. */
    static JibContainer build(Path baseTarball, Path target, Containerizer to) throws Exception {
        Path lib = target.resolve("lib");
        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(f -> f.getFileName().toString().matches("marketfn-connector-.*\\.jar")
                    && !f.getFileName().toString().endsWith("-tests.jar")).findFirst().orElse(null);
        }
        if (jar == null || !Files.isDirectory(lib)) {
            throw new IOException("no connector jar and lib/ in " + target + "; build infra/connector first");
        }
        AbsoluteUnixPath app = AbsoluteUnixPath.get(ImageLayout.APP_DIR);
        return Jib.from(TarImage.at(baseTarball))
                .setFormat(ImageFormat.OCI)
                .setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("dependencies")
                        .addEntryRecursive(lib, app.resolve("lib"), Layers::permissionsOf, (s, d) -> ImageLayout.FILE_TIME)
                        .build())
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("application")
                        .addEntry(jar, AbsoluteUnixPath.get(JAR), FilePermissions.fromOctalString("644"), ImageLayout.FILE_TIME)
                        .build())
                .setEntrypoint(entrypoint())
                .setProgramArguments(List.of())
                .setWorkingDirectory(app)
                .setUser(ImageLayout.USER)
                .containerize(to);
    }

    static List<String> entrypoint() {
        return List.of(ImageLayout.JAVA, "-XX:+ExitOnOutOfMemoryError", "-cp", JAR + ":" + ImageLayout.APP_DIR + "/lib/*", MAIN);
    }
}
