package dev.marketfn.deadletter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.Json;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

// Restricted: DatabaseDownTest runs this app against a PostgreSQL that is not there.
@QuarkusTest
@QuarkusTestResource(value = MarketfnInfra.class, restrictToAnnotatedClass = true)
class DeadLetterFunctionTest {
    static final String CHECKED = """
            {"records": [ {"symbol":"AAPL", "price": 185.120000, "ts":"2024-03-01T14:30:00.123456Z"} ]}""";
    static final String DEST = "http://corporate-action.marketfn.svc.cluster.local";

    @Inject
    Pool pool;

    @Test
    void deadLetteredBinaryEventIsStoredWithRawBytesAndReason() {
        given().header("ce-specversion", "1.0").header("ce-id", "dl-bin-1").header("ce-type", "dev.marketfn.tick.checked.v1")
                .header("ce-source", "/marketfn/quality-check").header("ce-subject", "AAPL")
                .header("ce-time", "2024-03-01T14:30:00.5+01:00").header("ce-partitionkey", "AAPL")
                .header("ce-traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .header("ce-knativeerrorcode", "503").header("ce-knativeerrordest", DEST)
                .header("ce-knativeerrordata", base64("upstream connect error"))
                .contentType("application/json").body(CHECKED)
                .post("/")
                .then().statusCode(204).header("ce-type", nullValue()).body(equalTo(""));

        Row row = row("dl-bin-1").get(0);
        assertThat(row.getString("rejection_id"))
                .isEqualTo(EventIds.derive("/marketfn/quality-check\u0000dl-bin-1\u0000" + DEST, "dead-letter"));
        assertThat(row.getString("function")).isEqualTo("dead-letter");
        assertThat(row.getString("reason")).isEqualTo("DEAD_LETTER");
        assertThat(row.getString("input_type")).isEqualTo("dev.marketfn.tick.checked.v1");
        // the data exactly as received: whitespace and trailing zeros included
        assertThat(row.getBuffer("payload").getBytes()).isEqualTo(CHECKED.getBytes(StandardCharsets.UTF_8));
        JsonNode detail = Json.tree(row.getString("detail").getBytes(StandardCharsets.UTF_8));
        assertThat(detail.get("error").asText()).isEqualTo("HTTP 503 from " + DEST);
        assertThat(detail.get("response").asText()).isEqualTo("upstream connect error");
        assertThat(detail.get("mode").asText()).isEqualTo("binary");
        JsonNode attrs = detail.get("attributes");
        assertThat(attrs.get("source").asText()).isEqualTo("/marketfn/quality-check");
        assertThat(attrs.get("subject").asText()).isEqualTo("AAPL");
        assertThat(attrs.get("time").asText()).isEqualTo("2024-03-01T14:30:00.5+01:00");
        assertThat(attrs.get("partitionkey").asText()).isEqualTo("AAPL");
        assertThat(attrs.get("traceparent").asText()).startsWith("00-0af765");
        assertThat(attrs.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(attrs.get("knativeerrorcode").asText()).isEqualTo("503");
        assertThat(attrs.get("knativeerrordest").asText()).isEqualTo(DEST);
        assertThat(attrs.get("knativeerrordata").asText()).isEqualTo(base64("upstream connect error"));
    }

    @Test
    void deadLetteredStructuredEventIsStored() {
        String event = """
                {"specversion":"1.0","id":"dl-struct-1","type":"dev.marketfn.raw.v1","source":"/providers/alpaca",
                 "provider":"alpaca","datacontenttype":"application/json","knativeerrordest":"http://normalize.marketfn.svc",
                 "knativeerrorcode":"500","data": [ {"T":"t", "S":"AAPL","p":185.120} ] }""";
        given().contentType("application/cloudevents+json").body(event).post("/")
                .then().statusCode(204).body(equalTo(""));

        Row row = row("dl-struct-1").get(0);
        assertThat(row.getString("reason")).isEqualTo("DEAD_LETTER");
        assertThat(row.getString("input_type")).isEqualTo("dev.marketfn.raw.v1");
        assertThat(new String(row.getBuffer("payload").getBytes(), StandardCharsets.UTF_8))
                .isEqualTo("[ {\"T\":\"t\", \"S\":\"AAPL\",\"p\":185.120} ]"); // verbatim, not re-serialized
        JsonNode detail = Json.tree(row.getString("detail").getBytes(StandardCharsets.UTF_8));
        assertThat(detail.get("error").asText()).isEqualTo("HTTP 500 from http://normalize.marketfn.svc");
        assertThat(detail.get("mode").asText()).isEqualTo("structured");
        assertThat(detail.get("attributes").get("provider").asText()).isEqualTo("alpaca");
        assertThat(detail.get("attributes").has("data")).isFalse();
    }

    @Test
    void nonJsonPayloadsAreStoredVerbatim() {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '{', 0x7f};
        given().header("ce-specversion", "1.0").header("ce-id", "dl-octets-1").header("ce-type", "com.example.blob.v1")
                .header("ce-source", "/elsewhere").header("ce-knativeerrordest", "http://x.example")
                .contentType("application/octet-stream").body(binary)
                .post("/").then().statusCode(204);
        Row octets = row("dl-octets-1").get(0);
        assertThat(octets.getBuffer("payload").getBytes()).isEqualTo(binary);
        assertThat(octets.getString("detail")).contains("delivery to http://x.example failed without an HTTP status");

        given().header("ce-specversion", "1.0").header("ce-id", "dl-text-1").header("ce-type", "com.example.text.v1")
                .header("ce-source", "/elsewhere").contentType("text/plain; charset=utf-8").body("not { json")
                .post("/").then().statusCode(204);
        assertThat(new String(row("dl-text-1").get(0).getBuffer("payload").getBytes(), StandardCharsets.UTF_8))
                .isEqualTo("not { json");

        // an event without data: an empty payload, attributes kept
        given().header("ce-specversion", "1.0").header("ce-id", "dl-empty-1").header("ce-type", "com.example.tick.v1")
                .header("ce-source", "/elsewhere").header("ce-knativeerrorcode", "504").post("/").then().statusCode(204);
        assertThat(row("dl-empty-1").get(0).getBuffer("payload").getBytes()).isEmpty();
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"dl-sempty-1\",\"type\":\"com.example.tick.v1\",\"source\":\"/elsewhere\"}")
                .post("/").then().statusCode(204);
        assertThat(row("dl-sempty-1").get(0).getBuffer("payload").getBytes()).isEmpty();

        // structured: data_base64 decoded, a text datum as its text
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"dl-b64-1","type":"com.example.blob.v1","source":"/elsewhere",
                 "datacontenttype":"application/octet-stream","data_base64":"%s"}""".formatted(
                Base64.getEncoder().encodeToString(binary))).post("/").then().statusCode(204);
        assertThat(row("dl-b64-1").get(0).getBuffer("payload").getBytes()).isEqualTo(binary);
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"dl-stext-1","type":"com.example.text.v1","source":"/elsewhere",
                 "datacontenttype":"text/csv","data":"AAPL,185.12\\n"}""").post("/").then().statusCode(204);
        assertThat(new String(row("dl-stext-1").get(0).getBuffer("payload").getBytes(), StandardCharsets.UTF_8))
                .isEqualTo("AAPL,185.12\n");
    }

    @Test
    void redeliveryStoresOneRowPerFailedDestination() {
        for (int i = 0; i < 3; i++) {
            deadLetter("dl-twice-1", "http://a.example");
        }
        assertThat(row("dl-twice-1")).hasSize(1);
        // the same event dead-lettered by a second subscriber is a second failure, kept for its own replay
        deadLetter("dl-twice-1", "http://b.example");
        deadLetter("dl-twice-1", "http://b.example");
        assertThat(row("dl-twice-1")).hasSize(2);
    }

    @Test
    void rejectedEventsAreAcknowledgedNotStoredAgain() {
        // the audit Trigger: the rejecting function already stored it (Dispatcher.reject), under this id
        given().header("ce-specversion", "1.0").header("ce-id", "rej-audit-1").header("ce-type", "dev.marketfn.rejected.v1")
                .header("ce-source", "/marketfn/normalize").contentType("application/json")
                .body("{\"reason\":\"MALFORMED_JSON\",\"field\":\"data\",\"detail\":\"x\",\"input_id\":\"r1\",\"input_type\":\"dev.marketfn.raw.v1\"}")
                .post("/").then().statusCode(204).body(equalTo(""));
        assertThat(row("rej-audit-1")).isEmpty();
        // but a rejected event the broker could not deliver to some other subscriber is a dead letter like any other
        given().header("ce-specversion", "1.0").header("ce-id", "rej-dl-1").header("ce-type", "dev.marketfn.rejected.v1")
                .header("ce-source", "/marketfn/normalize").header("ce-knativeerrorcode", "502")
                .header("ce-knativeerrordest", "http://alerting.example").contentType("application/json").body("{}")
                .post("/").then().statusCode(204);
        assertThat(row("rej-dl-1")).hasSize(1);
    }

    @Test
    void plainRequestsGetAProblemBody() {
        given().contentType("application/json").body("{\"hello\":1}").post("/")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Not a CloudEvent"));
        given().contentType("text/plain").body("hello").post("/")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        given().get("/").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void structuredGarbageIsStoredWithoutAReplyEvent() {
        given().contentType("application/cloudevents+json").body("{\"id\":\"garbage-1\",\"specversion\":\"1.0\"")
                .post("/").then().statusCode(204).body(equalTo(""));
        given().contentType("application/cloudevents+json").body("{\"id\":\"notype-1\",\"specversion\":\"1.0\",\"source\":\"/x\"}")
                .post("/").then().statusCode(204).body(equalTo(""));
        List<Row> rows = StreamSupport.stream(pool.preparedQuery(
                "SELECT reason, field FROM rejected_events WHERE function = 'dead-letter' AND input_id = $1")
                .execute(Tuple.of("notype-1")).await().indefinitely().spliterator(), false).toList();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("reason")).isEqualTo("MISSING_ATTRIBUTE");
        assertThat(rows.get(0).getString("field")).isEqualTo("type");
        // and the service keeps serving
        deadLetter("after-garbage-1", "http://a.example");
        assertThat(row("after-garbage-1")).hasSize(1);
    }

    @Test
    void healthAndMetrics() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body(containsString("PostgreSQL"));
        deadLetter("dl-metrics-1", "http://a.example");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stream_events_ingested_total"))
                .body(containsString("errors_total{component=\"dead-letter\",reason=\"DEAD_LETTER\"}"));
    }

    @Test
    void replayCommandOfTheDocsRebuildsThePost() throws Exception {
        given().header("ce-specversion", "1.0").header("ce-id", "dl-replay-1").header("ce-type", "dev.marketfn.tick.checked.v1")
                .header("ce-source", "/marketfn/quality-check").header("ce-subject", "AAPL")
                .header("ce-time", "2024-03-01T14:30:00Z").header("ce-partitionkey", "AAPL").header("ce-symbol", "AAPL")
                .header("ce-knativeerrorcode", "503").header("ce-knativeerrordest", DEST)
                .contentType("application/json").body(CHECKED).post("/").then().statusCode(204);
        String id = row("dl-replay-1").get(0).getString("rejection_id");
        // the script docs/dead-letter.md runs with psql -v id=… -v url=…
        String sql = Files.readString(Path.of("replay-command.sql"))
                .replace(":'id'", "$1::text").replace(":'url'", "$2::text");
        String command = pool.preparedQuery(sql).execute(Tuple.of(id, "http://localhost:8080/marketfn/marketfn"))
                .await().indefinitely().iterator().next().getString(0);
        assertThat(command).isEqualTo("./marketfn post --url 'http://localhost:8080/marketfn/marketfn'"
                + " --type 'dev.marketfn.tick.checked.v1' --source '/marketfn/quality-check' --id 'dl-replay-1'"
                + " --subject 'AAPL' --ext 'partitionkey=AAPL' --ext 'symbol=AAPL' --data '" + id + ".data'");
    }

    private void deadLetter(String id, String dest) {
        given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-type", "dev.marketfn.tick.adjusted.v1")
                .header("ce-source", "/marketfn/corporate-action").header("ce-knativeerrorcode", "503")
                .header("ce-knativeerrordest", dest).contentType("application/json").body(CHECKED)
                .post("/").then().statusCode(204);
    }

    private List<Row> row(String inputId) {
        return StreamSupport.stream(pool.preparedQuery("""
                SELECT rejection_id, function, reason, field, detail, input_id, input_type, payload FROM rejected_events
                WHERE function = 'dead-letter' AND reason = 'DEAD_LETTER' AND input_id = $1 ORDER BY created_at""")
                .execute(Tuple.of(inputId)).await().indefinitely().spliterator(), false).toList();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
