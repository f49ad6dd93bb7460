package dev.marketfn.indicator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class IndicatorFunctionTest {

    static String trade(String ts, long seq, String price) {
        return """
                {"event_id":"polygon|IND|%1$s|%2$d","kind":"trade","provider":"polygon","symbol":"IND","ts":"%1$s",
                 "seq":%2$d,"price":%3$s,"size":10,"asset_class":"equity","schema_version":1}""".formatted(ts, seq, price);
    }

    @Test
    void aClosedBarIsEmittedWithIndicatorsInWarmUp() {
        // two trades in the 14:30 minute (1s bars may close already), then one at 14:31:01 moves the watermark
        // past 14:31:00.5 and closes the 1m bar
        String first = "{\"records\":[" + trade("2024-03-01T14:30:10.000000Z", 1, "10") + ","
                + trade("2024-03-01T14:30:50.000000Z", 2, "12") + "]}";
        given().header("ce-specversion", "1.0").header("ce-id", "ind-1").header("ce-type", "dev.marketfn.tick.adjusted.v1")
                .header("ce-source", "/marketfn/corporate-action").contentType("application/json").body(first)
                .post("/").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(204)));
        Number obv = given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"ind-2","type":"dev.marketfn.tick.adjusted.v1","source":"/marketfn/corporate-action",
                 "data":{"records":[%s]}}""".formatted(trade("2024-03-01T14:31:01.000000Z", 3, "11")))
                .post("/").then().statusCode(200)
                .body("type", equalTo("dev.marketfn.indicator.computed.v1"))
                .body("data.records.findAll { it.interval == '1m' }", hasSize(1))
                .body("data.records.find { it.interval == '1m' }.bar.open", equalTo(10))
                .body("data.records.find { it.interval == '1m' }.bar.close", equalTo(12))
                .body("data.records.find { it.interval == '1m' }.bar.vwap", equalTo(11))
                .body("data.records.find { it.interval == '1m' }.indicators.sma_20", nullValue())
                .extract().path("data.records.find { it.interval == '1m' }.indicators.obv");
        // OBV_0 = V_0: the first bar's volume (two trades of 10); JSON may render it as 20 or 20.0
        assertThat(obv.doubleValue()).isEqualTo(20.0);
    }

    @Test
    void wrongTypedRecordIsRejected() {
        given().header("ce-specversion", "1.0").header("ce-id", "ind-bad").header("ce-type", "dev.marketfn.tick.adjusted.v1")
                .header("ce-source", "/x").contentType("application/json")
                .body("{\"records\":[{\"event_id\":\"e\",\"kind\":\"trade\",\"ts\":\"yesterday\"}]}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("field", equalTo("data.records[0].ts"));
    }

    /** A trade of another provider than the other tests': a provider's watermark closes all of its series. */
    static String tradeOf(String symbol, String ts, long seq, String price) {
        return trade(ts, seq, price).replace("IND", symbol).replace("polygon", "metered");
    }

    /**
     * The meters of a closed window (docs/contract/observability.md): per series the engine update and the flush, per
     * interval the rows and the closing latency, with their histogram buckets; the event counted by its broker topic.
     */
    @Test
    void aClosedWindowIsMetered() {
        String body = "{\"records\":[" + tradeOf("MET", "2024-03-04T14:30:10.000000Z", 1, "10") + ","
                + tradeOf("MET", "2024-03-04T14:31:01.000000Z", 2, "11") + "]}";
        given().header("ce-specversion", "1.0").header("ce-id", "met-1").header("ce-type", "dev.marketfn.tick.adjusted.v1")
                .header("ce-source", "/marketfn/corporate-action").header("ce-provider", "metered")
                .contentType("application/json").body(body).post("/").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("microbatch_flush_total\\{symbol=\"MET\",window_ms=\"60000\"} [1-9]")
                .containsPattern("microbatch_flush_rows_total\\{window_ms=\"60000\"} [1-9]")
                // a 2024 window closed now: its latency lands in +Inf only
                .containsPattern("microbatch_window_latency_ms_bucket\\{window_ms=\"60000\",le=\"\\+Inf\"} [1-9]")
                .contains("microbatch_window_latency_ms_bucket{window_ms=\"60000\",le=\"900000.0\"} 0.0")
                .containsPattern("features_update_duration_seconds_bucket\\{symbol=\"MET\",window=\"1m\",le=\"0.025\"} [1-9]")
                .containsPattern("store_write_duration_seconds_bucket\\{table=\"bars_ohlcv\",le=\"0.001\"}")
                .contains("store_write_errors_total{table=\"bars_ohlcv\"} 0.0")
                .containsPattern("stream_events_ingested_total\\{bus=\"http\",provider=\"metered\","
                        + "topic=\"knative-broker-marketfn-marketfn\",type=\"dev.marketfn.tick.adjusted.v1\"} [1-9]")
                .contains("events_retried_beyond_bound_total{component=\"indicator\"} 0.0");
    }
}
