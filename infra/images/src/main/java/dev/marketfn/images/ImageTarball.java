package dev.marketfn.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * An image tarball as Jib writes it: an OCI image layout (index.json, blobs/sha256/..., the function images) or a
 * docker-archive (manifest.json, what {@code Jib.from(TarImage)} reads; the base). Read to train the AOT cache on
 * an image's own file tree and to check built images.
 */
final class ImageTarball {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] config;
    private final List<byte[]> layers;
    private final String reference;
    private final String manifestDigest;

    private ImageTarball(byte[] config, List<byte[]> layers, String reference, String manifestDigest) {
        this.config = config;
        this.layers = layers;
        this.reference = reference;
        this.manifestDigest = manifestDigest;
    }

    static ImageTarball read(Path tarball) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (var tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    entries.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        if (entries.containsKey("index.json")) {
            JsonNode descriptor = JSON.readTree(entries.get("index.json")).get("manifests").get(0);
            String digest = descriptor.get("digest").asText();
            JsonNode manifest = JSON.readTree(blob(entries, digest));
            List<byte[]> layers = new ArrayList<>();
            for (JsonNode l : manifest.get("layers")) {
                layers.add(blob(entries, l.get("digest").asText()));
            }
            JsonNode name = descriptor.path("annotations").path("org.opencontainers.image.ref.name");
            return new ImageTarball(blob(entries, manifest.get("config").get("digest").asText()), layers,
                    name.asText(null), digest);
        }
        if (entries.containsKey("manifest.json")) {
            JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
            List<byte[]> layers = new ArrayList<>();
            manifest.get("Layers").forEach(l -> layers.add(entries.get(l.asText())));
            return new ImageTarball(entries.get(manifest.get("Config").asText()), layers,
                    manifest.path("RepoTags").path(0).asText(null), null);
        }
        throw new IOException(tarball + " is neither an OCI layout nor a docker-archive tarball");
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) throws IOException {
        byte[] b = entries.get("blobs/" + digest.replace(':', '/'));
        if (b == null) {
            throw new IOException("blob " + digest + " missing from the OCI layout");
        }
        return b;
    }

    /** The image's configuration (entrypoint, user, env, diff_ids). */
    JsonNode config() throws IOException {
        return JSON.readTree(config);
    }

    /** The name it was built under. */
    String reference() {
        return reference;
    }

    /** The manifest's digest (OCI layout only): what a registry reports for the pushed image. */
    String manifestDigest() {
        return manifestDigest;
    }

    /** The layers in order, as stored (gzip'd tar). */
    List<byte[]> layers() {
        return layers;
    }

    /**
     * Unpacks every layer in order into {@code root} with modes and modification times kept. Links and whiteouts
     * occur in registry bases (Jib's own layers have none); device nodes are skipped, a training run needs none.
     */
    void extractTo(Path root) throws IOException {
        Files.createDirectories(root);
        for (byte[] layer : layers()) {
            try (InputStream in = maybeGunzip(layer); var tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    Path target = root.resolve(e.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new IOException("layer entry outside the root: " + e.getName());
                    }
                    String name = target.getFileName() == null ? "" : target.getFileName().toString();
                    if (name.equals(".wh..wh..opq")) {
                        LocalBaseImage.deleteTree(target.getParent());
                        Files.createDirectories(target.getParent());
                    } else if (name.startsWith(".wh.")) {
                        LocalBaseImage.deleteTree(target.resolveSibling(name.substring(4)));
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target);
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else if (e.isLink()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(root.resolve(e.getLinkName()), target, StandardCopyOption.REPLACE_EXISTING);
                    } else if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (e.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, Layers.posix(e.getMode()));
                        Files.setLastModifiedTime(target, FileTime.from(e.getModTime().toInstant()));
                    }
                }
            }
        }
    }

    private static InputStream maybeGunzip(byte[] layer) throws IOException {
        InputStream in = new java.io.ByteArrayInputStream(layer);
        boolean gzip = layer.length > 2 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b;
        return gzip ? new GzipCompressorInputStream(in) : in;
    }
}
