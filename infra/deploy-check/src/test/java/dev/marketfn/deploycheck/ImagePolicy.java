package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Issue #19, blocker 4, as rules over rendered manifests: every image comes from the one registry, names one build
 * (a tag that is not latest or a SNAPSHOT, or a digest), and prod is pinned by digest. Every {@code image} field
 * of every object counts, so a new workload kind cannot slip past.
 */
final class ImagePolicy {
    static final Pattern DIGEST = Pattern.compile("@sha256:[0-9a-f]{64}$");
    /** What `marketfn images` tags with: the version without -SNAPSHOT, then the git commit. */
    static final Pattern BUILD_TAG = Pattern.compile(":[0-9]+\\.[0-9]+\\.[0-9]+-[0-9a-f]{7,40}$");

    private ImagePolicy() {
    }

    /** Object id -> image, for every {@code image} string anywhere in the objects. */
    static List<Map.Entry<String, String>> images(List<ObjectNode> rendered) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (ObjectNode o : rendered) {
            collect(o, o.path("kind").asText() + "/" + Objects.name(o), out);
        }
        return out;
    }

    private static void collect(JsonNode n, String id, List<Map.Entry<String, String>> out) {
        if (n.isObject()) {
            n.properties().forEach(e -> {
                if (e.getKey().equals("image") && e.getValue().isTextual()) {
                    out.add(Map.entry(id, e.getValue().asText()));
                } else {
                    collect(e.getValue(), id, out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, id, out));
        }
    }

    /**
     * @param registry the image registry every image must come from, or null for any (third-party examples)
     * @param digestRequired prod: every image by digest
     */
    static List<String> check(List<ObjectNode> rendered, String registry, boolean digestRequired) {
        List<String> errors = new ArrayList<>();
        for (var e : images(rendered)) {
            String id = e.getKey() + ": image " + e.getValue();
            String image = e.getValue();
            boolean digest = DIGEST.matcher(image).find();
            String name = image.replaceFirst("@.*$", "");
            int colon = name.lastIndexOf(':');
            String tag = colon > name.lastIndexOf('/') ? name.substring(colon + 1) : null;
            if (registry != null && !image.startsWith(registry + "/")) {
                errors.add(id + " is not from the registry " + registry);
            }
            if (!digest && tag == null) {
                errors.add(id + " has neither tag nor digest");
            }
            if (tag != null && (tag.equals("latest") || tag.contains("SNAPSHOT"))) {
                errors.add(id + " uses the mutable tag " + tag);
            }
            if (digestRequired && !digest) {
                errors.add(id + " is not pinned by @sha256 digest");
            }
        }
        return errors;
    }
}
