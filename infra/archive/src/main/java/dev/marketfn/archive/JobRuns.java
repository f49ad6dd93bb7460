package dev.marketfn.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one place of the {@code job_runs} SQL (plain JDBC): the archiver and every CLI job (demo, replay, actions load)
 * open a row in status running, end it succeeded or failed with its counts, and {@code marketfn jobs} lists them.
 */
public final class JobRuns {
    /** One run as stored; {@code finishedAt} is null while it runs. */
    public record Run(UUID id, String kind, String args, String status, Instant startedAt, Instant finishedAt,
            long itemsIn, long itemsOut, String error) {
    }

    private final Connection c;

    public JobRuns(Connection c) {
        this.c = c;
    }

    /** A row in status running; returns its id. {@code args}: a JSON object. */
    public UUID start(String kind, String args) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO job_runs (run_id, kind, args, status) VALUES (?, ?, ?::jsonb, 'running')")) {
            s.setObject(1, id);
            s.setString(2, kind);
            s.setString(3, args);
            s.executeUpdate();
        }
        return id;
    }

    /** Ends a run: succeeded, or failed with the error. */
    public void finish(UUID id, boolean succeeded, long itemsIn, long itemsOut, String error) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE job_runs SET status = ?, finished_at = now(),"
                + " items_in = ?, items_out = ?, error = ? WHERE run_id = ?")) {
            s.setString(1, succeeded ? "succeeded" : "failed");
            s.setLong(2, itemsIn);
            s.setLong(3, itemsOut);
            s.setString(4, error);
            s.setObject(5, id);
            s.executeUpdate();
        }
    }

    /** The newest {@code limit} runs, newest first; only those of {@code kind} unless it is null. */
    public List<Run> recent(String kind, int limit) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT run_id, kind, args::text, status, started_at, finished_at,"
                + " items_in, items_out, error FROM job_runs WHERE (?::text IS NULL OR kind = ?)"
                + " ORDER BY started_at DESC, run_id LIMIT ?")) {
            s.setString(1, kind);
            s.setString(2, kind);
            s.setInt(3, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp end = r.getTimestamp(6);
                    runs.add(new Run(r.getObject(1, UUID.class), r.getString(2), r.getString(3), r.getString(4),
                            r.getTimestamp(5).toInstant(), end == null ? null : end.toInstant(), r.getLong(7),
                            r.getLong(8), r.getString(9)));
                }
            }
        }
        return runs;
    }
}
