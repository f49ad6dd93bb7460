package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import dev.marketfn.embedded.EmbeddedKafka;
import dev.marketfn.embedded.EmbeddedPostgresServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Kafka + PostgreSQL: embedded ones started here, or external ones named by the environment. */
public final class Infra implements AutoCloseable {
    public static final String DLQ_TOPIC = "marketfn.dlq";

    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;
    public final String bootstrap;
    /** Reactive form, {@code postgresql://host:port/db}, as the functions take it. */
    public final String pgUrl;
    public final String pgUser;
    public final String pgPassword;

    private Infra(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, String bootstrap, String pgUrl, String pgUser,
            String pgPassword) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.bootstrap = bootstrap;
        this.pgUrl = pgUrl;
        this.pgUser = pgUser;
        this.pgPassword = pgPassword;
    }

    /** External Kafka/PG when KAFKA_BOOTSTRAP_SERVERS / PG_URL are set, embedded otherwise. */
    public static Infra start(Map<String, String> env, int pgPort, Path pgDataDir, PrintStream log) {
        EmbeddedKafka kafka = null;
        EmbeddedPostgresServer pg = null;
        try {
            String bootstrap = blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS"));
            if (bootstrap == null) {
                log.println("  starting embedded Kafka (KRaft) ...");
                kafka = EmbeddedKafka.start();
                bootstrap = kafka.bootstrapServers();
            } else {
                log.println("  using external Kafka " + bootstrap);
                requireKafka(bootstrap);
            }
            String pgUrl = blankToNull(env.get("PG_URL"));
            String user = env.getOrDefault("PG_USER", EmbeddedPostgresServer.USER);
            String password = env.getOrDefault("PG_PASSWORD", EmbeddedPostgresServer.PASSWORD);
            if (pgUrl == null) {
                log.println("  starting embedded PostgreSQL ...");
                pg = EmbeddedPostgresServer.start(pgPort, pgDataDir);
                pgUrl = pg.reactiveUrl();
                user = EmbeddedPostgresServer.USER;
                password = EmbeddedPostgresServer.PASSWORD;
            } else {
                log.println("  using external PostgreSQL " + pgUrl);
            }
            Infra infra = new Infra(kafka, pg, bootstrap, pgUrl, user, password);
            try (Connection c = infra.connect()) {
                c.isValid(5);
            }
            EmbeddedKafka.createTopics(bootstrap, KafkaTopics.PARTITIONS,
                    KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX).toArray(String[]::new));
            EmbeddedKafka.createTopics(bootstrap, 1, DLQ_TOPIC);
            return infra;
        } catch (SQLException e) {
            closeQuietly(kafka, pg);
            throw new LauncherException("PostgreSQL not reachable: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(kafka, pg);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort while failing anyway
            }
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Fails fast (10 s) with a clear message when no broker answers. */
    public static void requireKafka(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000);
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new LauncherException("Kafka not reachable at " + bootstrap + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static String jdbcUrl(String pgUrl) {
        return pgUrl.startsWith("jdbc:") ? pgUrl : "jdbc:" + pgUrl.replaceFirst("^postgres://", "postgresql://");
    }

    public Connection connect() throws SQLException {
        return connect(pgUrl, pgUser, pgPassword);
    }

    public static Connection connect(String pgUrl, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.put("user", user);
        p.put("password", password);
        p.put("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(pgUrl), p);
    }

    public boolean embeddedPostgres() {
        return postgres != null;
    }

    /** A psql one-liner that reaches this database. */
    public String psql() {
        String rest = pgUrl.replaceFirst("^(jdbc:)?postgres(ql)?://", "");
        return "psql postgresql://" + pgUser + ":" + pgPassword + "@" + rest;
    }

    @Override
    public void close() {
        closeQuietly(kafka, postgres);
    }
}
