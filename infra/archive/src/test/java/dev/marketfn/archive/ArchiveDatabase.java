package dev.marketfn.archive;

import dev.marketfn.embedded.EmbeddedPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/** Embedded PostgreSQL with the store's migrations, and raw_events rows as normalize writes them. */
final class ArchiveDatabase implements AutoCloseable {
    // from the module (tests) or from the repository root (bench/archive/run.sh)
    private static final Path MIGRATIONS = Files.isDirectory(Path.of("../../functions/store"))
            ? Path.of("../../functions/store/src/main/resources/db/migrations")
            : Path.of("functions/store/src/main/resources/db/migrations");
    final EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();

    ArchiveDatabase() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String name : Files.readAllLines(MIGRATIONS.resolve("index.txt"))) {
                if (!name.isBlank()) {
                    s.execute(Files.readString(MIGRATIONS.resolve(name.trim())));
                }
            }
        }
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    void insertRaw(String id, String provider, String subject, String payload, Instant receivedAt) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO raw_events (event_id,"
                + " provider, ce_type, ce_source, subject, content_type, payload, received_at)"
                + " VALUES (?, ?, 'dev.marketfn.raw.v1', ?, ?, 'application/json', ?, ?)")) {
            s.setString(1, id);
            s.setString(2, provider);
            s.setString(3, "/providers/" + provider);
            s.setString(4, subject);
            s.setBytes(5, payload.getBytes(StandardCharsets.UTF_8));
            s.setTimestamp(6, Timestamp.from(receivedAt));
            s.executeUpdate();
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = connect(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** An Alpaca trade message of one symbol: one trade per time. */
    static String alpaca(String symbol, String... times) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < times.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"T\":\"t\",\"S\":\"").append(symbol).append("\",\"i\":").append(i + 1)
                    .append(",\"x\":\"V\",\"p\":100.25,\"s\":10,\"t\":\"").append(times[i]).append("\",\"c\":[\"@\"],\"z\":\"C\"}");
        }
        return b.append("]").toString();
    }

    @Override
    public void close() {
        pg.close();
    }
}
