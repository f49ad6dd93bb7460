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

    @Test
    void deployedRulesAreTheShippedDefaultsAndMountedAsADirectory() throws Exception {
        Path repo = Locations.repo();
        assertThat(Files.readString(repo.resolve("knative/base/rules/rules.yaml"))).as("knative/base/rules/rules.yaml")
                .isEqualTo(Files.readString(repo.resolve(
                        "functions/domain/rules/src/main/resources/dev/marketfn/rules/default-rules.yaml")));
        for (String t : Rendered.OVERLAYS) {
            var objs = Rendered.of(t);
            assertThat(objs).as(t).anySatisfy(o -> {
                assertThat(o.path("kind").asText()).isEqualTo("ConfigMap");
                assertThat(o.at("/metadata/name").asText()).isEqualTo("alpha-call-rules");
                assertThat(o.at("/data/rules.yaml").asText()).contains("condition:");
            });
            assertThat(objs).as(t).anySatisfy(o -> {
                assertThat(o.path("kind").asText()).isEqualTo("Service");
                assertThat(o.at("/metadata/name").asText()).isEqualTo("alpha-call");
                var container = o.at("/spec/template/spec/containers/0");
                assertThat(container.toString()).contains("\"MARKETFN_RULES_FILE\"", "/config/rules/rules.yaml")
                        .doesNotContain("subPath");
            });
        }
    }
}
