package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, blocker 5: who may publish. The broker's EventPolicy admits exactly the senders the overlay renders
 * (PingSources, SinkBindings, the Triggers whose subscribers reply) plus the ingest service account; Kafka has only
 * an authenticated TLS listener with ACLs and a KafkaUser per client; the kafka namespace has a NetworkPolicy;
 * PostgreSQL connections use sslmode=require. Shapes are also schema-checked (EventPolicy and KafkaUser CRDs).
 */
class TrustModelTest {
    static final String INGEST = "system:serviceaccount:marketfn:marketfn-ingest";

    static Set<String> expectedSenders(List<ObjectNode> objs) {
        Set<String> want = new TreeSet<>();
        for (ObjectNode o : objs) {
            String kind = o.path("kind").asText();
            boolean toBroker = o.at("/spec/sink/ref/kind").asText().equals("Broker");
            if ((kind.equals("PingSource") || kind.equals("SinkBinding")) && toBroker
                    || kind.equals("Trigger") && o.at("/spec/subscriber/ref/kind").asText().equals("Service")) {
                want.add(kind + "/" + Objects.name(o));
            }
        }
        return want;
    }

    static List<String> problems(List<ObjectNode> objs) {
        List<ObjectNode> policies = new Objects(objs).ofKind("eventing.knative.dev/v1alpha1", "EventPolicy");
        if (policies.size() != 1) {
            return List.of("exactly one EventPolicy expected, found " + policies.size());
        }
        JsonNode p = policies.getFirst();
        List<String> errors = new java.util.ArrayList<>();
        if (!p.at("/spec/to/0/ref/kind").asText().equals("Broker") || !p.at("/spec/to/0/ref/name").asText().equals("marketfn") || p.at("/spec/to").size() != 1) {
            errors.add("EventPolicy must target exactly Broker marketfn");
        }
        Set<String> refs = new TreeSet<>();
        Set<String> subs = new TreeSet<>();
        p.at("/spec/from").forEach(f -> {
            if (f.has("ref")) {
                refs.add(f.at("/ref/kind").asText() + "/" + f.at("/ref/name").asText());
            }
            if (f.has("sub")) {
                subs.add(f.path("sub").asText());
            }
        });
        Set<String> want = expectedSenders(objs);
        if (!refs.equals(want)) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(refs);
            Set<String> extra = new TreeSet<>(refs);
            extra.removeAll(want);
            errors.add("EventPolicy from.ref: missing " + missing + ", not rendered " + extra);
        }
        if (!subs.equals(Set.of(INGEST))) {
            errors.add("EventPolicy from.sub must be exactly " + INGEST + " (no wildcards), was " + subs);
        }
        return errors;
    }

    @Test
    void onlyTheRenderedSendersMayPublishToTheBroker() {
        for (String overlay : Rendered.OVERLAYS) {
            assertThat(problems(Rendered.of(overlay))).as(overlay).isEmpty();
        }
    }

    @Test
    void aNewSenderWithoutAPolicyEntryIsCaught() {
        List<ObjectNode> objs = new java.util.ArrayList<>(Rendered.of("knative/overlays/dev"));
        objs.add(Yaml.documents("""
                apiVersion: sources.knative.dev/v1
                kind: PingSource
                metadata: {name: extra, namespace: marketfn}
                spec: {schedule: "* * * * *", sink: {ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: marketfn}}}
                """).getFirst());
        assertThat(problems(objs)).singleElement().asString().contains("missing [PingSource/extra]");
        ObjectNode policy = new Objects(objs).ofKind("eventing.knative.dev/v1alpha1", "EventPolicy").getFirst();
        ((com.fasterxml.jackson.databind.node.ArrayNode) policy.at("/spec/from")).addObject().put("sub", "system:serviceaccount:marketfn:*");
        assertThat(problems(objs)).anySatisfy(e -> assertThat(e).contains("no wildcards"));
    }

    @Test
    void oidcIsAFeatureTheKnativeModuleSwitches() throws IOException {
        String eventing = Files.readString(Locations.repo().resolve("terraform/modules/knative/manifests/knativeeventing.yaml.tftpl"));
        assertThat(eventing).contains("authentication-oidc: ${oidc_authentication}");
    }

    static List<ObjectNode> kafkaTemplates(String file) throws IOException {
        Path t = Locations.repo().resolve("terraform/modules/kafka/manifests/" + file);
        return Yaml.documents(Tftpl.render(Files.readString(t), TerraformTest.TEMPLATE_VALUES.get("kafka").getLast()));
    }

    @Test
    void kafkaHasOnlyAnAuthenticatedListenerWithAclsAndAUserPerClient() throws IOException {
        ObjectNode kafka = kafkaTemplates("kafka.yaml.tftpl").getFirst();
        JsonNode listeners = kafka.at("/spec/kafka/listeners");
        assertThat(listeners.size()).isPositive();
        for (JsonNode l : listeners) {
            assertThat(l.path("tls").asBoolean()).as("listener %s TLS", l.path("name")).isTrue();
            assertThat(l.at("/authentication/type").asText()).as("listener %s authentication", l.path("name")).isIn("scram-sha-512", "tls");
            assertThat(l.path("networkPolicyPeers").size()).as("listener %s networkPolicyPeers", l.path("name")).isPositive();
        }
        assertThat(kafka.at("/spec/kafka/authorization/type").asText()).isEqualTo("simple");
        List<ObjectNode> users = kafkaTemplates("kafkausers.yaml.tftpl");
        assertThat(users).extracting(Objects::name).containsExactlyInAnyOrder("knative-kafka-broker", "marketfn-kafka-door",
                "marketfn-dead-letter");
        for (ObjectNode u : users) {
            assertThat(u.at("/spec/authentication/type").asText()).isIn("scram-sha-512", "tls");
            assertThat(u.at("/spec/authorization/acls").size()).isPositive();
            u.at("/spec/authorization/acls").forEach(a -> assertThat(a.at("/resource/name").asText()).as("no wildcard ACL").isNotIn("*", ""));
            assertThat(SchemaValidationTest.VALIDATOR.validate(u)).isEmpty();
        }
        int port = listeners.get(0).path("port").asInt();
        for (String overlay : Rendered.OVERLAYS) {
            JsonNode cfg = SchemaNegativeTest.find(Rendered.of(overlay), "ConfigMap", "kafka-broker-config").path("data");
            assertThat(cfg.path("bootstrap.servers").asText()).as(overlay).endsWith(":" + port);
            assertThat(cfg.path("auth.secret.ref.name").asText()).as(overlay + " broker credentials").isNotEmpty();
        }
    }

    @Test
    void kafkaNamespaceHasANetworkPolicy() {
        Path main = Locations.repo().resolve("terraform/modules/kafka/main.tf");
        JsonNode np = Hcl.parse(List.of(main)).get(main).json().path("resource").path("kubernetes_network_policy_v1");
        assertThat(np.size()).isEqualTo(1);
        JsonNode spec = np.elements().next().path(0).path("spec").path(0);
        assertThat(np.elements().next().path(0).at("/metadata/0/namespace").asText()).isEqualTo("${var.namespace}");
        assertThat(spec.path("policy_types").toString()).contains("Ingress");
        assertThat(spec.path("pod_selector").size()).as("selects every pod in the namespace").isEqualTo(1);
    }

    @Test
    void postgresConnectionsRequireTls() throws IOException {
        for (String overlay : Rendered.OVERLAYS) {
            JsonNode data = SchemaNegativeTest.find(Rendered.of(overlay), "ConfigMap", "marketfn-runtime").path("data");
            assertThat(data.path("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE").asText()).as(overlay).isIn("require", "verify-ca", "verify-full");
            String ca = data.path("QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS").asText();
            Objects objs = new Objects(Rendered.of(overlay));
            for (ObjectNode s : objs.databaseClients()) {
                JsonNode mounts = s.at("/spec/template/spec/containers/0/volumeMounts");
                assertThat(mounts.toString()).as("%s mounts the DB CA", Objects.name(s)).contains("/etc/marketfn/db-ca");
                assertThat(ca).startsWith("/etc/marketfn/db-ca/");
            }
        }
        String cluster = Files.readString(Locations.repo().resolve("terraform/modules/postgres/manifests/cluster.yaml.tftpl"));
        assertThat(cluster).contains("hostnossl all all 0.0.0.0/0 reject", "hostnossl all all ::/0 reject");
    }
}
