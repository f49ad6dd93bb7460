package dev.marketfn.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked artefacts live. Each path: env var, then system property (set by the pom), then a default. */
final class Locations {
    private Locations() {
    }

    static Path repo() {
        Path p = Path.of(setting("MARKETFN_REPO_DIR", "marketfn.repo.dir", "../..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("knative"))) {
            throw new IllegalStateException("repo root " + p + " has no knative/; set -Dmarketfn.repo.dir or MARKETFN_REPO_DIR");
        }
        return p;
    }

    /** CRD schemas: in CI the repo is cloned with shared/ beside it, hence ../shared/schemas/knative. */
    static Path schemas() {
        Path p = Path.of(setting("MARKETFN_SCHEMAS_DIR", "marketfn.schemas.dir", repo().resolve("../shared/schemas/knative").toString()))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("CRD schema directory " + p + " does not exist; the repo must be checked out with shared/ beside it,"
                    + " or point MARKETFN_SCHEMAS_DIR / -Dmarketfn.schemas.dir at shared/schemas/knative");
        }
        return p;
    }

    static String setting(String env, String property, String fallback) {
        String v = System.getenv(env);
        if (v != null && !v.isBlank()) {
            return v;
        }
        v = System.getProperty(property);
        return v != null && !v.isBlank() ? v : fallback;
    }
}
