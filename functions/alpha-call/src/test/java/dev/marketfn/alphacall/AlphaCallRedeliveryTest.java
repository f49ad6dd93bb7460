package dev.marketfn.alphacall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Finding 6 of docs/reliability.md: a redelivered event holding more than one bar of a series used to re-evaluate its
 * older bars without history (the series state was already past them) and overwrite their stored calls. The first
 * evaluation is kept and replied again; a genuinely late bar is evaluated without history and never moves the state.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class AlphaCallRedeliveryTest {
    @Inject
    Pool pool;

    private String storedRationale(String signalId) {
        return pool.preparedQuery("SELECT rationale::text FROM signals WHERE signal_id = $1").execute(Tuple.of(signalId))
                .await().indefinitely().iterator().next().getString(0);
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void aRedeliveredEventOfTwoBarsOfASeriesIsAnsweredWithTheCallsAsFirstStored() {
        Events.call("f6-0", Events.record("RDV6", "2024-03-01T15:00:00.000000Z", 50.0, -0.5, 0.1));
        String crossing = Events.record("RDV6", "2024-03-01T15:01:00.000000Z", 50.0, 0.3, 0.2);
        String after = Events.record("RDV6", "2024-03-01T15:02:00.000000Z", 50.0, 0.4, 0.25);

        ExtractableResponse<Response> first = Events.post("f6-1", crossing, after);
        JsonNode firstCalls = Events.data(first).get("records");
        assertThat(Events.rules(firstCalls.get(0))).contains("macd_bullish_cross");
        String signalId = firstCalls.get(0).get("signal_id").asText();
        String rationale = storedRationale(signalId);

        // the offset was not committed (kill -9, or a database failure after the first bar): the same event again
        ExtractableResponse<Response> again = Events.post("f6-1", crossing, after);
        assertThat(again.header("ce-id")).isEqualTo(first.header("ce-id")).isEqualTo(EventIds.derive("f6-1", "alpha-call"));
        assertThat(again.header("ce-action")).isEqualTo(first.header("ce-action"));
        JsonNode againCalls = Events.data(again).get("records");
        // the reply holds the calls of one symbol and one action (the crossing's BUY); the other bar's call went out
        // as an event of its own
        assertThat(againCalls).hasSize(firstCalls.size());
        for (int i = 0; i < againCalls.size(); i++) {
            AlphaCallModelTest.assertSameCall(againCalls.get(i), firstCalls.get(i));
            assertThat(againCalls.get(i).get("action").asText().toLowerCase().replace("_", ""))
                    .isEqualTo(again.header("ce-action").replace("_", ""));
        }
        // the stored call is the first evaluation, untouched
        assertThat(storedRationale(signalId)).isEqualTo(rationale).contains("macd_bullish_cross");

        // the older bar alone, under another event id (bars of one series seen again out of order): the same call
        AlphaCallModelTest.assertSameCall(Events.call("f6-2", crossing), firstCalls.get(0));
        assertThat(storedRationale(signalId)).isEqualTo(rationale);
        assertThat(count("SELECT count(*) FROM signals WHERE symbol = 'RDV6'")).isEqualTo(3);
    }

    @Test
    void aLateBarWithoutAStoredCallIsEvaluatedWithoutHistoryAndLeavesTheSeriesState() {
        Events.call("late-2", Events.record("LATE6", "2024-03-01T15:02:00.000000Z", 50.0, -0.5, 0.1));
        // older than the series' last bar, never evaluated: a call without history (prev unknown), stored
        JsonNode late = Events.call("late-1", Events.record("LATE6", "2024-03-01T15:01:00.000000Z", 50.0, 0.9, 0.0));
        assertThat(Events.rules(late)).doesNotContain("macd_bullish_cross", "macd_bearish_cross");
        assertThat(count("SELECT count(*) FROM signals WHERE signal_id = $1", late.get("signal_id").asText()))
                .isEqualTo(1);
        // its redelivery answers the same call
        AlphaCallModelTest.assertSameCall(
                Events.call("late-1", Events.record("LATE6", "2024-03-01T15:01:00.000000Z", 50.0, 0.9, 0.0)), late);
        // the state still follows 15:02: the next bar crosses relative to it, not to the late bar
        JsonNode next = Events.call("late-3", Events.record("LATE6", "2024-03-01T15:03:00.000000Z", 50.0, 0.3, 0.2));
        assertThat(Events.rules(next)).contains("macd_bullish_cross");
        assertThat(next.get("rationale").get(0).get("values").get("prev(macd_12_26_9)").doubleValue()).isEqualTo(-0.5);
    }
}
