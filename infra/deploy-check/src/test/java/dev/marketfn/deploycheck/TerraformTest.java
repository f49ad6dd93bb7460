package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerraformTest {
    static Path terraform() {
        return Locations.repo().resolve("terraform");
    }

    /** Sample inputs per module for its manifests/*.yaml.tftpl (dev-like and prod-like where it matters). */
    static final Map<String, List<Map<String, Object>>> TEMPLATE_VALUES = Map.of(
            "kafka", List.of(
                    Map.of("name", "marketfn-kafka", "namespace", "kafka", "kafka_version", "4.1.1", "replicas", 1, "min_isr", 1,
                            "storage_size", "20Gi", "storage_class", ""),
                    Map.of("name", "marketfn-kafka", "namespace", "kafka", "kafka_version", "4.1.1", "replicas", 3, "min_isr", 2,
                            "storage_size", "100Gi", "storage_class", "fast-ssd")),
            "knative", List.of(Map.of("version", "1.22", "domain", "svc.cluster.local", "oidc_authentication", "disabled",
                    "kafka_release_url", "https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.22.0")),
            "postgres", List.of(Map.ofEntries(Map.entry("name", "marketfn-db"), Map.entry("namespace", "marketfn"), Map.entry("instances", 3),
                    Map.entry("image", "ghcr.io/cloudnative-pg/postgresql:17.7"), Map.entry("storage_size", "20Gi"), Map.entry("destination", "s3://b/dev"),
                    Map.entry("endpoint_url", "https://minio.example"), Map.entry("retention", "30d"), Map.entry("credentials_secret", "marketfn-db-backup-s3"),
                    Map.entry("schedule", "0 0 3 * * *"), Map.entry("max_connections", 100), Map.entry("pooler_instances", 2),
                    Map.entry("max_client_conn", 500), Map.entry("default_pool_size", 20), Map.entry("reserve_pool_size", 5),
                    Map.entry("max_prepared_statements", 200))),
            "monitoring", List.of(Map.of("namespace", "marketfn", "stale_after", "10m", "backlog_records", 1000,
                    "backlog_for", "10m", "kafka_namespace", "kafka", "kafka_cluster", "marketfn-kafka")));

    /**
     * Kinds whose CRDs are not in src/test/resources/knative-schemas (Knative Operator, Prometheus Operator): pinned to the
     * API version the installed operator serves; their fields are checked by the tftest plans, not by a schema.
     */
    static final Set<String> UNSCHEMAED = Set.of("operator.knative.dev/v1beta1 KnativeServing", "operator.knative.dev/v1beta1 KnativeEventing",
            "monitoring.coreos.com/v1 PodMonitor");

    @Test
    void terraformTreeParsesAndFollowsTheModuleRules() {
        assertThat(TerraformCheck.check(terraform())).isEmpty();
    }

    @Test
    void everyModuleTemplateRendersToValidManifests() throws IOException {
        List<String> errors = new ArrayList<>();
        int validated = 0;
        try (Stream<Path> s = Files.walk(terraform().resolve("modules"))) {
            for (Path t : s.filter(p -> p.toString().endsWith(".yaml.tftpl")).sorted().toList()) {
                String module = terraform().resolve("modules").relativize(t).getName(0).toString();
                assertThat(TEMPLATE_VALUES).as("test values for module %s (template %s)", module, t).containsKey(module);
                for (Map<String, Object> vars : TEMPLATE_VALUES.get(module)) {
                    for (ObjectNode doc : Yaml.documents(Tftpl.render(Files.readString(t), vars))) {
                        validated++;
                        String key = doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
                        if (UNSCHEMAED.contains(key)) {
                            if (doc.at("/metadata/name").asText().isEmpty() || doc.at("/metadata/namespace").asText().isEmpty()) {
                                errors.add(t + ": " + key + " needs metadata.name and metadata.namespace");
                            }
                        } else {
                            SchemaValidationTest.VALIDATOR.validate(doc).forEach(e -> errors.add(t.getFileName() + ": " + e));
                        }
                    }
                }
            }
        }
        assertThat(errors).isEmpty();
        assertThat(validated).isGreaterThanOrEqualTo(12);
    }

    /** Default of a variable in a module, read from its variables.tf. */
    static String defaultOf(String module, String variable) {
        Path f = terraform().resolve("modules").resolve(module).resolve("variables.tf");
        JsonNode j = Hcl.parse(List.of(f)).get(f).json();
        return j.path("variable").path(variable).path(0).path("default").asText();
    }

    @Test
    void overlaysPointAtWhatTerraformProvisions() {
        String bootstrap = defaultOf("kafka", "cluster_name") + "-kafka-bootstrap." + defaultOf("kafka", "namespace") + ".svc:9093";
        String url = "postgresql://" + defaultOf("postgres", "cluster_name") + "-pooler-rw." + defaultOf("postgres", "namespace") + ".svc:5432/marketfn";
        for (String overlay : Rendered.OVERLAYS) {
            List<ObjectNode> objs = Rendered.of(overlay);
            assertThat(SchemaNegativeTest.find(objs, "ConfigMap", "kafka-broker-config").at("/data/bootstrap.servers").asText())
                    .as("%s bootstrap.servers", overlay).isEqualTo(bootstrap);
            assertThat(SchemaNegativeTest.find(objs, "ConfigMap", "marketfn-runtime").at("/data/QUARKUS_DATASOURCE_REACTIVE_URL").asText())
                    .as("%s datasource URL", overlay).isEqualTo(url);
        }
    }

    // ---- negative: each rule must reject a deliberately broken module ------------------------------------------

    static Path copyModule(Path tmp, String module) throws IOException {
        Path src = terraform().resolve("modules").resolve(module);
        Path dst = tmp.resolve(module);
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path d = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d);
                }
            }
        }
        return dst;
    }

    static List<String> checkModule(Path tmp, Path module) {
        return TerraformCheck.checkDir(tmp, module, TerraformCheck.MODULE_FILES, Hcl.parse(TerraformCheck.hclFiles(module)));
    }

    @Test
    void copiedModuleIsClean(@TempDir Path tmp) throws IOException {
        assertThat(checkModule(tmp, copyModule(tmp, "kafka"))).isEmpty();
    }

    @Test
    void variableWithoutDescriptionFails(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "kafka");
        Files.writeString(m.resolve("variables.tf"), "\nvariable \"extra\" {\n  type = string\n}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(checkModule(tmp, m)).singleElement().asString().contains("variable \"extra\" has no description");
    }

    @Test
    void variableWithoutTypeFails(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "kafka");
        Files.writeString(m.resolve("variables.tf"), "\nvariable \"extra\" {\n  description = \"x\"\n}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(checkModule(tmp, m)).singleElement().asString().contains("variable \"extra\" has no type");
    }

    @Test
    void unpinnedProviderFails(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "kafka");
        Path v = m.resolve("versions.tf");
        Files.writeString(v, Files.readString(v).replace("\"~> 2.17.0\"", "\">= 2.0\""));
        assertThat(checkModule(tmp, m)).singleElement().asString().contains("provider \"helm\"", "not pinned");
    }

    @Test
    void undeclaredProviderFails(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "namespace");
        Files.writeString(m.resolve("main.tf"), "\nresource \"random_id\" \"x\" {\n  byte_length = 4\n}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(checkModule(tmp, m)).singleElement().asString().contains("provider \"random\" without declaring");
    }

    @Test
    void missingRequiredVersionAndReadmeFail(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "monitoring");
        Path v = m.resolve("versions.tf");
        Files.writeString(v, Files.readString(v).replaceAll("required_version = \"[^\"]*\"", ""));
        Files.delete(m.resolve("README.md"));
        assertThat(checkModule(tmp, m)).anySatisfy(e -> assertThat(e).contains("required_version is not set"))
                .anySatisfy(e -> assertThat(e).contains("missing README.md"));
    }

    @Test
    void unparsableTfFails(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "postgres");
        Files.writeString(m.resolve("main.tf"), "\nresource \"kubernetes_manifest\" \"broken\" {\n  manifest = \n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(checkModule(tmp, m)).anySatisfy(e -> assertThat(e).contains("main.tf: does not parse"));
    }

    @Test
    void applyModeTestFails(@TempDir Path tmp) throws IOException {
        Path m = copyModule(tmp, "kafka");
        Path t = m.resolve("tests/stages.tftest.hcl");
        Files.writeString(t, Files.readString(t).replaceFirst("command = plan", "command = apply"));
        List<String> errors = new ArrayList<>();
        Hcl.parse(List.of(t)).values().forEach(p -> p.json().path("run").properties().forEach(r -> r.getValue().forEach(b -> {
            if (!b.path("command").asText().contains("plan")) {
                errors.add(r.getKey());
            }
        })));
        assertThat(errors).containsExactly("platform_installs_only_the_operator");
        // and the tree-level check reports it
        Path tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("modules"));
        Files.move(m, tree.resolve("modules/kafka"));
        assertThat(TerraformCheck.check(tree)).anySatisfy(e -> assertThat(e).contains("must use command = plan"));
    }

    @Test
    void strimziV1beta2TemplateFails() throws IOException {
        Path t = terraform().resolve("modules/kafka/manifests/kafka.yaml.tftpl");
        String broken = Files.readString(t).replace("kafka.strimzi.io/v1\n", "kafka.strimzi.io/v1beta2\n");
        ObjectNode doc = Yaml.documents(Tftpl.render(broken, TEMPLATE_VALUES.get("kafka").getFirst())).getFirst();
        assertThat(SchemaValidationTest.VALIDATOR.validate(doc)).singleElement().asString().contains("kafka.strimzi.io/v1beta2");
    }

    @Test
    void zookeeperEraKafkaSpecFails() throws IOException {
        // Strimzi 0.x put replicas/storage on spec.kafka and had spec.zookeeper; v1 has neither.
        Path t = terraform().resolve("modules/kafka/manifests/kafka.yaml.tftpl");
        ObjectNode doc = Yaml.documents(Tftpl.render(Files.readString(t), TEMPLATE_VALUES.get("kafka").getFirst())).getFirst();
        ((ObjectNode) doc.at("/spec/kafka")).put("replicas", 3);
        ((ObjectNode) doc.get("spec")).putObject("zookeeper").put("replicas", 3);
        assertThat(SchemaValidationTest.VALIDATOR.validate(doc)).anySatisfy(e -> assertThat(e).contains("replicas"))
                .anySatisfy(e -> assertThat(e).contains("zookeeper"));
    }

    @Test
    void templateRendererRejectsWhatItCannotRender() {
        assertThatThrownBy(() -> Tftpl.render("a: ${missing}", Map.of())).hasMessageContaining("no test value");
        assertThatThrownBy(() -> Tftpl.render("%{ for x in xs ~}", Map.of())).hasMessageContaining("unsupported");
    }
}
