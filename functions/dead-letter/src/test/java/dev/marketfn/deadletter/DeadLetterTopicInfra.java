package dev.marketfn.deadletter;

import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared Kafka, the Kafka door on with a store-outage budget and retries far below the outage the test makes, and a
 * PostgreSQL of its own that a test can stop and start again.
 */
public class DeadLetterTopicInfra implements QuarkusTestResourceLifecycleManager {
    static final String TOPIC = "marketfn.dead-letters";
    private static EmbeddedPostgresServer pg;
    private static int port;
    private static Path data;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new MarketfnInfra().start());
        EmbeddedKafka.createTopics(MarketfnInfra.bootstrapServers(), 3, TOPIC);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
            data = Files.createTempDirectory("dead-letter-pg");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        pg = EmbeddedPostgresServer.start(port, data);
        config.put("quarkus.datasource.reactive.url", pg.reactiveUrl());
        config.put("marketfn.kafka-door.enabled", "true");
        // A door routing by type would give up waiting after 1 s and dead-letter after one retry: the sink must not.
        config.put("marketfn.kafka-door.store-outage-budget", "PT1S");
        config.put("marketfn.kafka-door.max-retries", "1");
        return config;
    }

    static synchronized void stopDatabase() {
        pg.close();
    }

    static synchronized void startDatabase() {
        pg = EmbeddedPostgresServer.start(port, data);
    }

    @Override
    public void stop() {
        pg.close();
    }
}
