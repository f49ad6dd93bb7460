package dev.marketfn.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The history endpoints' JSON: the store's row records with snake_case members, as the contract names them, exact
 * decimals and µs timestamps ({@link Json#configure}). A member {@code xJson} holds JSON text as stored (indicator
 * values, a rationale); it is written as the JSON value itself under {@code x}, not as a string.
 */
public final class RowsJson {
    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final String SUFFIX = "_json";

    private RowsJson() {
    }

    public static String write(List<?> rows) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Object row : rows) {
            out.add(tree(row));
        }
        return text(out);
    }

    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree writes", e);
        }
    }

    static ObjectNode tree(Object row) {
        ObjectNode node = MAPPER.valueToTree(row);
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        ObjectNode out = MAPPER.createObjectNode();
        for (String name : names) {
            JsonNode v = node.get(name);
            if (name.endsWith(SUFFIX)) {
                out.set(name.substring(0, name.length() - SUFFIX.length()),
                        v.isTextual() ? Json.tree(v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                : NullNode.instance);
            } else {
                out.set(name, v);
            }
        }
        return out;
    }

    public static String problem(int status, String title, String field, String detail) {
        return text(MAPPER.valueToTree(Map.of("status", status, "title", title, "field", field == null ? "" : field,
                "detail", detail == null ? "" : detail)));
    }
}
