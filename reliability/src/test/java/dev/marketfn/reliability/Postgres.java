package dev.marketfn.reliability;

import dev.marketfn.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Real PostgreSQL (zonky binaries) on a fixed port with a kept data directory: {@link #stop()} shuts the server down
 * (pg_ctl stop, fast mode: open connections are cut) and {@link #start()} brings the same cluster back on the same
 * port, as a database restart in production does.
 */
final class Postgres implements AutoCloseable {
    static final String USER = EmbeddedPostgresServer.USER;
    static final String PASSWORD = EmbeddedPostgresServer.PASSWORD;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgresServer server;

    Postgres(Path dataDir) {
        this.dataDir = dataDir;
        this.port = Ports.free();
    }

    Postgres start() {
        server = EmbeddedPostgresServer.start(port, dataDir);
        return this;
    }

    void stop() {
        server.close();
        server = null;
    }

    int port() {
        return port;
    }

    /** The reactive client's URL form, as the functions take it in {@code PG_URL}. */
    String reactiveUrl(String database) {
        return "postgresql://localhost:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.put("user", USER);
        p.put("password", PASSWORD);
        p.put("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, p);
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + name);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }
}
