package dev.marketfn.images;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** How files go into layers: read-only for everyone, executable where the source is (java, jspawnhelper). */
final class Layers {
    private Layers() {
    }

    static FilePermissions permissionsOf(Path source, AbsoluteUnixPath target) {
        try {
            boolean dir = Files.isDirectory(source);
            boolean exec = dir || Files.getPosixFilePermissions(source).contains(PosixFilePermission.OWNER_EXECUTE);
            return FilePermissions.fromOctalString(exec ? "755" : "644");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<PosixFilePermission> posix(int mode) {
        return java.nio.file.attribute.PosixFilePermissions.fromString(
                rwx(mode >> 6) + rwx(mode >> 3) + rwx(mode));
    }

    private static String rwx(int bits) {
        return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") + ((bits & 1) != 0 ? "x" : "-");
    }
}
