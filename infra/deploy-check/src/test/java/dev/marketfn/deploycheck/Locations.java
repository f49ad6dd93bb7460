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

    /** CRD schemas: the upstream Knative and Strimzi CRDs kept in the repo (see their SOURCES.md). */
    static Path schemas() {
        Path p = Path.of(setting("MARKETFN_SCHEMAS_DIR", "marketfn.schemas.dir", repo().resolve("infra/deploy-check/src/test/resources/knative-schemas").toString()))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("CRD schema directory " + p + " does not exist;"
                    + " point MARKETFN_SCHEMAS_DIR / -Dmarketfn.schemas.dir at a directory of CRD schemas");
        }
        return p;
    }

    /** The one registry setting (root pom, marketfn.image.registry): what every overlay image must come from. */
    static String imageRegistry() {
        String r = setting("MARKETFN_IMAGE_REGISTRY", "marketfn.image.registry", "");
        if (r.isBlank()) {
            throw new IllegalStateException("marketfn.image.registry is not set (the pom passes it to the tests)");
        }
        return r;
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
