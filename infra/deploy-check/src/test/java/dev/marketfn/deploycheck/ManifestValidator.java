package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Validates Kubernetes objects: custom resources against the served version of their CRD (from src/test/resources/knative-schemas),
 * everything else against the strict schemas checked in under k8s-schemas/ (written in the same OpenAPI dialect and
 * converted the same way). A kind without a schema -- or with a version the CRD does not serve -- is an error.
 */
final class ManifestValidator {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** "apiVersion Kind" -> schema. */
    private final Map<String, JsonSchema> schemas = new TreeMap<>();
    /** "apiVersion Kind" -> where the schema came from (for messages). */
    private final Map<String, String> origin = new TreeMap<>();

    ManifestValidator(Path crdDir, Path coreSchemaDir) {
        ObjectNode objectMeta = loadJsonOrYaml(coreSchemaDir.resolve("objectmeta.json"));
        try (Stream<Path> files = Files.list(crdDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                for (ObjectNode doc : Yaml.documents(f)) {
                    if (!"CustomResourceDefinition".equals(doc.path("kind").asText())) {
                        continue;
                    }
                    String group = doc.path("spec").path("group").asText();
                    String kind = doc.path("spec").path("names").path("kind").asText();
                    for (JsonNode v : doc.path("spec").path("versions")) {
                        JsonNode s = v.path("schema").path("openAPIV3Schema");
                        if (!v.path("served").asBoolean(false) || s.isMissingNode()) {
                            continue; // an unserved version cannot be applied
                        }
                        register(group + "/" + v.path("name").asText(), kind, s, objectMeta, f.getFileName().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.walk(coreSchemaDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("objectmeta.json")).toList()) {
                // k8s-schemas/<group|core>/<version>/<Kind>.json
                Path rel = coreSchemaDir.relativize(f);
                if (rel.getNameCount() != 3) {
                    throw new IllegalStateException("schema file not at <group>/<version>/<Kind>.json: " + rel);
                }
                String group = rel.getName(0).toString();
                String version = rel.getName(1).toString();
                String kind = rel.getName(2).toString().replaceFirst("\\.json$", "");
                register(group.equals("core") ? version : group + "/" + version, kind, loadJsonOrYaml(f), objectMeta, "k8s-schemas/" + rel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ManifestValidator fromDefaults() {
        try {
            Path core = Path.of(ManifestValidator.class.getResource("/k8s-schemas").toURI());
            return new ManifestValidator(Locations.schemas(), core);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void register(String apiVersion, String kind, JsonNode openApi, ObjectNode objectMeta, String from) {
        ObjectNode js = OpenApiToJsonSchema.convert(openApi);
        ObjectNode props = js.with("properties");
        // apiVersion/kind/metadata are implicit in every Kubernetes object; pin the first two and make metadata strict
        // (the API server validates ObjectMeta itself, so a typo such as `annotation:` would be rejected there too).
        props.set("apiVersion", JsonNodeFactory.instance.objectNode().put("const", apiVersion));
        props.set("kind", JsonNodeFactory.instance.objectNode().put("const", kind));
        props.set("metadata", OpenApiToJsonSchema.convert(objectMeta));
        js.put("additionalProperties", false);
        js.putArray("required").add("apiVersion").add("kind").add("metadata");
        String key = apiVersion + " " + kind;
        if (schemas.containsKey(key)) {
            throw new IllegalStateException("two schemas for " + key + ": " + origin.get(key) + " and " + from);
        }
        schemas.put(key, FACTORY.getSchema(js));
        origin.put(key, from);
    }

    private static ObjectNode loadJsonOrYaml(Path f) {
        List<ObjectNode> docs = Yaml.documents(f);
        if (docs.size() != 1) {
            throw new IllegalStateException(f + " must hold exactly one schema");
        }
        return docs.getFirst();
    }

    java.util.Set<String> knownKinds() {
        return schemas.keySet();
    }

    /** Errors for one object; empty when valid. */
    List<String> validate(JsonNode obj) {
        String key = obj.path("apiVersion").asText() + " " + obj.path("kind").asText();
        JsonSchema schema = schemas.get(key);
        List<String> errors = new ArrayList<>();
        if (schema == null) {
            errors.add(Yaml.id(obj) + ": no schema for apiVersion '" + obj.path("apiVersion").asText() + "' kind '"
                    + obj.path("kind").asText() + "' (unknown kind, or an apiVersion the installed CRD does not serve)");
            return errors;
        }
        for (ValidationMessage m : schema.validate(obj)) {
            errors.add(Yaml.id(obj) + ": " + m.getMessage() + " [schema: " + origin.get(key) + "]");
        }
        return errors;
    }

    List<String> validateAll(List<? extends JsonNode> objs) {
        List<String> errors = new ArrayList<>();
        objs.forEach(o -> errors.addAll(validate(o)));
        return errors;
    }
}
