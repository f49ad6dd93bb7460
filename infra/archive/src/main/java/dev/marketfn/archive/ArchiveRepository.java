package dev.marketfn.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * All SQL of the archive and of its CLI jobs (plain JDBC, one connection): which raw_events days are closed and not
 * yet archived, their events in batches, {@code archived_days} (the archiver's durable cursor); {@code job_runs} is
 * {@link JobRuns}.
 */
public final class ArchiveRepository {
    /** A provider's UTC day of received_at, and how many raw events it holds. */
    public record Day(String provider, LocalDate day, long events) {
    }

    private final Connection c;

    public ArchiveRepository(Connection c) {
        this.c = c;
    }

    /**
     * The days before {@code closedBefore} (a UTC midnight) that hold raw events and have no archived_days row, oldest
     * first. Days before the newest archived day were all archived already (days are archived in order), so the scan
     * starts at that day.
     */
    public List<Day> unarchivedDays(Instant closedBefore) throws SQLException {
        String sql = """
                SELECT g.provider, g.day, g.n FROM (
                    SELECT provider, (received_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
                    FROM raw_events
                    WHERE received_at >= coalesce((SELECT max(day)::timestamp AT TIME ZONE 'UTC' FROM archived_days),
                                                  '-infinity'::timestamptz)
                      AND received_at < ?
                    GROUP BY 1, 2) g
                WHERE NOT EXISTS (SELECT 1 FROM archived_days a WHERE a.provider = g.provider AND a.day = g.day)
                ORDER BY g.day, g.provider""";
        List<Day> days = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(closedBefore));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    days.add(new Day(r.getString(1), r.getObject(2, LocalDate.class), r.getLong(3)));
                }
            }
        }
        return days;
    }

    /**
     * The day's raw events of the provider, handed on in batches of at most {@code batchSize}. Ordered by subject
     * (the partition symbol, so a batch holds few symbols and gives few objects), then event_id: a closed day always
     * gives the same batches.
     */
    public void events(String provider, LocalDate day, int batchSize, Consumer<List<RawEvent>> batches)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // a server-side cursor: fetchSize rows at a time
        try (PreparedStatement s = c.prepareStatement("""
                SELECT event_id, provider, ce_type, ce_source, subject, content_type, payload, received_at
                FROM raw_events WHERE provider = ? AND received_at >= ? AND received_at < ? ORDER BY subject NULLS LAST, event_id""")) {
            s.setFetchSize(batchSize);
            s.setString(1, provider);
            s.setTimestamp(2, Timestamp.from(start(day)));
            s.setTimestamp(3, Timestamp.from(start(day.plusDays(1))));
            try (ResultSet r = s.executeQuery()) {
                List<RawEvent> batch = new ArrayList<>(batchSize);
                while (r.next()) {
                    batch.add(new RawEvent(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getString(5), r.getString(6), r.getBytes(7), r.getTimestamp(8).toInstant()));
                    if (batch.size() == batchSize) {
                        batches.accept(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                if (!batch.isEmpty()) {
                    batches.accept(batch);
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Records that every raw event of the day is in the archive; the same day again updates its counts. */
    public void markArchived(String provider, LocalDate day, long events, int objects) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO archived_days (provider, day, raw_events, objects) VALUES (?, ?, ?, ?)
                ON CONFLICT (provider, day) DO UPDATE SET raw_events = excluded.raw_events, objects = excluded.objects,
                    archived_at = now()
                WHERE (archived_days.raw_events, archived_days.objects)
                    IS DISTINCT FROM (excluded.raw_events, excluded.objects)""")) {
            s.setString(1, provider);
            s.setObject(2, day);
            s.setLong(3, events);
            s.setInt(4, objects);
            s.executeUpdate();
        }
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
