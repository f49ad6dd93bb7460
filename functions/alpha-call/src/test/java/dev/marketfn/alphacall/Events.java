package dev.marketfn.alphacall;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;

/** Posting indicator.computed CloudEvents (binary mode) to the function and reading the reply exactly. */
final class Events {
    private Events() {
    }

    /** A record with every input of the sample model set, so the model can vote. */
    static String record(String symbol, String ts, double rsi, double macd, double macdSignal) {
        return """
                {"provider":"alpaca","symbol":"%s","interval":"1m","ts":"%s",
                 "bar":{"open":100,"high":101,"low":99,"close":100.5,"volume":1000,"vwap":100.2,"trade_count":10},
                 "indicators":{"rsi_14":%s,"ret_1":-0.02,"vol_20":0.01,"stoch_k_14":10.0,"cci_20":-150.0,
                   "macd_12_26_9":%s,"macd_signal_12_26_9":%s,"sma_20":99.0}}"""
                .formatted(symbol, ts, rsi, macd, macdSignal);
    }

    static ExtractableResponse<Response> post(String ceId, String... records) {
        return given().header("ce-specversion", "1.0").header("ce-id", ceId)
                .header("ce-type", "dev.marketfn.indicator.computed.v1").header("ce-source", "/marketfn/indicator")
                .contentType("application/json").body("{\"records\":[" + String.join(",", records) + "]}")
                .post("/").then().statusCode(200).extract();
    }

    /** The reply's data, parsed with the platform mapper (exact numbers, unlike REST Assured's floats). */
    static JsonNode data(ExtractableResponse<Response> response) {
        try {
            return Json.MAPPER.readTree(response.asByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first call of a reply. */
    static JsonNode call(String ceId, String record) {
        ExtractableResponse<Response> r = post(ceId, record);
        if (!"dev.marketfn.alpha.call.v1".equals(r.header("ce-type"))) {
            throw new AssertionError("expected an alpha call, got " + r.header("ce-type") + ": " + r.asString());
        }
        return data(r).get("records").get(0);
    }

    static List<String> rules(JsonNode call) {
        List<String> names = new ArrayList<>();
        call.get("rationale").forEach(r -> names.add(r.get("rule").asText()));
        return names;
    }

    /** The fallback reason of a call the model did not vote on, or null when it voted. */
    static String fallback(JsonNode call) {
        for (JsonNode r : call.get("rationale")) {
            if (r.get("rule").asText().startsWith("model:") && r.path("values").path("fallback").asBoolean(false)) {
                return r.get("values").get("reason").asText();
            }
        }
        return null;
    }
}
