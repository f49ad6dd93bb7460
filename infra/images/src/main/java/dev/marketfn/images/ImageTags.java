package dev.marketfn.images;

import java.nio.file.Path;
import java.util.List;

/** Tags that name one build: the version without -SNAPSHOT and the commit, so a tag is never reused for new bits. */
final class ImageTags {
    private ImageTags() {
    }

    static String buildTag(String projectVersion, Path repo) throws Exception {
        String version = projectVersion.replace("-SNAPSHOT", "");
        String commit = Processes.run(repo, List.of("git", "rev-parse", "--short=12", "HEAD"), 30).strip();
        boolean dirty = !Processes.run(repo, List.of("git", "status", "--porcelain", "--untracked-files=no"), 30)
                .isBlank();
        return version + "-" + commit + (dirty ? "-dirty" : "");
    }

    /** Refuses the tags a registry lets anyone move: latest and snapshots. */
    static void requireImmutable(String tag) {
        if (tag.equals("latest") || tag.contains("SNAPSHOT") || !tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new IllegalArgumentException("image tag '" + tag + "' is mutable or malformed; use a build tag");
        }
    }
}
