package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Lookups over a rendered object set. */
record Objects(List<ObjectNode> all) {
    static final String KSVC_API = "serving.knative.dev/v1";

    List<ObjectNode> ofKind(String apiVersion, String kind) {
        return all.stream().filter(o -> apiVersion.equals(o.path("apiVersion").asText()) && kind.equals(o.path("kind").asText())).toList();
    }

    /**
     * The workloads that talk to PostgreSQL: every Knative Service and every Deployment but the connectors
     * (app.kubernetes.io/component: connector), which only hold a provider's websocket and post to the broker.
     */
    List<ObjectNode> databaseClients() {
        List<ObjectNode> w = new java.util.ArrayList<>(ofKind(KSVC_API, "Service"));
        ofKind("apps/v1", "Deployment").stream()
                .filter(d -> !"connector".equals(d.at("/metadata/labels/app.kubernetes.io~1component").asText()))
                .forEach(w::add);
        return w;
    }

    Optional<ObjectNode> find(String apiVersion, String kind, String namespace, String name) {
        return ofKind(apiVersion, kind).stream().filter(o -> name.equals(name(o)) && namespace.equals(namespace(o))).findFirst();
    }

    /** Resolves a Knative KReference (apiVersion/kind/name[/namespace]) relative to the referring object. */
    Optional<ObjectNode> resolve(JsonNode ref, JsonNode from) {
        if (ref == null || ref.isMissingNode()) {
            return Optional.empty();
        }
        return find(ref.path("apiVersion").asText(), ref.path("kind").asText(), ref.path("namespace").asText(namespace(from)),
                ref.path("name").asText());
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String namespace(JsonNode o) {
        return o.path("metadata").path("namespace").asText("default");
    }

    static String ref(JsonNode ref) {
        return ref.path("apiVersion").asText() + " " + ref.path("kind").asText() + " " + ref.path("name").asText();
    }
}
