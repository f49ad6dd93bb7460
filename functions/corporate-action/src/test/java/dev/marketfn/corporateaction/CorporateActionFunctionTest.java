package dev.marketfn.corporateaction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class CorporateActionFunctionTest {
    static final String AAPL_SPLIT = """
            {"action_id":"AAPL-2020-split","symbol":"AAPL","type":"split","ratio":4,"amount":null,"currency":"USD",
             "ex_date":"2020-08-31","record_date":"2020-08-24","pay_date":"2020-08-28","new_symbol":null,
             "known_at":"2020-07-30T20:30:00Z"}""";

    static String checkedBar(String date, String close) {
        return """
                {"event_id":"csv|AAPL|%1$sT04:00:00.000000Z|86400","kind":"bar","provider":"csv","symbol":"AAPL",
                 "ts":"%1$sT04:00:00.000000Z","ingest_ts":"2020-09-01T00:00:00.000000Z","seq":86400,"interval":"1d",
                 "open":%2$s,"high":%2$s,"low":%2$s,"close":%2$s,"volume":1000,"asset_class":"equity",
                 "schema_version":1,"quality":{"score":1,"completeness":1,"accuracy":1,"timeliness":1,"consistency":1,"flags":[]}}"""
                .formatted(date, close);
    }

    @Test
    void splitAnnouncementThenAdjustedHistoryIsContinuous() {
        given().header("ce-specversion", "1.0").header("ce-id", "ca-ann-1")
                .header("ce-type", "dev.marketfn.corporate-action.announced.v1").header("ce-source", "/ops")
                .contentType("application/json").body(AAPL_SPLIT)
                .post("/").then().statusCode(200)
                .header("ce-type", "dev.marketfn.corporate-action.applied.v1")
                .header("ce-source", "/marketfn/corporate-action")
                .header("ce-partitionkey", "AAPL")
                .body("price_adjustment_factor", equalTo(0.25f))
                .body("volume_adjustment_factor", equalTo(4));
        // the last pre-split close 499.23 becomes 124.8075; the first post-split close stays 129.04
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"ca-adj-1","type":"dev.marketfn.tick.checked.v1","source":"/marketfn/quality-check",
                 "data":{"records":[%s,%s]}}""".formatted(checkedBar("2020-08-28", "499.23"), checkedBar("2020-08-31", "129.04")))
                .post("/").then().statusCode(200)
                .body("type", equalTo("dev.marketfn.tick.adjusted.v1"))
                .body("data.records[0].close", equalTo(124.8075f))
                .body("data.records[0].volume", equalTo(4000))
                .body("data.records[0].adjustment.factor", equalTo(0.25f))
                .body("data.records[1].close", equalTo(129.04f));
    }

    @Test
    void badAnnouncementIsRejectedWithTheField() {
        given().header("ce-specversion", "1.0").header("ce-id", "ca-bad-1")
                .header("ce-type", "dev.marketfn.corporate-action.announced.v1").header("ce-source", "/ops")
                .contentType("application/json").body(AAPL_SPLIT.replace("\"ratio\":4", "\"ratio\":-4"))
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("field", equalTo("ratio"));
    }
}
