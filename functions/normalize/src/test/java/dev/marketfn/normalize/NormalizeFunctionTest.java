package dev.marketfn.normalize;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.KafkaEvents;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class NormalizeFunctionTest {
    static final String ALPACA_TRADE = """
            [{"T":"t","S":"AAPL","i":96921,"x":"D","p":185.12000000,"s":100,"t":"2024-03-01T14:30:00.123456789Z","c":["@"],"z":"C"}]""";

    @Inject
    Pool pool;

    @Test
    void binaryModeReplyCarriesDeterministicAttributes() {
        given().header("ce-specversion", "1.0").header("ce-id", "raw-bin-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca")
                .contentType("application/json").body(ALPACA_TRADE)
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.marketfn.tick.normalized.v1")
                .header("ce-source", "/marketfn/normalize")
                .header("ce-id", EventIds.derive("raw-bin-1", "normalize"))
                .header("ce-partitionkey", "AAPL")
                .header("ce-symbol", "AAPL")
                .header("ce-subject", "AAPL")
                .header("ce-dataschema", "https://marketfn.dev/schemas/tick.normalized.v1.json")
                .body("records", hasSize(1))
                .body("records[0].symbol", equalTo("AAPL"))
                .body("records[0].ts", equalTo("2024-03-01T14:30:00.123456Z"))
                .body("records[0].event_id", equalTo("alpaca|AAPL|2024-03-01T14:30:00.123456Z|96921"))
                .body("records[0].raw_event_id", equalTo("raw-bin-1"));
        // exact decimals in the JSON text, not just numerically equal
        String body = given().header("ce-specversion", "1.0").header("ce-id", "raw-bin-1")
                .header("ce-type", "dev.marketfn.raw.v1").header("ce-source", "/providers/alpaca")
                .header("ce-provider", "alpaca").contentType("application/json").body(ALPACA_TRADE)
                .post("/").then().statusCode(200).extract().asString();
        assertThat(body).contains("\"price\":185.12,");
        // posted twice (and the same trade arrives in other tests): one raw event; no tick row, since quality-check
        // stores each tick once, with its quality
        long rows = pool.preparedQuery("SELECT count(*) FROM ticks WHERE event_id = $1")
                .execute(Tuple.of("alpaca|AAPL|2024-03-01T14:30:00.123456Z|96921")).await().indefinitely()
                .iterator().next().getLong(0);
        assertThat(rows).isZero();
        long raw = pool.preparedQuery("SELECT count(*) FROM raw_events WHERE event_id = $1")
                .execute(Tuple.of("raw-bin-1")).await().indefinitely().iterator().next().getLong(0);
        assertThat(raw).isEqualTo(1);
    }

    @Test
    void rawEventsKeepTheDataVerbatimAndTextJsonIsRead() {
        // whitespace, a trailing-zero price and an exponent: a re-serialization would change every one of them
        String verbatim = """
                [ {"T":"t", "S":"AAPL", "i":96922, "x":"D", "p":185.1300, "s":1E2,
                   "t":"2024-03-01T14:30:01.5Z", "c":["@"], "z":"C"} ]
                """;
        given().header("ce-specversion", "1.0").header("ce-id", "raw-verbatim-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca")
                .contentType("text/json; charset=utf-8").body(verbatim)
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.marketfn.tick.normalized.v1")
                .body("records[0].price", equalTo(185.13f))
                .body("records[0].size", equalTo(100));
        var row = pool.preparedQuery("SELECT payload, content_type FROM raw_events WHERE event_id = $1")
                .execute(Tuple.of("raw-verbatim-1")).await().indefinitely().iterator().next();
        assertThat(new String(row.getBuffer(0).getBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(verbatim);
        assertThat(row.getString(1)).isEqualTo("text/json; charset=utf-8");
        // media types are case-insensitive (RFC 2045), though Funqy compares them case-sensitively
        given().header("ce-specversion", "1.0").header("ce-id", "raw-verbatim-2").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca")
                .contentType("Application/JSON").body(verbatim)
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.marketfn.tick.normalized.v1");
        // structured mode: the data member exactly as it stands in the envelope
        String data = verbatim.strip().replace("96922", "96923");
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"raw-verbatim-3","type":"dev.marketfn.raw.v1","source":"/providers/alpaca",
                 "provider":"alpaca","datacontenttype":"application/json","data": %s }""".formatted(data))
                .post("/").then().statusCode(200).body("type", equalTo("dev.marketfn.tick.normalized.v1"));
        var structured = pool.preparedQuery("SELECT payload FROM raw_events WHERE event_id = $1")
                .execute(Tuple.of("raw-verbatim-3")).await().indefinitely().iterator().next();
        assertThat(new String(structured.getBuffer(0).getBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(data);
    }

    @Test
    void structuredModeIsAnsweredStructured() {
        String event = """
                {"specversion":"1.0","id":"raw-struct-1","type":"dev.marketfn.raw.v1","source":"/providers/alpaca",
                 "provider":"alpaca","datacontenttype":"application/json","data":%s}""".formatted(ALPACA_TRADE);
        given().contentType("application/cloudevents+json").body(event).post("/")
                .then().statusCode(200)
                .body("type", equalTo("dev.marketfn.tick.normalized.v1"))
                .body("source", equalTo("/marketfn/normalize"))
                .body("id", equalTo(EventIds.derive("raw-struct-1", "normalize")))
                .body("partitionkey", equalTo("AAPL"))
                .body("data.records[0].price", notNullValue());
    }

    @Test
    void malformedJsonIsRejectedAndStored() {
        given().header("ce-specversion", "1.0").header("ce-id", "bad-json-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca")
                .contentType("application/json").body("[{\"T\":\"t\",")
                .post("/")
                .then().statusCode(200)
                .header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("MALFORMED_JSON"))
                .body("input_id", equalTo("bad-json-1"));
        var row = pool.preparedQuery("SELECT reason, payload FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("bad-json-1")).await().indefinitely().iterator().next();
        assertThat(row.getString(0)).isEqualTo("MALFORMED_JSON");
        assertThat(new String(row.getBuffer(1).getBytes())).isEqualTo("[{\"T\":\"t\",");
    }

    @Test
    void structuredGarbageIsRejectedNot500() {
        given().contentType("application/cloudevents+json").body("{not json").post("/")
                .then().statusCode(200).body("type", equalTo("dev.marketfn.rejected.v1"))
                .body("data.reason", equalTo("MALFORMED_JSON"));
    }

    @Test
    void unknownTypeAndMissingAttributesNameTheField() {
        given().header("ce-specversion", "1.0").header("ce-id", "unknown-1").header("ce-type", "com.example.nope")
                .header("ce-source", "/x").contentType("application/json").body("{}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("reason", equalTo("UNKNOWN_TYPE")).body("field", equalTo("type"));
        given().header("ce-specversion", "1.0").header("ce-id", "noprov-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/x").contentType("application/json").body(ALPACA_TRADE)
                .post("/").then().statusCode(200).body("reason", equalTo("MISSING_ATTRIBUTE"))
                .body("field", equalTo("provider"));
        given().header("ce-specversion", "1.0").header("ce-id", "unknownprov-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/x").header("ce-provider", "nasdaq-itch").contentType("application/json")
                .body(ALPACA_TRADE).post("/").then().statusCode(200).body("reason", equalTo("UNKNOWN_PROVIDER"));
        given().header("ce-specversion", "1.0").header("ce-id", "wrongtype-1").header("ce-type", "dev.marketfn.raw.v1")
                .header("ce-source", "/providers/alpaca").header("ce-provider", "alpaca").contentType("application/json")
                .body("[{\"T\":\"t\",\"S\":\"AAPL\",\"i\":1,\"p\":\"abc\",\"s\":1,\"t\":\"2024-03-01T14:30:00Z\"}]")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("field", notNullValue());
    }

    @Test
    void plainHttpGetsAProblemBody() {
        given().contentType("application/json").body("{\"hello\":1}").post("/")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Not a CloudEvent"));
        // and the function keeps serving
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void kafkaDoorRepliesInBinaryMode() {
        KafkaEvents.produce("AAPL", Map.of("specversion", "1.0", "id", "raw-kafka-1", "type", "dev.marketfn.raw.v1",
                "source", "/providers/alpaca", "provider", "alpaca"), ALPACA_TRADE);
        var replies = KafkaEvents.await(r -> EventIds.derive("raw-kafka-1", "normalize").equals(r.ce("id")), 1,
                Duration.ofSeconds(30));
        assertThat(replies).hasSize(1);
        var reply = replies.get(0);
        assertThat(reply.ce("type")).isEqualTo("dev.marketfn.tick.normalized.v1");
        assertThat(reply.ce("source")).isEqualTo("/marketfn/normalize");
        assertThat(reply.ce("partitionkey")).isEqualTo("AAPL");
        assertThat(reply.key()).isEqualTo("AAPL");
        assertThat(reply.data()).contains("\"price\":185.12");
    }

    @Test
    void metricsAreExposed() {
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("stream_events_ingested_total"));
    }
}
