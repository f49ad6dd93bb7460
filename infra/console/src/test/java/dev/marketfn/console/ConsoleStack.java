package dev.marketfn.console;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import dev.marketfn.store.Migrations;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.Map;

/**
 * A real stack for the console's tests, started once per test JVM: Kafka (KRaft, in this JVM) with the local
 * topology's topics, PostgreSQL (embedded binaries) with every migration applied and the {@link Fixture} rows, which
 * the console then reads through its read-only sessions.
 */
public class ConsoleStack implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer pg;

    @Override
    public synchronized Map<String, String> start() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start();
            kafka.createTopics(KafkaTopics.PARTITIONS, KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX).toArray(String[]::new));
            pg = EmbeddedPostgresServer.start();
            Vertx vertx = Vertx.vertx();
            Pool pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setPort(pg.port()).setHost("localhost")
                    .setDatabase(EmbeddedPostgresServer.DATABASE).setUser(EmbeddedPostgresServer.USER)
                    .setPassword(EmbeddedPostgresServer.PASSWORD)).using(vertx).build();
            try {
                Migrations.apply(pool).await().atMost(Duration.ofSeconds(60));
                Fixture.load(pool);
            } finally {
                pool.closeAndAwait();
                vertx.closeAndAwait();
            }
        }
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.reactive.url", pg.reactiveUrl(),
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
    }

    public static String bootstrap() {
        return kafka.bootstrapServers();
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; the JVM exit ends them
    }
}
