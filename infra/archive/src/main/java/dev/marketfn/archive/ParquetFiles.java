package dev.marketfn.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The archive's file format: Parquet (zstd), written and read by an in-memory DuckDB. Rows are sorted by
 * (event_time, event_id) and written by one thread, so the same events always give the same bytes. Partition
 * columns (provider, date, symbol) are in the path only, Hive style. Columns: {@link #COLUMNS}.
 */
public final class ParquetFiles {
    /** Column names and DuckDB types, in file order; a file with any other schema is foreign. */
    public static final List<String> COLUMNS = List.of("event_id VARCHAR", "event_time TIMESTAMP WITH TIME ZONE",
            "received_at TIMESTAMP WITH TIME ZONE", "symbols VARCHAR", "ce_type VARCHAR", "ce_source VARCHAR",
            "subject VARCHAR", "content_type VARCHAR", "payload BLOB");

    // the JDBC appender takes no BLOB value, so payloads travel as hex and are unhexed in the COPY
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    private ParquetFiles() {
    }

    /** The events as one Parquet file's bytes. */
    public static byte[] write(List<ArchivedEvent> events, Path tempDir) {
        Path file = tempFile(tempDir);
        try (Connection c = open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (event_id VARCHAR, event_time BIGINT, received_at BIGINT, symbols VARCHAR,"
                    + " ce_type VARCHAR, ce_source VARCHAR, subject VARCHAR, content_type VARCHAR, payload_hex VARCHAR)");
            try (DuckDBAppender a = ((DuckDBConnection) c).createAppender("main", "t")) {
                for (ArchivedEvent e : events) {
                    RawEvent r = e.raw();
                    a.beginRow().append(r.eventId()).append(micros(e.eventTime())).append(micros(r.receivedAt()))
                            .append(e.symbols()).append(r.ceType()).append(r.ceSource()).append(r.subject())
                            .append(r.contentType()).append(HEX.formatHex(r.payload())).endRow();
                }
            }
            s.execute("COPY (SELECT event_id, make_timestamptz(event_time) AS event_time,"
                    + " make_timestamptz(received_at) AS received_at, symbols, ce_type, ce_source, subject, content_type,"
                    + " unhex(payload_hex) AS payload FROM t ORDER BY event_time, event_id) TO '" + literal(file)
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            return Files.readAllBytes(file);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write Parquet: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(file);
        }
    }

    /**
     * The events of one file with event time in [from, until) (null = unbounded), in file order. Throws
     * {@link UnreadableFileException} when the bytes are not Parquet or not of the archive's schema.
     */
    public static List<ArchivedEvent> read(byte[] bytes, String provider, String symbol, Instant from, Instant until,
            Path tempDir) {
        Path file = tempFile(tempDir);
        try {
            Files.write(file, bytes);
            try (Connection c = open(); Statement s = c.createStatement()) {
                String source = "read_parquet('" + literal(file) + "')";
                List<String> schema = new ArrayList<>();
                try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + source)) {
                    while (r.next()) {
                        schema.add(r.getString(1) + " " + r.getString(2));
                    }
                }
                if (!schema.equals(COLUMNS)) {
                    throw new UnreadableFileException("not a raw archive file: its columns are " + schema);
                }
                String where = (from == null ? "" : " AND event_time >= make_timestamptz(" + micros(from) + ")")
                        + (until == null ? "" : " AND event_time < make_timestamptz(" + micros(until) + ")");
                List<ArchivedEvent> events = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT event_id, epoch_us(event_time), epoch_us(received_at), symbols,"
                        + " ce_type, ce_source, subject, content_type, payload FROM " + source + " WHERE true" + where)) {
                    while (r.next()) {
                        RawEvent raw = new RawEvent(r.getString(1), provider, r.getString(5), r.getString(6),
                                r.getString(7), r.getString(8), r.getBytes(9), instant(r.getLong(3)));
                        events.add(new ArchivedEvent(raw, instant(r.getLong(2)), symbol, r.getString(4)));
                    }
                }
                return events;
            }
        } catch (SQLException e) {
            throw new UnreadableFileException("not readable as Parquet: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(file);
        }
    }

    /** A file in the archive that is not a raw archive Parquet file (corrupt, truncated or foreign). */
    public static final class UnreadableFileException extends RuntimeException {
        public UnreadableFileException(String message) {
            super(message);
        }
    }

    private static Connection open() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            // one thread: the same rows give the same row groups and bytes
            s.execute("SET threads = 1");
            s.execute("SET TimeZone = 'UTC'");
        }
        return c;
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static Path tempFile(Path dir) {
        try {
            Files.createDirectories(dir);
            Path f = Files.createTempFile(dir, "archive-", ".parquet");
            Files.delete(f); // DuckDB's COPY creates it
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private static String literal(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
