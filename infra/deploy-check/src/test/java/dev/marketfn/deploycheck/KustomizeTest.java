package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeTest {
    @Test
    void everyTargetRenders() {
        for (String t : Rendered.targets()) {
            assertThat(Rendered.of(t)).as(t).isNotEmpty();
        }
    }

    @Test
    void missingKubectlIsAFailureWithAHint() {
        assertThatThrownBy(() -> Kustomize.renderText(Locations.repo().resolve("knative/overlays/dev"), "/nonexistent/kubectl"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("kubectl is required").hasMessageContaining("-Dmarketfn.kubectl");
    }

    @Test
    void brokenKustomizationFails(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - does-not-exist.yaml\n");
        assertThatThrownBy(() -> Kustomize.render(dir)).isInstanceOf(AssertionError.class).hasMessageContaining("kubectl kustomize");
    }
}
