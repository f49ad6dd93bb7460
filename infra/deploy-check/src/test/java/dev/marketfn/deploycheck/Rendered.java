package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The kustomize targets users apply, rendered once per JVM (kubectl takes ~100 ms each). */
final class Rendered {
    static final List<String> OVERLAYS = List.of("knative/overlays/dev", "knative/overlays/prod");
    static final String EXAMPLES = "knative/examples/signal-sinks";
    private static final Map<String, List<ObjectNode>> CACHE = new ConcurrentHashMap<>();

    private Rendered() {
    }

    static List<String> targets() {
        List<String> all = new ArrayList<>(OVERLAYS);
        all.add(EXAMPLES);
        return all;
    }

    /** Deep copies, so a test may mutate what it gets. */
    static List<ObjectNode> of(String relDir) {
        Path dir = Locations.repo().resolve(relDir);
        return CACHE.computeIfAbsent(relDir, d -> Kustomize.render(dir)).stream().map(ObjectNode::deepCopy).toList();
    }

    /** An overlay plus the examples: what a cluster holds after both are applied. */
    static List<ObjectNode> withExamples(String overlay) {
        List<ObjectNode> all = new ArrayList<>(of(overlay));
        all.addAll(of(EXAMPLES));
        return all;
    }
}
