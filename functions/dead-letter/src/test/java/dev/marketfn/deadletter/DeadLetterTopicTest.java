package dev.marketfn.deadletter;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka door: what the broker's KafkaSink writes to marketfn.dead-letters (binary CloudEvents of any type, and a
 * record that is no CloudEvent) is stored in rejected_events once each, also when PostgreSQL is down while it arrives
 * and stays down longer than the door's store-outage budget and retries: a sink waits, nothing goes to marketfn.dlq.
 */
@QuarkusTest
@QuarkusTestResource(value = DeadLetterTopicInfra.class, restrictToAnnotatedClass = true)
class DeadLetterTopicTest {
    @Inject
    Pool pool;

    @Test
    void everyRecordIsStoredOnceAfterAnOutage() throws Exception {
        DeadLetterTopicInfra.stopDatabase();
        try (var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", MarketfnInfra.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String[] e : new String[][] {{"dl-k-1", "dev.marketfn.tick.checked.v1"},
                    {"dl-k-2", "dev.marketfn.rejected.v1"}, {"dl-k-3", "com.example.unknown.v9"},
                    {"dl-k-1", "dev.marketfn.tick.checked.v1"}}) { // the last: a redelivery of the first
                OutEvent event = OutEvent.builder("quality-check", e[1], e[0]).symbol("AAPL")
                        .extension("knativeerrorcode", "503")
                        .extension("knativeerrordest", "http://corporate-action.marketfn.svc")
                        .data(Map.of("records", java.util.List.of()));
                ProducerRecord<String, byte[]> r = CloudEventCodec.toKafka(event, DeadLetterTopicInfra.TOPIC);
                producer.send(r).get();
            }
            producer.send(new ProducerRecord<>(DeadLetterTopicInfra.TOPIC, "k",
                    "not a cloud event".getBytes(StandardCharsets.UTF_8))).get();
        }
        Thread.sleep(8000); // the door reads them and waits for the database, far past its budget and retries
        assertThat(rows()).isEqualTo(-1);
        DeadLetterTopicInfra.startDatabase();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (rows() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(rows()).isEqualTo(4);
        Thread.sleep(2000);
        assertThat(rows()).isEqualTo(4);
        // read once each, however many times the door tried to store them during the outage
        assertThat(ingestedFromKafka()).isEqualTo(5.0);
        assertThat(pool.query("SELECT count(*) FROM rejected_events WHERE function = 'dead-letter' AND input_id IS NULL"
                + " AND detail LIKE '%not a CloudEvent%'").execute().await().indefinitely().iterator().next().getLong(0))
                .isEqualTo(1);
    }

    /** Sum of stream_events_ingested_total{bus="kafka",...} on /q/metrics. */
    private static double ingestedFromKafka() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("stream_events_ingested_total{") && l.contains("bus=\"kafka\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Dead-letter rows, -1 while the database cannot be reached. */
    private long rows() {
        try {
            return pool.query("SELECT count(*) FROM rejected_events WHERE function = 'dead-letter'").execute()
                    .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
        } catch (RuntimeException down) {
            return -1;
        }
    }
}
