package dev.marketfn.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary directory for the Parquet files the archive commands write or read through the local disk (the
 * archive's files are flat in it), emptied and removed on close.
 */
final class ScratchDir implements AutoCloseable {
    final Path path;

    ScratchDir(String prefix) throws IOException {
        this.path = Files.createTempDirectory(prefix);
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(path)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(path);
    }
}
