package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, blocker 4: the images the manifests pull are the ones the build pushes. One registry setting (the
 * root pom's marketfn.image.registry) for the image build and every overlay; knative/base names images without a
 * registry so no second one can hide there; dev pins a build tag, prod a digest; the example sink pins a digest;
 * and no function keeps Quarkus' own container-image settings (the old group=marketfn pushed somewhere else).
 * The image build itself is tested in infra/images (FunctionImageTest).
 */
class ImagesTest {
    static final String REGISTRY = Locations.imageRegistry();
    /** The seven functions and the connector (its Deployments share one image). */
    static final int IMAGES = 8;

    static List<String> distinct(List<Map.Entry<String, String>> images) {
        return images.stream().map(Map.Entry::getValue).distinct().toList();
    }

    @Test
    void everyOverlayImageComesFromTheOneRegistryAndNamesOneBuild() {
        assertThat(distinct(ImagePolicy.images(Rendered.of("knative/overlays/dev")))).hasSize(IMAGES);
        assertThat(ImagePolicy.check(Rendered.of("knative/overlays/dev"), REGISTRY, false)).isEmpty();
        assertThat(ImagePolicy.images(Rendered.of("knative/overlays/dev")))
                .allSatisfy(e -> assertThat(e.getValue()).containsPattern(ImagePolicy.BUILD_TAG));
    }

    @Test
    void prodIsPinnedByDigest() {
        assertThat(distinct(ImagePolicy.images(Rendered.of("knative/overlays/prod")))).hasSize(IMAGES);
        assertThat(ImagePolicy.check(Rendered.of("knative/overlays/prod"), REGISTRY, true)).isEmpty();
    }

    @Test
    void theExampleSinkIsPinnedByDigest() {
        assertThat(ImagePolicy.images(Rendered.of(Rendered.EXAMPLES))).isNotEmpty();
        assertThat(ImagePolicy.check(Rendered.of(Rendered.EXAMPLES), null, true)).isEmpty();
    }

    @Test
    void theBaseNamesImagesWithoutRegistryOrTag() {
        List<Map.Entry<String, String>> base = ImagePolicy.images(Rendered.of("knative/base"));
        assertThat(distinct(base)).hasSize(IMAGES);
        assertThat(base).allSatisfy(e -> assertThat(e.getValue()).matches("marketfn/[a-z-]+"));
    }

    @Test
    void mutableOrForeignImagesFailThePolicy() {
        List<ObjectNode> prod = Rendered.of("knative/overlays/prod");
        ObjectNode container = (ObjectNode) prod.stream().filter(o -> "normalize".equals(Objects.name(o))).findFirst()
                .orElseThrow().at("/spec/template/spec/containers/0");
        container.put("image", "docker.io/marketfn/normalize:latest");
        assertThat(ImagePolicy.check(prod, REGISTRY, true))
                .anySatisfy(e -> assertThat(e).contains("not from the registry " + REGISTRY))
                .anySatisfy(e -> assertThat(e).contains("mutable tag latest"))
                .anySatisfy(e -> assertThat(e).contains("not pinned by @sha256 digest"));
        container.put("image", REGISTRY + "/normalize:0.1.0-SNAPSHOT");
        assertThat(ImagePolicy.check(prod, REGISTRY, false)).singleElement()
                .satisfies(e -> assertThat(e).contains("mutable tag 0.1.0-SNAPSHOT"));
        container.put("image", REGISTRY + "/normalize");
        assertThat(ImagePolicy.check(prod, REGISTRY, false)).singleElement()
                .satisfies(e -> assertThat(e).contains("neither tag nor digest"));
    }

    @Test
    void noFunctionKeepsASecondImageSetting() throws IOException {
        try (Stream<Path> files = Files.walk(Locations.repo().resolve("functions"), 5)) {
            List<Path> sources = files
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> p.getFileName().toString().equals("application.properties")
                            || p.getFileName().toString().equals("pom.xml"))
                    .toList();
            assertThat(sources).hasSizeGreaterThan(6);
            for (Path p : sources) {
                assertThat(Files.readString(p)).as(p.toString())
                        .doesNotContain("quarkus.container-image.")
                        .doesNotContain("quarkus-container-image-");
            }
        }
    }
}
