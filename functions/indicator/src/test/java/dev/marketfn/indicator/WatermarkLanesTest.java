package dev.marketfn.indicator;

import static dev.marketfn.indicator.IndicatorRedeliveryTest.trade;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reliability finding 8: a provider's symbols are spread over the broker's partitions, and after an outage one
 * partition's backlog may be handled before another's. The provider's watermark is the minimum over the lanes
 * (partitions) its events came by, so the partition ahead cannot close windows whose trades the other still holds.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class WatermarkLanesTest {
    static final String PROVIDER = "lanes";

    @Inject
    Dispatcher dispatcher;
    @Inject
    Pool pool;

    static InEvent adjusted(String id, String lane, String... trades) {
        return new InEvent(id, "1.0", "dev.marketfn.tick.adjusted.v1", "/marketfn/corporate-action", null,
                "application/json", Map.of(), ("{\"records\":[" + String.join(",", trades) + "]}")
                        .getBytes(StandardCharsets.UTF_8), lane);
    }

    @Test
    void aPartitionAheadDoesNotCloseWindowsAnotherIsStillFilling() {
        // lane 0 carries LNA, lane 1 carries LNB; lane 1 runs 5 s ahead (its backlog handled first)
        List<OutEvent> out = new ArrayList<>();
        handle(out, adjusted("lanes-1", "0", trade(PROVIDER, "LNA", "2024-03-04T15:00:00.200000Z", 1, "10.00", "100")));
        handle(out, adjusted("lanes-2", "1", trade(PROVIDER, "LNB", "2024-03-04T15:00:00.300000Z", 1, "20.00", "100")));
        handle(out, adjusted("lanes-3", "1", trade(PROVIDER, "LNB", "2024-03-04T15:00:05.300000Z", 2, "20.10", "100")));
        assertThat(out).as("nothing closes while lane 0 is at 15:00:00.2").isEmpty();

        // lane 0 catches up: its trade in the 15:00:00 window is on time, then its watermark passes lane 1's
        handle(out, adjusted("lanes-4", "0", trade(PROVIDER, "LNA", "2024-03-04T15:00:00.700000Z", 2, "10.05", "50")));
        handle(out, adjusted("lanes-5", "0", trade(PROVIDER, "LNA", "2024-03-04T15:00:06.000000Z", 3, "10.10", "10")));

        JsonNode lna = bar(out, "LNA", "1s", "2024-03-04T15:00:00.000000Z");
        assertThat(lna.path("bar").path("trade_count").asInt()).isEqualTo(2);
        assertThat(lna.path("bar").path("close").decimalValue()).isEqualByComparingTo("10.05");
        assertThat(bar(out, "LNB", "1s", "2024-03-04T15:00:00.000000Z").path("bar").path("trade_count").asInt())
                .isEqualTo(1);
        long late = pool.preparedQuery("SELECT count(*) FROM late_trades WHERE provider = $1")
                .execute(Tuple.of(PROVIDER)).await().indefinitely().iterator().next().getLong(0);
        assertThat(late).isZero();
    }

    private void handle(List<OutEvent> out, InEvent event) {
        Reply r = dispatcher.dispatchAll(List.of(event), "kafka", "test-topic").await().atMost(Duration.ofSeconds(30)).get(0);
        if (r.reply() != null) {
            assertThat(r.reply().type()).isEqualTo("dev.marketfn.indicator.computed.v1");
            out.add(r.reply());
        }
        out.addAll(r.sideEvents());
    }

    private static JsonNode bar(List<OutEvent> out, String symbol, String interval, String ts) {
        List<JsonNode> found = new ArrayList<>();
        for (OutEvent e : out) {
            Json.tree(Json.bytes(e.data())).path("records").forEach(r -> {
                if (symbol.equals(r.path("symbol").asText()) && interval.equals(r.path("interval").asText())
                        && ts.equals(r.path("ts").asText())) {
                    found.add(r);
                }
            });
        }
        assertThat(found).as("%s %s %s emitted once", symbol, interval, ts).hasSize(1);
        return found.get(0);
    }
}
