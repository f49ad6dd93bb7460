package dev.marketfn.normalize;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Reliability findings 3, 4, 5 and 11 over HTTP: each of these inputs used to be accepted or answered 500 (which the
 * Knative broker retries forever). Each is now a stored {@code rejected.v1} reply with 200 naming reason and field.
 */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class BadInputRejectionTest {
    static final String TRADE = """
            [{"T":"t","S":"AAPL","i":96921,"x":"D","p":%s,"s":100,"t":"2024-03-01T14:30:00.123456789Z","c":["@"],"z":"C"}]""";
    static final String[] HUGE = {"1e999999999", "-1e999999999", "1e-999999999", "1E+2147483647"};

    @Inject
    Pool pool;

    /** A binary-mode raw event; the content type is sent exactly as given (no charset appended), or not at all. */
    static RequestSpecification binary(String id, String contentType, byte[] body) {
        RequestSpecification spec = given()
                .config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca");
        if (contentType != null) {
            spec = spec.header("Content-Type", contentType);
        }
        if (body == null) {
            return spec;
        }
        // REST Assured encodes a form body itself and only takes it as text
        return contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? spec.body(new String(body, StandardCharsets.UTF_8)) : spec.body(body);
    }

    static ValidatableResponse binaryRejected(RequestSpecification spec, String reason, String field) {
        return spec.post("/").then().statusCode(200)
                .header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo(reason))
                .body("field", equalTo(field));
    }

    static ValidatableResponse structuredRejected(String event, String reason, String field) {
        return given().contentType("application/cloudevents+json").body(event).post("/").then().statusCode(200)
                .body("type", equalTo("dev.marketfn.rejected.v1"))
                .body("data.reason", equalTo(reason))
                .body("data.field", equalTo(field));
    }

    static String structured(String id, String rest) {
        return """
                {"specversion":"1.0","id":"%s","type":"dev.marketfn.raw.v1","source":"/providers/alpaca","provider":"alpaca"%s}"""
                .formatted(id, rest);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binaryNonJsonContentTypesAreUnsupported() {
        String[] types = {"text/plain", "application/xml", "application/octet-stream", "text/csv",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"};
        // text/json, +json types and any case of application/json are read as JSON
        for (int i = 0; i < types.length; i++) {
            binaryRejected(binary("ctype-" + i, types[i], bytes("a=1")), "UNSUPPORTED_CONTENT_TYPE", "datacontenttype")
                    .body("input_id", equalTo("ctype-" + i));
        }
        // application/cloudevents+json means structured mode, ce- headers or not (the HTTP binding): the body is the
        // envelope, and "a=1" is not one
        binary("ctype-structured", "application/cloudevents+json", bytes("a=1")).post("/").then().statusCode(200)
                .body("type", equalTo("dev.marketfn.rejected.v1"))
                .body("data.reason", equalTo("MALFORMED_JSON")).body("data.field", equalTo("body"));
        // no Content-Type at all: the data's type is unknown
        binaryRejected(binary("ctype-none", null, bytes(TRADE.formatted("185.12"))), "UNSUPPORTED_CONTENT_TYPE",
                "datacontenttype");
        // stored with the raw bytes
        var row = pool.preparedQuery("SELECT reason, payload FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("ctype-0")).await().indefinitely().iterator().next();
        assertThat(row.getString(0)).isEqualTo("UNSUPPORTED_CONTENT_TYPE");
        assertThat(new String(row.getBuffer(1).getBytes(), StandardCharsets.UTF_8)).isEqualTo("a=1");
    }

    /** Reliability finding 13: every other ce- attribute but no id is a malformed CloudEvent, not "not a CloudEvent". */
    @Test
    void binaryWithoutIdIsRejectedWithItsBytes() {
        String body = TRADE.formatted("185.99");
        given().header("ce-specversion", "1.0").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca")
                .contentType("application/json").body(body)
                .post("/").then().statusCode(200)
                .header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("MISSING_ATTRIBUTE"))
                .body("field", equalTo("id"));
        long stored = pool.preparedQuery(
                "SELECT count(*) FROM rejected_events WHERE reason = 'MISSING_ATTRIBUTE' AND payload = convert_to($1, 'UTF8')")
                .execute(Tuple.of(body)).await().indefinitely()
                .iterator().next().getLong(0);
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void binaryEmptyBodyHasNoData() {
        binaryRejected(binary("empty-1", "application/json", new byte[0]), "MISSING_FIELD", "data");
        binaryRejected(binary("empty-2", "application/json", null), "MISSING_FIELD", "data");
        binaryRejected(binary("empty-3", "text/plain", new byte[0]), "UNSUPPORTED_CONTENT_TYPE", "datacontenttype");
    }

    @Test
    void trailingContentIsMalformed() {
        String trade = TRADE.formatted("185.12");
        String[] trailers = {"]", "garbage", "{}", "// c"};
        for (int i = 0; i < trailers.length; i++) {
            binaryRejected(binary("trail-" + i, "application/json", bytes(trade + trailers[i])), "MALFORMED_JSON", "data");
        }
        structuredRejected(structured("trail-s", ",\"datacontenttype\":\"application/json\",\"data\":" + trade) + "{}",
                "MALFORMED_JSON", "body");
    }

    @Test
    void hugeExponentsAreOutOfRange() {
        for (int i = 0; i < HUGE.length; i++) {
            binaryRejected(binary("huge-n-" + i, "application/json", bytes(TRADE.formatted(HUGE[i]))), "OUT_OF_RANGE",
                    "data[0].p");
            binaryRejected(binary("huge-s-" + i, "application/json", bytes(TRADE.formatted("\"" + HUGE[i] + "\""))),
                    "OUT_OF_RANGE", "data[0].p");
            structuredRejected(structured("huge-st-" + i, ",\"datacontenttype\":\"application/json\",\"data\":"
                    + TRADE.formatted(HUGE[i])), "OUT_OF_RANGE", "data[0].p");
        }
        // within what JSON can carry but no price
        binaryRejected(binary("huge-38", "application/json", bytes(TRADE.formatted("1e38"))), "OUT_OF_RANGE", "data[0].p");
    }

    @Test
    void structuredDataBase64IsRejected() {
        structuredRejected(structured("b64-bad", ",\"datacontenttype\":\"application/json\",\"data_base64\":\"%%%not base64\""),
                "MALFORMED_JSON", "data_base64");
        structuredRejected(structured("b64-bad-2", ",\"data_base64\":\"x\""), "MALFORMED_JSON", "data_base64");
        // JSON carried as data_base64 is decoded and read (the JSON event format)
        String encoded = Base64.getEncoder().encodeToString(bytes(TRADE.formatted("185.12")));
        given().contentType("application/cloudevents+json")
                .body(structured("b64-ok", ",\"datacontenttype\":\"application/json\",\"data_base64\":\"" + encoded + "\""))
                .post("/").then().statusCode(200).header("ce-type", equalTo("dev.marketfn.tick.normalized.v1"))
                .body("records[0].price", equalTo(185.12f));
    }

    @Test
    void structuredDataFunqyCannotReadIsRejected() {
        String trade = TRADE.formatted("185.12");
        structuredRejected(structured("st-ctype", ",\"datacontenttype\":\"text/plain\",\"data\":\"hello\""),
                "UNSUPPORTED_CONTENT_TYPE", "datacontenttype");
        structuredRejected(structured("st-nodata", ",\"datacontenttype\":\"application/json\""), "MISSING_FIELD", "data");
        structuredRejected(structured("st-nodata-2", ""), "MISSING_FIELD", "data");
        given().contentType("application/cloudevents+json").body(structured("st-null", ",\"data\":null"))
                .post("/").then().statusCode(200).body("type", equalTo("dev.marketfn.rejected.v1"));
        // without datacontenttype the data of a structured event is JSON (and Funqy reads it so)
        given().contentType("application/cloudevents+json").body(structured("st-noctype", ",\"data\":" + trade))
                .post("/").then().statusCode(200).body("type", equalTo("dev.marketfn.tick.normalized.v1"));
    }

    @Test
    void controlCharacterSymbolIsRejected() {
        String nul = "[{\"T\":\"t\",\"S\":\"\\u0000\",\"i\":1,\"p\":1,\"s\":1,\"t\":\"2024-03-01T14:30:00Z\"}]";
        binaryRejected(binary("nul-symbol", "application/json", bytes(nul)), "INVALID_VALUE", "data[0].S");
    }

    @Test
    void theFunctionKeepsServing() {
        binaryRejected(binary("serving-1", "text/plain", bytes("x")), "UNSUPPORTED_CONTENT_TYPE", "datacontenttype");
        binary("serving-ok", "application/json", bytes(TRADE.formatted("185.12"))).post("/").then().statusCode(200)
                .header("ce-type", "dev.marketfn.tick.normalized.v1");
        given().get("/q/health/live").then().statusCode(200);
    }
}
