package dev.marketfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.codec.InEvent;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import io.quarkus.funqy.knative.events.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Reliability findings 4 and 5: whatever fails while HttpDoor reads Funqy's event is a rejection, not a 500. */
class HttpDoorTest {

    static CloudEvent<JsonNode> event(String contentType, Supplier<JsonNode> data) {
        return new CloudEvent<>() {
            @Override
            public String id() {
                return "e1";
            }

            @Override
            public String specVersion() {
                return "1.0";
            }

            @Override
            public String source() {
                return "/providers/alpaca";
            }

            @Override
            public String type() {
                return "dev.marketfn.raw.v1";
            }

            @Override
            public String subject() {
                return null;
            }

            @Override
            public OffsetDateTime time() {
                return null;
            }

            @Override
            public Map<String, String> extensions() {
                return Map.of("Provider", "alpaca");
            }

            @Override
            public String dataSchema() {
                return null;
            }

            @Override
            public String dataContentType() {
                return contentType;
            }

            @Override
            public JsonNode data() {
                return data.get();
            }
        };
    }

    private static void rejected(CloudEvent<JsonNode> ce, String reason, String field) {
        assertThatThrownBy(() -> HttpDoor.toInEvent(ce)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        });
    }

    @Test
    void wellFormedDataIsWrittenBack() {
        JsonNode data = Json.tree("[{\"p\":185.12000000}]".getBytes(StandardCharsets.UTF_8));
        InEvent in = HttpDoor.toInEvent(event("application/json", () -> data));
        assertThat(new String(in.data(), StandardCharsets.UTF_8)).isEqualTo("[{\"p\":185.12}]");
        assertThat(in.extension("provider")).isEqualTo("alpaca");
    }

    @Test
    void numberThatCannotBeWrittenPlainIsOutOfRange() {
        // Funqy's mapper has no range check: the tree reaches HttpDoor, and Jackson refuses to write it plain
        for (String n : new String[] {"1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647"}) {
            ArrayNode data = Json.MAPPER.createArrayNode();
            ObjectNode trade = data.addObject();
            trade.put("S", "AAPL");
            trade.put("p", new BigDecimal(n));
            rejected(event("application/json", () -> data), RejectReason.OUT_OF_RANGE, "data[0].p");
        }
    }

    @Test
    void dataFunqyCannotReadIsARejection() {
        RuntimeException dontKnow = new RuntimeException(
                "Don't know how to get event data (dataContentType: 'text/plain', javaType: 'JsonNode').");
        rejected(event("text/plain", () -> {
            throw dontKnow;
        }), RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype");
        rejected(event(null, () -> {
            throw dontKnow;
        }), RejectReason.UNSUPPORTED_CONTENT_TYPE, "datacontenttype");
        rejected(event("application/json", () -> {
            throw new UncheckedIOException(new IOException("Unexpected character"));
        }), RejectReason.MALFORMED_JSON, "data");
        // structured mode without data: Funqy's ObjectReader.readValue(null)
        rejected(event("application/json", () -> {
            throw new IllegalArgumentException("argument \"content\" is null");
        }), RejectReason.MALFORMED_JSON, "data");
    }
}
