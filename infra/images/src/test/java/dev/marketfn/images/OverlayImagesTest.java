package dev.marketfn.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayImagesTest {
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void onlyTheBuiltImagesPinsAreRewritten(@TempDir Path dir) throws Exception {
        Path k = dir.resolve("kustomization.yaml");
        Files.writeString(k, """
                # comment kept
                resources:
                  - ../../base
                images:
                  - name: marketfn/normalize
                    newName: r.example/mf/normalize
                    newTag: "0.1.0-0000000"

                  - name: marketfn/indicator
                    newName: r.example/mf/indicator
                    newTag: "0.1.0-0000000"
                patches:
                  - path: kafka-broker-config.yaml
                """);
        Map<String, String> digests = new LinkedHashMap<>();
        digests.put("normalize", DIGEST);
        digests.put("connector", DIGEST);
        OverlayImages.write(k, OverlayImages.pins(digests, "r.example/mf", "0.1.0-abc1234", true));
        assertThat(Files.readString(k)).isEqualTo("""
                # comment kept
                resources:
                  - ../../base
                images:
                  - name: marketfn/normalize
                    newName: r.example/mf/normalize
                    digest: %s
                  - name: marketfn/indicator
                    newName: r.example/mf/indicator
                    newTag: "0.1.0-0000000"
                  - name: marketfn/connector
                    newName: r.example/mf/connector
                    digest: %s
                patches:
                  - path: kafka-broker-config.yaml
                """.formatted(DIGEST, DIGEST));

        OverlayImages.write(k, OverlayImages.pins(Map.of("connector", DIGEST), "r.example/mf", "0.1.0-abc1234", false));
        assertThat(Files.readString(k)).contains("connector\n    newTag: \"0.1.0-abc1234\"\npatches:")
                .contains("normalize\n    digest: " + DIGEST);
    }

    @Test
    void mutableTagsAreRefused() {
        assertThatThrownBy(() -> ImageTags.requireImmutable("latest")).hasMessageContaining("mutable");
        assertThatThrownBy(() -> ImageTags.requireImmutable("0.1.0-SNAPSHOT")).hasMessageContaining("mutable");
        ImageTags.requireImmutable("0.1.0-c739d1c2a3f4");
    }
}
