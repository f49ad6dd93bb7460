package dev.marketfn.runtime.testing;

import dev.marketfn.codec.KafkaTopics;
import java.util.List;
import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Real Kafka (KRaft, in this JVM) and real PostgreSQL (embedded binaries) for @QuarkusTest, started once per test JVM.
 * Point at external servers instead with {@code -Dmarketfn.test.kafka=host:port -Dmarketfn.test.pg-url=postgresql://...}.
 */
public class MarketfnInfra implements QuarkusTestResourceLifecycleManager {
    /** Every topic of the local topology (KafkaTopics), with the default prefix. */
    public static final List<String> TOPICS = KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX);
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer pg;
    private static String bootstrap;
    private static String pgUrl;

    @Override
    public synchronized Map<String, String> start() {
        if (bootstrap == null) {
            bootstrap = System.getProperty("marketfn.test.kafka");
            if (bootstrap == null) {
                kafka = EmbeddedKafka.start();
                bootstrap = kafka.bootstrapServers();
            }
            EmbeddedKafka.createTopics(bootstrap, KafkaTopics.PARTITIONS, TOPICS.toArray(String[]::new));
            EmbeddedKafka.createTopics(bootstrap, 1, "marketfn.dlq");
            pgUrl = System.getProperty("marketfn.test.pg-url");
            if (pgUrl == null) {
                pg = EmbeddedPostgresServer.start();
                pgUrl = pg.reactiveUrl();
            }
        }
        return Map.of("kafka.bootstrap.servers", bootstrap,
                "quarkus.datasource.reactive.url", pgUrl,
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
    }

    public static String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; the JVM exit ends them.
    }
}
