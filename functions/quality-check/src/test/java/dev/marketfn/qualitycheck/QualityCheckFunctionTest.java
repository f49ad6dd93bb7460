package dev.marketfn.qualitycheck;

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
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class QualityCheckFunctionTest {
    @Inject
    Pool pool;

    static String trade(String symbol, String price, long seq) {
        String ts = Instant.now().minusSeconds(1).toString();
        return """
                {"event_id":"alpaca|%1$s|%2$s|%3$d","kind":"trade","provider":"alpaca","symbol":"%1$s","ts":"%2$s",
                 "ingest_ts":"%2$s","seq":%3$d,"price":%4$s,"size":100,"asset_class":"equity","currency":"USD",
                 "raw_event_id":"raw","schema_version":1}""".formatted(symbol, ts, seq, price);
    }

    @Test
    void binaryModeAddsQuality() {
        given().header("ce-specversion", "1.0").header("ce-id", "qc-bin-1").header("ce-type", "dev.marketfn.tick.normalized.v1")
                .header("ce-source", "/marketfn/normalize").contentType("application/json")
                .body("{\"records\":[" + trade("QCB", "185.12", 1) + "]}")
                .post("/").then().statusCode(200)
                .header("ce-type", "dev.marketfn.tick.checked.v1")
                .header("ce-source", "/marketfn/quality-check")
                .header("ce-id", EventIds.derive("qc-bin-1", "quality-check"))
                .header("ce-partitionkey", "QCB")
                .body("records", hasSize(1))
                .body("records[0].quality.score", notNullValue())
                .body("records[0].price", equalTo(185.12f));
    }

    /** Every accepted record's score lands in data_quality_score{provider}; a rejected record adds none. */
    @Test
    void acceptedScoresAreMeasuredByProvider() {
        double before = scoreCount();
        given().header("ce-specversion", "1.0").header("ce-id", "qc-score-1").header("ce-type", "dev.marketfn.tick.normalized.v1")
                .header("ce-source", "/marketfn/normalize").contentType("application/json")
                .body("{\"records\":[" + trade("QCQ", "12.5", 1) + "," + trade("QCQ", "12.6", 2) + "," + trade("QCQ", "-1", 3) + "]}")
                .post("/").then().statusCode(200).body("records", hasSize(2));
        assertThat(scoreCount() - before).isEqualTo(2.0);
        assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .contains("data_quality_score_bucket{provider=\"alpaca\",le=\"0.8\"}");
    }

    static double scoreCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("data_quality_score_count{provider=\"alpaca\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void structuredMode() {
        given().contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"qc-st-1","type":"dev.marketfn.tick.normalized.v1","source":"/marketfn/normalize",
                 "datacontenttype":"application/json","data":{"records":[%s]}}""".formatted(trade("QCS", "10.5", 1)))
                .post("/").then().statusCode(200).body("type", equalTo("dev.marketfn.tick.checked.v1"))
                .body("partitionkey", equalTo("QCS"));
    }

    @Test
    void invalidRecordIsRejectedAndTheRestOfTheBatchFlows() {
        given().header("ce-specversion", "1.0").header("ce-id", "qc-mixed-1").header("ce-type", "dev.marketfn.tick.normalized.v1")
                .header("ce-source", "/marketfn/normalize").contentType("application/json")
                .body("{\"records\":[" + trade("QCM", "-5", 1) + "," + trade("QCM", "20", 2) + "]}")
                .post("/").then().statusCode(200)
                .header("ce-type", "dev.marketfn.tick.checked.v1").body("records", hasSize(1))
                .body("records[0].seq", equalTo(2));
        long rejected = pool.preparedQuery("SELECT count(*) FROM rejected_events WHERE input_id = $1")
                .execute(Tuple.of("qc-mixed-1")).await().indefinitely().iterator().next().getLong(0);
        assertThat(rejected).isEqualTo(1);
    }

    @Test
    void missingFieldNamesIt() {
        given().header("ce-specversion", "1.0").header("ce-id", "qc-bad-1").header("ce-type", "dev.marketfn.tick.normalized.v1")
                .header("ce-source", "/marketfn/normalize").contentType("application/json")
                .body("{\"records\":[{\"kind\":\"trade\",\"provider\":\"x\"}]}")
                .post("/").then().statusCode(200).header("ce-type", "dev.marketfn.rejected.v1")
                .body("field", equalTo("data.records[0].seq"));
    }

    @Test
    void kafkaDoor() {
        KafkaEvents.produce("QCK", Map.of("specversion", "1.0", "id", "qc-kafka-1", "type", "dev.marketfn.tick.normalized.v1",
                "source", "/marketfn/normalize"), "{\"records\":[" + trade("QCK", "50", 1) + "]}");
        var replies = KafkaEvents.await(r -> EventIds.derive("qc-kafka-1", "quality-check").equals(r.ce("id")), 1,
                Duration.ofSeconds(30));
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).ce("type")).isEqualTo("dev.marketfn.tick.checked.v1");
        assertThat(replies.get(0).key()).isEqualTo("QCK");
    }
}
