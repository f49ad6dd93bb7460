package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.testing.KafkaEvents;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Signal sinks subscribe by symbol and action (docs/contract/events.md): an input whose bars make calls of several
 * symbols and actions is answered with one alpha.call event per symbol and action, the reply over HTTP and the others
 * through the side-event sink (the broker topic here), and every event's attributes are true of each of its records.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class AlphaCallEventsTest {

    @Test
    void oneEventPerSymbolAndAction() throws Exception {
        // per symbol: a quiet bar, then a MACD cross up (BUY), then a cross down (SELL)
        List<String> records = new ArrayList<>();
        for (String symbol : List.of("MIXA", "MIXB")) {
            records.add(Events.record(symbol, "2024-03-01T15:00:00.000000Z", 50.0, -0.5, 0.1));
            records.add(Events.record(symbol, "2024-03-01T15:01:00.000000Z", 50.0, 0.3, 0.2));
            records.add(Events.record(symbol, "2024-03-01T15:02:00.000000Z", 50.0, 0.1, 0.25));
        }
        ExtractableResponse<Response> reply = Events.post("mixed-1", records.toArray(String[]::new));
        assertThat(reply.header("ce-id")).isEqualTo(EventIds.derive("mixed-1", "alpha-call"));
        assertOneSymbolAndAction(reply.header("ce-subject"), reply.header("ce-symbol"), reply.header("ce-partitionkey"),
                reply.header("ce-action"), Events.data(reply).get("records"));

        List<KafkaEvents.Received> side = KafkaEvents.await(r -> "dev.marketfn.alpha.call.v1".equals(r.ce("type"))
                && isOf(r, "mixed-1"), 3, Duration.ofSeconds(20));
        assertThat(side).isNotEmpty();
        Set<String> groups = new HashSet<>();
        groups.add(reply.header("ce-symbol") + "|" + reply.header("ce-action"));
        for (KafkaEvents.Received r : side) {
            JsonNode calls = Json.MAPPER.readTree(r.data()).get("records");
            assertOneSymbolAndAction(r.ce("subject"), r.ce("symbol"), r.ce("partitionkey"), r.ce("action"), calls);
            assertThat(r.key()).isEqualTo(r.ce("symbol"));
            assertThat(groups.add(r.ce("symbol") + "|" + r.ce("action"))).as("one event per group").isTrue();
        }
        assertThat(groups).hasSizeGreaterThanOrEqualTo(4); // both symbols, each with more than one action
    }

    private static boolean isOf(KafkaEvents.Received r, String input) {
        for (String symbolAndAction : List.of("MIXA|", "MIXB|")) {
            for (String action : List.of("buy", "sell", "hold", "noaction")) {
                if (r.ce("id").equals(EventIds.derive(input, "alpha-call#" + symbolAndAction + action))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertOneSymbolAndAction(String subject, String symbol, String partitionKey, String action,
            JsonNode calls) {
        assertThat(subject).isEqualTo(symbol).isEqualTo(partitionKey).isNotNull();
        assertThat(calls.size()).isPositive();
        for (JsonNode call : calls) {
            assertThat(call.get("symbol").asText()).isEqualTo(symbol);
            assertThat(call.get("action").asText().replace("_", "").toLowerCase()).isEqualTo(action);
        }
    }
}
