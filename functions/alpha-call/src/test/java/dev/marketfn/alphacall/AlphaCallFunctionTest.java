package dev.marketfn.alphacall;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
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
}
