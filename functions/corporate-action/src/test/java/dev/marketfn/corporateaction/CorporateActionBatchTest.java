package dev.marketfn.corporateaction;

import static dev.marketfn.corporateaction.CorporateActionFunctionTest.checkedBar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.Dispatcher;
import dev.marketfn.codec.InEvent;
import dev.marketfn.runtime.Reply;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partition's events reach corporate-action together on the Kafka door: checked events on both sides of an
 * announcement are adjusted with the actions known when each was handled, and a bad one is rejected in its place.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class CorporateActionBatchTest {
    /** MSFT's 2003 2-for-1 split, ex-date 2003-02-18, announced as a new action here. */
    static final String MSFT_SPLIT = """
            {"action_id":"MSFT-2003-split","symbol":"MSFT","type":"split","ratio":2,"amount":null,"currency":"USD",
             "ex_date":"2003-02-18","record_date":"2003-01-31","pay_date":"2003-02-14","new_symbol":null}""";

    @Inject
    Dispatcher dispatcher;

    static InEvent event(String id, String type, String data) {
        return new InEvent(id, "1.0", type, "/test", null, "application/json", Map.of(),
                data.getBytes(StandardCharsets.UTF_8));
    }

    static InEvent checked(String id, String close) {
        return event(id, "dev.marketfn.tick.checked.v1",
                "{\"records\":[" + checkedBar("2003-02-14", close).replace("AAPL", "MSFT") + "]}");
    }

    @Test
    void eventsAroundAnAnnouncementSeeTheActionsKnownAtTheirTurn() {
        List<InEvent> events = List.of(
                checked("ca-run-1", "48.30"),
                event("ca-run-bad", "dev.marketfn.tick.checked.v1", "{\"records\":[{\"kind\":\"trade\"}]}"),
                checked("ca-run-2", "48.30"),
                event("ca-run-ann", "dev.marketfn.corporate-action.announced.v1", MSFT_SPLIT),
                checked("ca-run-3", "48.30"));

        List<Reply> replies = dispatcher.dispatchAll(events, "kafka", "test-topic").await().atMost(Duration.ofSeconds(30));

        assertThat(replies.stream().map(r -> r.reply().type())).containsExactly(
                "dev.marketfn.tick.adjusted.v1", "dev.marketfn.rejected.v1", "dev.marketfn.tick.adjusted.v1",
                "dev.marketfn.corporate-action.applied.v1", "dev.marketfn.tick.adjusted.v1");
        // before the announcement the pre-split close is as traded; after it, halved
        assertThat(close(replies.get(0))).isEqualByComparingTo("48.30");
        assertThat(close(replies.get(2))).isEqualByComparingTo("48.30");
        assertThat(close(replies.get(4))).isEqualByComparingTo("24.15");
    }

    private static BigDecimal close(Reply reply) {
        JsonNode record = Json.tree(Json.bytes(reply.reply().data())).path("records").get(0);
        return record.path("close").decimalValue();
    }
}
