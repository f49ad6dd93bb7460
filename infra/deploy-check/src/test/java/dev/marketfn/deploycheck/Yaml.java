package dev.marketfn.deploycheck;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Multi-document YAML to Jackson trees. */
final class Yaml {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private Yaml() {
    }

    static List<ObjectNode> documents(String text) {
        List<ObjectNode> out = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(text)) {
            MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n == null || n.isNull() || n.isMissingNode()) {
                    continue;
                }
                if (!n.isObject()) {
                    throw new IllegalArgumentException("YAML document is not a mapping: " + n);
                }
                out.add((ObjectNode) n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<ObjectNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String id(JsonNode obj) {
        return obj.path("apiVersion").asText("?") + " " + obj.path("kind").asText("?") + " "
                + obj.path("metadata").path("namespace").asText("-") + "/" + obj.path("metadata").path("name").asText("?");
    }
}
