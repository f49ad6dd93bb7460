package dev.marketfn.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code ./marketfn images}: builds every function's image (base, fast-jar, trained AOT cache) to a tarball, or
 * pushes it, and can write the resulting tags (dev) or digests (prod) into an overlay. The release step in
 * docs/deploy.md, "Images".
 */
public final class ImagesCommand {
    static final List<String> FUNCTIONS = List.of("normalize", "quality-check", "corporate-action", "indicator",
            "alpha-call", "dead-letter", "news");
    /** Every image of a release: the functions and the connector (ConnectorImage). */
    static final List<String> IMAGES = java.util.stream.Stream.concat(FUNCTIONS.stream(),
            java.util.stream.Stream.of(ConnectorImage.NAME)).toList();

    private static final String USAGE = """
            usage: marketfn images [--registry R] [--tag T] [--base BASE.tar] [--push] [--no-train]
                                   [--overlay dev|prod] [--images a,b] [--out DIR]
              --registry  where the images go and what the overlays pull (default: the root pom's
                          marketfn.image.registry, %s)
              --tag       default <version>-<git commit>[-dirty]: never a mutable SNAPSHOT
              --base      the base image as a docker-archive tarball (e.g. skopeo copy
                          docker://eclipse-temurin:25-jre docker-archive:base.tar); default: a local base
                          (jlinked runtime of this JDK on a distroless-like root)
              --push      push to the registry (credentials: docker config / credential helpers, or
                          MARKETFN_REGISTRY_USER + MARKETFN_REGISTRY_PASSWORD); default: tarballs in --out
              --no-train  no AOT cache in the images (training starts each function on an embedded PostgreSQL)
              --overlay   write the pins into knative/overlays/<env>: dev by tag, prod by digest
                          (repeatable: --overlay dev --overlay prod pins both to this build); the pins of
                          images not built keep their values
              --images    which images (default all: the seven functions and connector)
            """;

    public static void main(String[] args) throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = ImagesCommand.class.getResourceAsStream("/images.properties")) {
            defaults.load(in);
        }
        String registry = defaults.getProperty("registry");
        String tag = null;
        Path base = null;
        boolean push = false;
        boolean train = true;
        List<String> overlays = new ArrayList<>();
        List<String> functions = IMAGES;
        Path out = Path.of("infra/images/target/images");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--registry" -> registry = args[++i];
                case "--tag" -> tag = args[++i];
                case "--base" -> base = Path.of(args[++i]);
                case "--push" -> push = true;
                case "--no-train" -> train = false;
                case "--overlay" -> overlays.add(args[++i]);
                case "--images" -> functions = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.printf(USAGE, registry);
                    return;
                }
                default -> {
                    System.err.printf("unknown option %s%n" + USAGE, args[i], registry);
                    System.exit(2);
                }
            }
        }
        if (!List.of("dev", "prod").containsAll(overlays)) {
            throw new IllegalArgumentException("--overlay is dev or prod, not " + overlays);
        }
        if (tag == null) {
            tag = ImageTags.buildTag(defaults.getProperty("version"), Path.of("."));
        }
        ImageTags.requireImmutable(tag);
        out = out.toAbsolutePath();
        Files.createDirectories(out);
        if (base == null) {
            Path jdk = Path.of(System.getProperty("java.home"));
            System.out.println("building the local base from " + jdk);
            base = LocalBaseImage.build(jdk, out.resolve("base-work"), out.resolve("base.tar"));
        }

        Map<String, String> digests = new LinkedHashMap<>();
        try (var pg = train ? EmbeddedPostgresServer.start() : null) {
            for (String f : functions) {
                Path work = out.resolve(f + "-work");
                Files.createDirectories(work);
                String ref = registry + "/" + f + ":" + tag;
                if (f.equals(ConnectorImage.NAME)) {
                    Containerizer to = push ? pushTo(ref) : FunctionImage.toTarball(out.resolve(f + ".tar"), ref, work);
                    JibContainer image = ConnectorImage.build(base, Path.of("infra", "connector", "target"), to);
                    digests.put(f, image.getDigest().toString());
                    System.out.println(f + ": " + ref + "@" + image.getDigest() + (push ? " pushed" : " -> " + out.resolve(f + ".tar")));
                    continue;
                }
                if (!FUNCTIONS.contains(f)) {
                    throw new IllegalArgumentException("--images names " + f + "; the images are " + IMAGES);
                }
                Path app = Path.of("functions", f, "target", "quarkus-app");
                Optional<Path> cache = Optional.empty();
                if (train) {
                    System.out.println(f + ": training the AOT cache");
                    cache = Optional.of(AotTraining.train(base, app, pgEnv(pg), work, work.resolve("training.log")));
                }
                Containerizer to = push ? pushTo(ref) : FunctionImage.toTarball(out.resolve(f + ".tar"), ref, work);
                JibContainer image = FunctionImage.build(base, app, cache, to);
                digests.put(f, image.getDigest().toString());
                System.out.println(f + ": " + ref + "@" + image.getDigest() + (push ? " pushed" : " -> " + out.resolve(f + ".tar")));
            }
        }
        for (String overlay : overlays) {
            Path kustomization = Path.of("knative/overlays", overlay, "kustomization.yaml");
            OverlayImages.write(kustomization, OverlayImages.pins(digests, registry, tag, overlay.equals("prod")));
            System.out.println("wrote " + kustomization + (push ? "" : " (images not pushed: push them before applying)"));
        }
    }

    static Map<String, String> pgEnv(EmbeddedPostgresServer pg) {
        return Map.of("PG_URL", pg.reactiveUrl(), "PG_USER", EmbeddedPostgresServer.USER, "PG_PASSWORD",
                EmbeddedPostgresServer.PASSWORD);
    }

    private static Containerizer pushTo(String ref) throws Exception {
        ImageReference image = ImageReference.parse(ref);
        RegistryImage target = RegistryImage.named(image);
        String user = System.getenv("MARKETFN_REGISTRY_USER");
        String password = System.getenv("MARKETFN_REGISTRY_PASSWORD");
        if (user != null && password != null) {
            target.addCredential(user, password);
        } else {
            CredentialRetrieverFactory creds = CredentialRetrieverFactory.forImage(image, e -> System.err.println(e.getMessage()));
            target.addCredentialRetriever(creds.dockerConfig());
            target.addCredentialRetriever(creds.wellKnownCredentialHelpers());
        }
        return Containerizer.to(target).setToolName("marketfn-images");
    }
}
