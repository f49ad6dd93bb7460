package dev.marketfn.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Real PostgreSQL binaries (zonky) on a local port, with a {@code marketfn} database. */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String DATABASE = "marketfn";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts on a free port with a throw-away data directory. */
    public static EmbeddedPostgresServer start() {
        return start(0, null);
    }

    /**
     * @param port 0 for any free port
     * @param dataDirectory null for a temporary one; a directory to keep data across restarts otherwise
     */
    public static EmbeddedPostgresServer start(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // statement statistics for profiling (bench/e2e reports them; CREATE EXTENSION pg_stat_statements)
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            EmbeddedPostgres pg = builder.start();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DATABASE);
                }
                st.execute("ALTER USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
            }
            return new EmbeddedPostgresServer(pg);
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL failed to start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The reactive client URL: {@code postgresql://localhost:PORT/marketfn}. */
    public String reactiveUrl() {
        return "postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
