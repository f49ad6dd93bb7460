package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, blocker 1: every object an overlay renders must be one the marketfn-deployer Role (terraform
 * modules/namespace) can create, update and delete -- so namespaced, in the Role's namespace, with a rule for its
 * group and resource -- and no object may be created both by terraform and by the overlay (the kustomization
 * provider's apply fails with AlreadyExists, and two owners fight over it).
 */
class DeployerScopeTest {
    static final Set<String> APPLY_VERBS = Set.of("get", "create", "update", "patch", "delete");

    /** group/Kind -> plural resource name and whether the kind is namespaced. */
    record Resource(String plural, boolean namespaced) {
    }

    /** Core kinds (and the two sources whose schemas live in k8s-schemas/) the overlays may render. */
    static final Map<String, Resource> BUILT_IN = Map.ofEntries(
            Map.entry("/Namespace", new Resource("namespaces", false)),
            Map.entry("/ConfigMap", new Resource("configmaps", true)),
            Map.entry("/Service", new Resource("services", true)),
            Map.entry("apps/Deployment", new Resource("deployments", true)),
            Map.entry("/Secret", new Resource("secrets", true)),
            Map.entry("/ServiceAccount", new Resource("serviceaccounts", true)),
            Map.entry("rbac.authorization.k8s.io/Role", new Resource("roles", true)),
            Map.entry("rbac.authorization.k8s.io/RoleBinding", new Resource("rolebindings", true)),
            Map.entry("rbac.authorization.k8s.io/ClusterRole", new Resource("clusterroles", false)),
            Map.entry("rbac.authorization.k8s.io/ClusterRoleBinding", new Resource("clusterrolebindings", false)),
            Map.entry("networking.k8s.io/NetworkPolicy", new Resource("networkpolicies", true)),
            Map.entry("apiextensions.k8s.io/CustomResourceDefinition", new Resource("customresourcedefinitions", false)),
            Map.entry("sources.knative.dev/PingSource", new Resource("pingsources", true)),
            Map.entry("sources.knative.dev/SinkBinding", new Resource("sinkbindings", true)));

    /** BUILT_IN plus every CRD in the schema directory (spec.names.plural, spec.scope). */
    static Map<String, Resource> resources() {
        Map<String, Resource> all = new HashMap<>(BUILT_IN);
        try (Stream<Path> s = Files.list(Locations.schemas())) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (ObjectNode d : Yaml.documents(f)) {
                    if ("CustomResourceDefinition".equals(d.path("kind").asText())) {
                        JsonNode spec = d.path("spec");
                        all.put(spec.path("group").asText() + "/" + spec.path("names").path("kind").asText(),
                                new Resource(spec.path("names").path("plural").asText(), "Namespaced".equals(spec.path("scope").asText())));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    record Rule(Set<String> groups, Set<String> resources, Set<String> verbs) {
    }

    static Path namespaceModule() {
        return Locations.repo().resolve("terraform/modules/namespace/main.tf");
    }

    /** The deployer Role's rules and namespace as terraform declares them. */
    static List<Rule> deployerRules() {
        JsonNode role = Hcl.parse(List.of(namespaceModule())).get(namespaceModule()).json()
                .path("resource").path("kubernetes_role_v1").path("deployer").path(0);
        assertThat(role.isMissingNode()).as("kubernetes_role_v1.deployer in modules/namespace").isFalse();
        List<Rule> rules = new ArrayList<>();
        role.path("rule").forEach(r -> rules.add(new Rule(strings(r.path("api_groups")), strings(r.path("resources")), strings(r.path("verbs")))));
        return rules;
    }

    static String deployerNamespace() {
        return TerraformTest.defaultOf("namespace", "name");
    }

    private static Set<String> strings(JsonNode a) {
        Set<String> out = new TreeSet<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Problems applying these objects with the deployer Role. */
    static List<String> unmanageable(List<ObjectNode> objs, List<Rule> rules, String namespace, Map<String, Resource> kinds) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode o : objs) {
            String id = TerraformObjects.id(o);
            String gk = id.substring(0, id.indexOf(' '));
            String group = gk.substring(0, gk.indexOf('/'));
            Resource r = kinds.get(gk);
            if (r == null) {
                errors.add(id + ": unknown kind (add it to DeployerScopeTest.BUILT_IN or its CRD to the schema directory)");
                continue;
            }
            if (!r.namespaced()) {
                errors.add(id + ": cluster-scoped; the namespaced marketfn-deployer Role cannot manage it (terraform must own it)");
                continue;
            }
            if (!namespace.equals(o.path("metadata").path("namespace").asText())) {
                errors.add(id + ": outside namespace " + namespace + " the deployer Role is bound in");
            }
            Set<String> granted = new TreeSet<>();
            rules.stream().filter(x -> x.groups().contains(group) && (x.resources().contains(r.plural()) || x.resources().contains("*")))
                    .forEach(x -> granted.addAll(x.verbs()));
            if (!granted.containsAll(APPLY_VERBS) && !granted.contains("*")) {
                Set<String> missing = new TreeSet<>(APPLY_VERBS);
                missing.removeAll(granted);
                errors.add(id + ": deployer Role lacks " + missing + " on " + (group.isEmpty() ? "core" : group) + "/" + r.plural());
            }
        }
        return errors;
    }

    static List<String> ownedTwice(List<ObjectNode> objs, Set<String> terraform) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode o : objs) {
            if (terraform.contains(TerraformObjects.id(o))) {
                errors.add(TerraformObjects.id(o) + ": created by terraform and by the overlay");
            }
        }
        return errors;
    }

    @Test
    void everyRenderedObjectIsManageableByTheDeployerRole() {
        List<Rule> rules = deployerRules();
        Map<String, Resource> kinds = resources();
        for (String overlay : Rendered.OVERLAYS) {
            assertThat(unmanageable(Rendered.of(overlay), rules, deployerNamespace(), kinds)).as(overlay).isEmpty();
        }
    }

    @Test
    void noObjectIsCreatedByBothTerraformAndAnOverlay() {
        TerraformObjects.Result tf = TerraformObjects.of(Locations.repo().resolve("terraform/modules"));
        assertThat(tf.errors()).isEmpty();
        // The resolver must see what it is meant to see, or the check below proves nothing.
        assertThat(tf.ids()).contains("/Namespace /marketfn", "rbac.authorization.k8s.io/Role marketfn/marketfn-deployer",
                "postgresql.cnpg.io/Cluster marketfn/marketfn-db", "kafka.strimzi.io/Kafka kafka/marketfn-kafka");
        for (String overlay : Rendered.OVERLAYS) {
            assertThat(ownedTwice(Rendered.of(overlay), tf.ids())).as(overlay).isEmpty();
        }
    }

    @Test
    void aNamespaceInTheOverlayIsCaughtByBothChecks() {
        List<ObjectNode> objs = new ArrayList<>(Rendered.of(Rendered.OVERLAYS.getFirst()));
        ObjectNode ns = Yaml.documents("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: marketfn\n").getFirst();
        objs.add(ns);
        assertThat(unmanageable(objs, deployerRules(), deployerNamespace(), resources())).singleElement().asString()
                .contains("/Namespace /marketfn", "cluster-scoped");
        assertThat(ownedTwice(objs, TerraformObjects.of(Locations.repo().resolve("terraform/modules")).ids())).singleElement().asString()
                .contains("/Namespace /marketfn");
    }

    @Test
    void aKindTheRoleDoesNotCoverIsCaught() {
        List<ObjectNode> objs = List.of(Yaml.documents("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n  namespace: marketfn\n").getFirst(),
                Yaml.documents("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n  namespace: kafka\n").getFirst());
        assertThat(unmanageable(objs, deployerRules(), deployerNamespace(), resources()))
                .anySatisfy(e -> assertThat(e).contains("Secret marketfn/x", "lacks"))
                .anySatisfy(e -> assertThat(e).contains("ConfigMap kafka/y", "outside namespace marketfn"));
    }
}
