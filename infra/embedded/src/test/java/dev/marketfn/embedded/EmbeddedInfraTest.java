package dev.marketfn.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedInfraTest {

    @Test
    void kafkaRoundTripsARecord() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, "probe");
            try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe", "AAPL", "hello")).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                    "group.id", "t", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("probe"));
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                for (int i = 0; i < 50 && records.isEmpty(); i++) {
                    records = consumer.poll(Duration.ofMillis(200));
                }
                assertThat(records.count()).isEqualTo(1);
                assertThat(records.iterator().next().value()).isEqualTo("hello");
            }
        }
    }

    @Test
    void postgresServesTheMarketfnDatabase() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)) {
            ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), version()");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("marketfn");
            assertThat(rs.getString(2)).startsWith("PostgreSQL");
        }
    }
}
