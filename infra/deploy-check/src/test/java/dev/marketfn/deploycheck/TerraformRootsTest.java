package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #19, blocker 6: state, lock files, the database guard, env roots, backups through the Barman Cloud plugin. */
class TerraformRootsTest {
    static final List<String> STAGES = List.of("platform", "workloads");

    static Path envs() {
        return Locations.repo().resolve("terraform/envs");
    }

    static List<Path> roots() throws IOException {
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(envs())) {
            for (Path env : s.filter(Files::isDirectory).sorted().toList()) {
                STAGES.forEach(st -> out.add(env.resolve(st)));
            }
        }
        return out;
    }

    @Test
    void envRootsDifferOnlyInVariables() throws IOException {
        for (String stage : STAGES) {
            for (String f : List.of("main.tf", "outputs.tf", "versions.tf")) {
                assertThat(envs().resolve("prod").resolve(stage).resolve(f)).as("%s/%s", stage, f)
                        .hasSameTextualContentAs(envs().resolve("dev").resolve(stage).resolve(f));
            }
            Path dev = envs().resolve("dev").resolve(stage).resolve("variables.tf");
            Path prod = envs().resolve("prod").resolve(stage).resolve("variables.tf");
            Map<Path, Hcl.Parsed> p = Hcl.parse(List.of(dev, prod));
            assertThat(names(p.get(prod).json().path("variable"))).as("%s variables", stage).isEqualTo(names(p.get(dev).json().path("variable")));
        }
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out.stream().sorted().toList();
    }

    @Test
    void everyRootHasARemoteBackend() throws IOException {
        for (Path r : roots()) {
            Path v = r.resolve("versions.tf");
            JsonNode tf = Hcl.parse(List.of(v)).get(v).json().path("terraform");
            boolean backend = false;
            for (JsonNode t : tf) {
                backend |= t.has("backend") && !t.path("backend").has("local");
            }
            assertThat(backend).as("%s: terraform { backend \"...\" {} }", r).isTrue();
        }
    }

    /** A root has its provider lock file committed, or docs/deploy.md says why not and names the root. */
    @Test
    void everyRootHasALockFileOrADocumentedReason() throws IOException {
        String docs = Files.readString(Locations.repo().resolve("docs/deploy.md"));
        for (Path r : roots()) {
            Path lock = r.resolve(".terraform.lock.hcl");
            if (Files.isRegularFile(lock)) {
                JsonNode j = Hcl.parse(List.of(lock)).get(lock).json();
                assertThat(j.path("provider").size()).as("%s lists its providers", lock).isPositive();
                j.path("provider").forEach(p -> p.forEach(b -> assertThat(b.path("hashes").size()).as("%s hashes", lock).isPositive()));
            } else {
                String rel = Locations.repo().relativize(r).toString();
                assertThat(docs).as("docs/deploy.md must explain the missing lock file of " + rel).contains("`" + rel + "`")
                        .contains(".terraform.lock.hcl");
            }
        }
    }

    @Test
    void noTerraformCodeReadsASecret() {
        List<String> errors = new ArrayList<>();
        for (var e : Hcl.parse(TerraformCheck.hclFiles(Locations.repo().resolve("terraform"))).entrySet()) {
            JsonNode data = e.getValue().json() == null ? null : e.getValue().json().path("data");
            if (data == null) {
                continue;
            }
            data.properties().forEach(d -> {
                if (d.getKey().startsWith("kubernetes_secret")) {
                    errors.add(e.getKey() + ": data \"" + d.getKey() + "\" copies secret data into state");
                }
                if (d.getKey().equals("kubernetes_resources") || d.getKey().equals("kubernetes_resource")) {
                    d.getValue().properties().forEach(b -> b.getValue().forEach(x -> {
                        if (x.path("kind").asText().equals("Secret")) {
                            errors.add(e.getKey() + ": data " + d.getKey() + "." + b.getKey() + " reads Secrets");
                        }
                    }));
                }
            });
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void theDatabaseGuardReallyFails() {
        Path main = Locations.repo().resolve("terraform/modules/marketfn/main.tf");
        JsonNode j = Hcl.parse(List.of(main)).get(main).json();
        JsonNode guard = j.at("/data/kubernetes_resources/db_cluster/0");
        assertThat(guard.isMissingNode()).isFalse();
        assertThat(guard.path("kind").asText()).isEqualTo("Cluster");
        JsonNode post = guard.at("/lifecycle/0/postcondition");
        assertThat(post.size()).isPositive();
        assertThat(post.toString()).contains("length(self.objects) == 1").contains("Ready");
        assertThat(j.at("/resource/kustomization_resource/p1/0/depends_on").toString()).contains("data.kubernetes_resources.db_cluster");
    }

    @Test
    void backupsUseTheBarmanCloudPlugin() throws IOException {
        Path dir = Locations.repo().resolve("terraform/modules/postgres/manifests");
        try (var s = Files.list(dir)) {
            for (Path t : s.toList()) {
                assertThat(Files.readString(t)).as(t.toString()).doesNotContain("barmanObjectStore:").doesNotContain("method: barmanObjectStore");
            }
        }
        var vals = TerraformTest.TEMPLATE_VALUES.get("postgres").getFirst();
        var cluster = Yaml.documents(Tftpl.render(Files.readString(dir.resolve("cluster.yaml.tftpl")), vals)).getFirst();
        var store = Yaml.documents(Tftpl.render(Files.readString(dir.resolve("objectstore.yaml.tftpl")), vals)).getFirst();
        var backup = Yaml.documents(Tftpl.render(Files.readString(dir.resolve("scheduledbackup.yaml.tftpl")), vals)).getFirst();
        assertThat(store.path("apiVersion").asText()).isEqualTo("barmancloud.cnpg.io/v1");
        assertThat(cluster.at("/spec/backup").isMissingNode()).isTrue();
        assertThat(cluster.at("/spec/plugins/0/name").asText()).isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(cluster.at("/spec/plugins/0/isWALArchiver").asBoolean()).isTrue();
        assertThat(cluster.at("/spec/plugins/0/parameters/barmanObjectName").asText()).isEqualTo(Objects.name(store));
        assertThat(backup.at("/spec/method").asText()).isEqualTo("plugin");
        assertThat(backup.at("/spec/pluginConfiguration/name").asText()).isEqualTo("barman-cloud.cloudnative-pg.io");
    }
}
