package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runtime rules for the marketfn Knative Services (and the dead-letter Deployment, where they apply) that a schema
 * cannot express: scale-to-zero settings, probes,
 * hardened security context, DB credentials only from the CloudNativePG secret, pinned images from the marketfn
 * registry, and reachability only through the NetworkPolicy.
 */
final class ServicePolicy {
    static final String DB_SECRET = "marketfn-db-app";
    static final String DEPLOYMENT_API = "apps/v1";
    static final Set<String> AUTOSCALING = Set.of("min-scale", "max-scale", "target", "window", "scale-to-zero-pod-retention-period");

    private ServicePolicy() {
    }

    /**
     * @param services    names of the Knative Services to check (the functions and dead-letter)
     * @param pinnedImages whether images must carry an explicit tag other than latest (true for overlays)
     */
    static List<String> check(List<ObjectNode> rendered, Set<String> services, boolean pinnedImages) {
        Objects objs = new Objects(rendered);
        List<String> errors = new ArrayList<>();
        for (String name : services) {
            var found = objs.ofKind(Objects.KSVC_API, "Service").stream().filter(s -> name.equals(Objects.name(s))).findFirst();
            boolean knative = found.isPresent();
            if (!knative) {
                // dead-letter is a Deployment: its Kafka door must keep consuming, so it cannot scale to zero
                found = objs.ofKind(DEPLOYMENT_API, "Deployment").stream().filter(s -> name.equals(Objects.name(s))).findFirst();
            }
            if (found.isEmpty()) {
                errors.add("Knative Service (or Deployment) " + name + " is not rendered");
                continue;
            }
            ObjectNode s = found.get();
            String id = (knative ? "Service " : "Deployment ") + name + ": ";
            JsonNode tmpl = s.path("spec").path("template");
            if (knative) {
                errors.addAll(knativeScaling(id, s));
            } else if (s.path("spec").path("replicas").asInt(0) < 1) {
                errors.add(id + "replicas must be set (>= 1): nothing else starts its Kafka door");
            }
            JsonNode pod = tmpl.path("spec");
            if (pod.path("containers").size() != 1) {
                errors.add(id + "exactly one container expected");
                continue;
            }
            JsonNode c = pod.path("containers").get(0);
            String image = c.path("image").asText();
            String repo = Locations.imageRegistry() + "/" + name;
            boolean tagged = image.startsWith(repo + ":") && !image.endsWith(":latest") && !image.contains("SNAPSHOT");
            if (!(image.equals(repo) || image.startsWith(repo + ":") || image.startsWith(repo + "@")) || (pinnedImages && !tagged && !image.contains("@sha256:"))) {
                errors.add(id + "image must be " + repo + (pinnedImages ? ":<tag> (not latest, not a SNAPSHOT) or @sha256:<digest>" : "") + ", was " + image);
            }
            for (String r : List.of("requests", "limits")) {
                for (String k : List.of("cpu", "memory")) {
                    if (c.path("resources").path(r).path(k).asText().isEmpty()) {
                        errors.add(id + "resources." + r + "." + k + " missing");
                    }
                }
            }
            if (!"/q/health/live".equals(c.path("livenessProbe").path("httpGet").path("path").asText())) {
                errors.add(id + "livenessProbe must GET /q/health/live");
            }
            if (!"/q/health/ready".equals(c.path("readinessProbe").path("httpGet").path("path").asText())) {
                errors.add(id + "readinessProbe must GET /q/health/ready");
            }
            JsonNode sc = c.path("securityContext");
            if (!sc.path("runAsNonRoot").asBoolean(false) || !sc.path("readOnlyRootFilesystem").asBoolean(false)
                    || sc.path("allowPrivilegeEscalation").asBoolean(true) || !"RuntimeDefault".equals(sc.path("seccompProfile").path("type").asText())
                    || !sc.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                errors.add(id + "securityContext must set runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation=false,"
                        + " capabilities.drop [ALL], seccompProfile RuntimeDefault");
            }
            errors.addAll(env(id, c, objs, Objects.namespace(s), knative));
            JsonNode podLabels = tmpl.path("metadata").path("labels");
            boolean selected = objs.ofKind("networking.k8s.io/v1", "NetworkPolicy").stream()
                    .filter(np -> Objects.namespace(np).equals(Objects.namespace(s)))
                    .anyMatch(np -> matches(np.path("spec").path("podSelector").path("matchLabels"), podLabels));
            if (!selected) {
                errors.add(id + "no NetworkPolicy selects its pods (template labels " + podLabels + ")");
            }
        }
        for (ObjectNode np : objs.ofKind("networking.k8s.io/v1", "NetworkPolicy")) {
            // the policies of the function pods (a connector's admits only Prometheus: nothing posts to it)
            if (!np.path("spec").path("podSelector").path("matchLabels").path("marketfn.dev/ingress").asText()
                    .equals("knative")) {
                continue;
            }
            String from = np.path("spec").path("ingress").toString();
            for (String ns : List.of("knative-eventing", "knative-serving")) {
                if (!from.contains("\"" + ns + "\"")) {
                    errors.add("NetworkPolicy " + Objects.name(np) + ": must admit namespace " + ns + " (Knative data plane)");
                }
            }
        }
        return errors;
    }

    /** What only a Knative Service has: cluster-local visibility, autoscaling to zero, a concurrency cap. */
    private static List<String> knativeScaling(String id, ObjectNode s) {
        List<String> errors = new ArrayList<>();
        if (!"cluster-local".equals(s.path("metadata").path("labels").path("networking.knative.dev/visibility").asText())) {
            errors.add(id + "label networking.knative.dev/visibility must be cluster-local");
        }
        JsonNode tmpl = s.path("spec").path("template");
        JsonNode ann = tmpl.path("metadata").path("annotations");
        for (String a : AUTOSCALING) {
            if (ann.path("autoscaling.knative.dev/" + a).asText().isEmpty()) {
                errors.add(id + "template annotation autoscaling.knative.dev/" + a + " missing");
            }
        }
        if (!"0".equals(ann.path("autoscaling.knative.dev/min-scale").asText())) {
            errors.add(id + "min-scale must be \"0\" (scale to zero)");
        }
        if (tmpl.path("spec").path("containerConcurrency").asInt(0) < 1) {
            errors.add(id + "containerConcurrency must be set (> 0)");
        }
        return errors;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false; // an empty selector selects everything; the policy is meant to name the function pods
        }
        for (Map.Entry<String, JsonNode> e : selector.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** @param knative a Knative Service (HTTP door only) rather than the dead-letter Deployment (Kafka door on) */
    private static List<String> env(String id, JsonNode c, Objects objs, String ns, boolean knative) {
        List<String> errors = new ArrayList<>();
        java.util.Map<String, String> plain = new java.util.HashMap<>();
        for (JsonNode ef : c.path("envFrom")) {
            String cm = ef.path("configMapRef").path("name").asText();
            if (cm.isEmpty()) {
                errors.add(id + "envFrom supports configMapRef only here");
                continue;
            }
            var found = objs.find("v1", "ConfigMap", ns, cm);
            if (found.isEmpty()) {
                errors.add(id + "envFrom ConfigMap " + cm + " is not rendered");
            } else {
                found.get().path("data").properties().forEach(e -> plain.put(e.getKey(), e.getValue().asText()));
            }
        }
        for (String k : plain.keySet()) {
            if (k.matches(".*(PASSWORD|SECRET|TOKEN).*")) {
                errors.add(id + "secret-looking key " + k + " in a ConfigMap; use secretKeyRef");
            }
        }
        Map<String, JsonNode> secretRefs = new java.util.HashMap<>();
        for (JsonNode e : c.path("env")) {
            String n = e.path("name").asText();
            if (e.has("value")) {
                plain.put(n, e.path("value").asText());
                if (n.matches(".*(PASSWORD|SECRET|TOKEN|USERNAME).*")) {
                    errors.add(id + "env " + n + " is inline; credentials must come from secretKeyRef");
                }
            }
            if (e.path("valueFrom").has("secretKeyRef")) {
                secretRefs.put(n, e.path("valueFrom").path("secretKeyRef"));
            }
        }
        for (var want : Map.of("QUARKUS_DATASOURCE_USERNAME", "username", "QUARKUS_DATASOURCE_PASSWORD", "password").entrySet()) {
            JsonNode ref = secretRefs.get(want.getKey());
            if (ref == null || !DB_SECRET.equals(ref.path("name").asText()) || !want.getValue().equals(ref.path("key").asText())) {
                errors.add(id + want.getKey() + " must come from secretKeyRef " + DB_SECRET + "/" + want.getValue());
            }
        }
        if (!plain.getOrDefault("QUARKUS_DATASOURCE_REACTIVE_URL", "").startsWith("postgresql://")) {
            errors.add(id + "QUARKUS_DATASOURCE_REACTIVE_URL (postgresql://...) not set via env or envFrom");
        }
        if (knative && !"false".equals(plain.get("MARKETFN_KAFKA_DOOR_ENABLED"))) {
            errors.add(id + "MARKETFN_KAFKA_DOOR_ENABLED must be false (Knative uses the HTTP door only)");
        }
        if (!knative && !"true".equals(plain.get("MARKETFN_KAFKA_DOOR_ENABLED"))) {
            errors.add(id + "MARKETFN_KAFKA_DOOR_ENABLED must be true (the Deployment drains its topic with the Kafka door)");
        }
        return errors;
    }
}
