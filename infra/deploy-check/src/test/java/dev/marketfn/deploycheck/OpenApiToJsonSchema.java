package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Converts a Kubernetes structural OpenAPI v3 schema (a CRD's openAPIV3Schema) into a strict JSON Schema (2020-12).
 *
 * <p>What the API server does that JSON Schema does not, and how it is mapped:
 * <ul>
 *   <li>Pruning: the API server silently drops unknown fields. Here unknown fields are errors:
 *       {@code additionalProperties: false} wherever {@code properties} is given, unless
 *       {@code x-kubernetes-preserve-unknown-fields: true} (then the node stays open, as the server keeps them).</li>
 *   <li>{@code x-kubernetes-int-or-string}: integer or string.</li>
 *   <li>{@code nullable: true}: null is also accepted.</li>
 *   <li>{@code x-kubernetes-embedded-resource}: apiVersion/kind/metadata are implicit fields.</li>
 *   <li>{@code x-kubernetes-validations} (CEL), list/map-type markers, {@code format} (k8s formats such as int32,
 *       quantity, date-time are not all JSON Schema formats) and {@code default} are dropped: not checked here.</li>
 * </ul>
 */
final class OpenApiToJsonSchema {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Keywords copied verbatim (after converting nested schemas). */
    private static final Set<String> COPIED = Set.of("type", "required", "enum", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties",
            "maxProperties", "multipleOf", "const");
    private static final Set<String> DROPPED = Set.of("description", "format", "default", "example", "title", "externalDocs");

    private OpenApiToJsonSchema() {
    }

    static ObjectNode convert(JsonNode openApi) {
        if (!openApi.isObject()) {
            throw new IllegalArgumentException("schema node is not an object: " + openApi);
        }
        ObjectNode out = F.objectNode();
        boolean preserve = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean intOrString = openApi.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean embedded = openApi.path("x-kubernetes-embedded-resource").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = openApi.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.startsWith("x-kubernetes-") || DROPPED.contains(k) || k.equals("nullable")) {
                continue;
            }
            switch (k) {
                case "properties" -> {
                    ObjectNode props = out.putObject("properties");
                    v.fields().forEachRemaining(p -> props.set(p.getKey(), convert(p.getValue())));
                }
                case "items" -> out.set("items", v.isArray() ? convertAll((ArrayNode) v) : convert(v));
                case "additionalProperties" -> out.set("additionalProperties", v.isBoolean() ? v : convert(v));
                case "allOf", "anyOf", "oneOf" -> out.set(k, convertAll((ArrayNode) v));
                case "not" -> out.set("not", convert(v));
                default -> {
                    if (COPIED.contains(k)) {
                        out.set(k, v);
                    } else {
                        // An OpenAPI keyword this converter does not know would silently weaken validation.
                        throw new IllegalArgumentException("unsupported OpenAPI schema keyword '" + k + "'");
                    }
                }
            }
        }
        if (embedded && out.has("properties")) {
            ObjectNode props = (ObjectNode) out.get("properties");
            props.putIfAbsent("apiVersion", F.objectNode().put("type", "string"));
            props.putIfAbsent("kind", F.objectNode().put("type", "string"));
            props.putIfAbsent("metadata", F.objectNode().put("type", "object"));
        }
        if (intOrString) {
            out.remove("type");
            out.set("type", F.arrayNode().add("integer").add("string"));
        }
        if (openApi.path("nullable").asBoolean(false) && out.has("type")) {
            JsonNode t = out.get("type");
            ArrayNode types = t.isArray() ? ((ArrayNode) t).deepCopy() : F.arrayNode().add(t.asText());
            types.add("null");
            out.set("type", types);
            if (out.has("enum")) {
                ((ArrayNode) out.get("enum")).addNull();
            }
        }
        if (out.has("properties") && !preserve && !out.has("additionalProperties")) {
            out.put("additionalProperties", false);
        }
        return out;
    }

    private static ArrayNode convertAll(ArrayNode schemas) {
        ArrayNode a = F.arrayNode();
        schemas.forEach(s -> a.add(convert(s)));
        return a;
    }
}
