package dev.marketfn.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One function's image: the base, then its fast-jar in three layers ordered from least to most often changed
 * (dependencies, Quarkus' generated code, the function's own jar and launcher), then its AOT cache when trained.
 * Every time in it is fixed, so the same inputs give the same digest.
 */
final class FunctionImage {
    private FunctionImage() {
    }

    /**
     * @param baseTarball the base as a docker-archive tarball
     * @param quarkusApp the function's target/quarkus-app
     * @param aotCache the trained cache, if any
     * @param to where the image goes (a tarball here, a registry in a release)
     */
    static JibContainer build(Path baseTarball, Path quarkusApp, Optional<Path> aotCache, Containerizer to)
            throws Exception {
        if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
            throw new IOException("no quarkus-run.jar in " + quarkusApp + "; build the functions first");
        }
        AbsoluteUnixPath app = AbsoluteUnixPath.get(ImageLayout.APP_DIR);
        var builder = Jib.from(TarImage.at(baseTarball))
                .setFormat(ImageFormat.OCI)
                .setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(tree("dependencies", quarkusApp.resolve("lib"), app.resolve("lib")))
                .addFileEntriesLayer(tree("quarkus", quarkusApp.resolve("quarkus"), app.resolve("quarkus")))
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("application")
                        .addEntryRecursive(quarkusApp.resolve("app"), app.resolve("app"), Layers::permissionsOf,
                                (s, d) -> ImageLayout.FILE_TIME)
                        .addEntry(quarkusApp.resolve("quarkus-run.jar"), AbsoluteUnixPath.get(ImageLayout.RUN_JAR),
                                FilePermissions.fromOctalString("644"), ImageLayout.FILE_TIME)
                        .build());
        if (aotCache.isPresent()) {
            builder.addFileEntriesLayer(FileEntriesLayer.builder().setName("aot-cache")
                    .addEntry(aotCache.get(), AbsoluteUnixPath.get(ImageLayout.AOT_CACHE),
                            FilePermissions.fromOctalString("644"), ImageLayout.FILE_TIME)
                    .build());
        }
        return builder
                .setEntrypoint(ImageLayout.entrypoint(aotCache.isPresent()))
                .setProgramArguments(List.of())
                .setWorkingDirectory(app)
                .setUser(ImageLayout.USER)
                .setExposedPorts(Port.tcp(8080))
                .containerize(to);
    }

    private static FileEntriesLayer tree(String name, Path source, AbsoluteUnixPath target) throws IOException {
        return FileEntriesLayer.builder().setName(name)
                .addEntryRecursive(source, target, Layers::permissionsOf, (s, d) -> ImageLayout.FILE_TIME)
                .build();
    }

    /** A tarball target, offline, with its layer cache under {@code work}. */
    static Containerizer toTarball(Path tarball, String reference, Path work) throws Exception {
        return offline(Containerizer.to(TarImage.at(tarball).named(reference)), work);
    }

    static Containerizer offline(Containerizer c, Path work) {
        return c.setApplicationLayersCache(work.resolve("jib-cache"))
                .setBaseImageLayersCache(work.resolve("jib-cache"))
                .setOfflineMode(true);
    }
}
