package dev.marketfn.alphacall;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class AlphaCallFunctionTest {
    @Inject
    Pool pool;

    static String record(String symbol, String ts, String rsi) {
        return """
                {"provider":"alpaca","symbol":"%s","interval":"1m","ts":"%s",
                 "bar":{"open":100,"high":101,"low":99,"close":100.5,"volume":1000,"vwap":100.2,"trade_count":10},
                 "indicators":{"rsi_14":%s,"sma_20":99.0,"close":null}}""".formatted(symbol, ts, rsi);
    }

    @Test
    void callIsRepliedStoredOnceAndCarriesAction() {
        String body = "{\"records\":[" + record("ALPH", "2024-03-01T14:30:00.000000Z", "25.0") + "]}";
        for (int i = 0; i < 2; i++) {
            given().header("ce-specversion", "1.0").header("ce-id", "ac-1")
                    .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/marketfn/indicator")
                    .contentType("application/json").body(body)
                    .post("/").then().statusCode(200)
                    .header("ce-type", "dev.marketfn.alpha.call.v1")
                    .header("ce-source", "/marketfn/alpha-call")
                    .header("ce-id", EventIds.derive("ac-1", "alpha-call"))
                    .header("ce-partitionkey", "ALPH")
                    .header("ce-action", notNullValue())
                    .body("records[0].signal_id", notNullValue())
                    .body("records[0].symbol", equalTo("ALPH"));
        }
        long signals = pool.query("SELECT count(*) FROM signals WHERE symbol = 'ALPH'").execute().await().indefinitely()
                .iterator().next().getLong(0);
        assertThat(signals).isEqualTo(1);
    }

    @Test
    void structuredAndInvalid() {
        // its own series: rule state (prev values, latches) of other tests must not leak into a warming-up one
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"ac-st-1","type":"dev.marketfn.indicator.computed.v1","source":"/marketfn/indicator",
                 "data":{"records":[%s]}}""".formatted(record("WARM", "2024-03-01T14:31:00.000000Z", "null")))
                .post("/").then().statusCode(200).body("type", equalTo("dev.marketfn.alpha.call.v1"))
                .body("data.records[0].action", equalTo("NO_ACTION"));
        given().header("ce-specversion", "1.0").header("ce-id", "ac-bad-1")
                .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/x")
                .contentType("application/json").body("{\"records\":[{\"symbol\":\"X\"}]}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("field", equalTo("records[0]"));
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void crossesAboveIsDetectedAcrossTwoInvocationsFromStateInPostgres() {
        JsonNode first = Events.call("x-1", Events.record("XCRS", "2024-03-01T15:00:00.000000Z", 50.0, -0.5, 0.1));
        assertThat(first.get("action").asText()).isEqualTo("NO_ACTION");
        // The previous bar's values live in function_state, not in the process (which may have scaled to zero).
        assertThat(count("SELECT count(*) FROM function_state WHERE scope = 'rules' AND key = 'alpaca|XCRS|1m' "
                + "AND state::jsonb #>> '{series,alpaca|XCRS|1m,values,macd_12_26_9,0}' = '-0.5'")).isEqualTo(1);

        JsonNode second = Events.call("x-2", Events.record("XCRS", "2024-03-01T15:01:00.000000Z", 50.0, 0.3, 0.2));
        assertThat(Events.rules(second)).contains("macd_bullish_cross");
        JsonNode cross = second.get("rationale").get(0);
        assertThat(cross.get("condition").asText()).isEqualTo("crosses_above(macd_12_26_9, macd_signal_12_26_9)");
        assertThat(cross.get("values").get("prev(macd_12_26_9)").doubleValue()).isEqualTo(-0.5);
        assertThat(cross.get("values").get("prev(macd_signal_12_26_9)").doubleValue()).isEqualTo(0.1);
        assertThat(second.get("action").asText()).isEqualTo("BUY");

        // Without the stored state (what a cold replica would see if it lived in memory) there is no cross.
        Events.call("y-1", Events.record("XCR2", "2024-03-01T15:00:00.000000Z", 50.0, -0.5, 0.1));
        pool.preparedQuery("DELETE FROM function_state WHERE scope = 'rules' AND key = 'alpaca|XCR2|1m'").execute()
                .await().indefinitely();
        JsonNode noHistory = Events.call("y-2", Events.record("XCR2", "2024-03-01T15:01:00.000000Z", 50.0, 0.3, 0.2));
        assertThat(Events.rules(noHistory)).doesNotContain("macd_bullish_cross");
    }

    @Test
    void replayedBarNeverDuplicatesSignalsWhateverTheEventId() {
        String rec = Events.record("RPLY", "2024-03-01T16:00:00.000000Z", 25.0, 0.1, 0.2);
        JsonNode a = Events.call("rp-1", rec);
        JsonNode b = Events.call("rp-1", rec); // redelivery
        JsonNode c = Events.call("rp-2", rec); // the same bar re-emitted upstream under another event id
        JsonNode batch = Events.data(Events.post("rp-3", rec, rec)).get("records"); // twice in one batch
        AlphaCallModelTest.assertSameCall(b, a);
        AlphaCallModelTest.assertSameCall(c, a);
        AlphaCallModelTest.assertSameCall(batch.get(0), a);
        AlphaCallModelTest.assertSameCall(batch.get(1), a);
        assertThat(count("SELECT count(*) FROM signals WHERE symbol = 'RPLY'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM signals WHERE signal_id = $1", a.get("signal_id").asText())).isEqualTo(1);
    }

    @Test
    void injectionInSymbolOrProviderIsRejectedAndKeptVerbatim() {
        String evil = "AAPL'; DROP TABLE signals;--";
        String body = "{\"records\":[" + record(evil, "2024-03-01T17:00:00.000000Z", "25.0") + "]}";
        given().header("ce-specversion", "1.0").header("ce-id", "inj-1")
                .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/marketfn/indicator")
                .contentType("application/json").body(body)
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("INVALID_VALUE")).body("field", equalTo("records[0].symbol"))
                .body("input_id", equalTo("inj-1"));
        // Stored as data, byte for byte, and the table it names is untouched.
        Row rejected = pool.preparedQuery("SELECT payload, detail, field FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("inj-1")).await().indefinitely().iterator().next();
        assertThat(new String(rejected.getBuffer(0).getBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"symbol\":\"" + evil + "\"");
        assertThat(rejected.getString(1)).contains(evil);
        assertThat(count("SELECT count(*) FROM signals WHERE symbol = $1", evil)).isZero();
        assertThat(count("SELECT count(*) FROM pg_tables WHERE tablename = 'signals'")).isEqualTo(1);

        for (String[] bad : new String[][] {
                {"AAPL|1m", "symbol"}, {"aapl", "symbol"}, {"AAPL\\u0000", "symbol"}, {"", "symbol"},
                {"A".repeat(65), "symbol"}, {"BRK..B", "symbol"}}) {
            given().header("ce-specversion", "1.0").header("ce-id", "inj-" + bad[0].hashCode())
                    .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/marketfn/indicator")
                    .contentType("application/json")
                    .body("{\"records\":[" + record(bad[0], "2024-03-01T17:00:00.000000Z", "25.0") + "]}")
                    .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                    .body("field", equalTo("records[0]." + bad[1]));
        }
        given().header("ce-specversion", "1.0").header("ce-id", "inj-provider")
                .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/marketfn/indicator")
                .contentType("application/json")
                .body("{\"records\":[" + record("AAPL", "2024-03-01T17:00:00.000000Z", "25.0")
                        .replace("\"alpaca\"", "\"alpaca' OR '1'='1\"") + "]}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("field", equalTo("records[0].provider"));

        // A bar value beyond the pipeline's decimal range (38 digits either side of the point) names its field; one
        // whose plain form would not even fit 1000 characters is refused while parsing, at its path in the data.
        for (String[] bad : new String[][] {{"\"close\":100.5", "\"close\":1e39", "records[0].bar.close"},
                {"\"vwap\":100.2", "\"vwap\":0.%s1".formatted("0".repeat(38)), "records[0].bar.vwap"},
                {"\"volume\":1000", "\"volume\":1e999999999", "data.records[0].bar.volume"}}) {
            given().header("ce-specversion", "1.0").header("ce-id", "range-" + bad[2])
                    .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/marketfn/indicator")
                    .contentType("application/json")
                    .body("{\"records\":[" + record("RNGE", "2024-03-01T17:00:00.000000Z", "25.0")
                            .replace(bad[0], bad[1]) + "]}")
                    .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                    .body("reason", equalTo("OUT_OF_RANGE")).body("field", equalTo(bad[2]));
        }
        assertThat(count("SELECT count(*) FROM signals WHERE symbol = 'RNGE'")).isZero();

        // Canonical symbols with a share class or a crypto pair are fine, and the function carries on.
        for (String ok : new String[] {"BRK.B", "BTC-USDT"}) {
            JsonNode call = Events.call("ok-" + ok, Events.record(ok, "2024-03-01T17:00:00.000000Z", 25.0, 0.1, 0.2));
            assertThat(call.get("symbol").asText()).isEqualTo(ok);
        }
    }
}
