package dev.marketfn.launcher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code marketfn maintain}: the partition maintenance the functions run at start-up and hourly (docs/storage-tiers.md),
 * for a local stack or by hand. The work is the store's SQL function {@code maintain_table} (migration V020), one
 * table per transaction, with the policy in {@code retention_policy}; {@code --retain} and {@code --ahead-days} write
 * that policy first, as a function's {@code marketfn.store.retention.*} settings do.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Partition maintenance of the database: create day partitions ahead, move rows the DEFAULT "
                + "partitions caught into their day, drop day partitions past retention (raw_events only once "
                + "archived_days counts all of their events), delete rows of the long-history tables past retention.",
                "Prints one line per action: table, day, created/adopted/dropped/kept/deleted, rows."},
        footer = {"%nExamples:",
                "  marketfn maintain --pg-url postgresql://localhost:5432/marketfn",
                "  marketfn maintain --retain ticks=0 --retain bar_trades=0    # keep every day (before a rebuild)"})
final class MaintainCommand extends Main.Base {
    @Mixin
    DatabaseOptions db;
    @Option(names = "--retain", paramLabel = "TABLE=DAYS",
            description = "set a table's retention in days (0 = keep every day) before maintaining; repeatable")
    Map<String, Integer> retain = new LinkedHashMap<>();
    @Option(names = "--ahead-days", paramLabel = "N", description = "set how many days ahead partitions are created")
    Integer aheadDays;
    @Option(names = "--at", paramLabel = "TIME",
            description = "maintain as of TIME (ISO-8601) instead of now: which days are ahead and which are expired")
    String at;

    @Override
    public Integer call() throws Exception {
        db.url(env, "maintain");
        Instant when;
        try {
            when = at == null ? Instant.now() : TimeWindow.parse("--at", at);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (aheadDays != null && aheadDays < 0 || retain.values().stream().anyMatch(d -> d == null || d < 0)) {
            throw usage("days must be >= 0");
        }
        try (Connection c = db.connect(env, "maintain")) {
            List<String> tables = tables(c);
            for (String t : retain.keySet()) {
                if (!tables.contains(t)) {
                    throw usage("--retain: no policy for table " + t + " (tables: " + String.join(", ", tables) + ")");
                }
            }
            configure(c);
            int kept = 0;
            for (String table : tables) {
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT table_name, day, action, rows FROM maintain_table(?, ?)")) {
                    st.setString(1, table);
                    st.setTimestamp(2, Timestamp.from(when));
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            out.printf("%-16s %s %-8s %d%n", rs.getString(1), rs.getString(2), rs.getString(3),
                                    rs.getLong(4));
                            kept += rs.getString(3).equals("kept") ? 1 : 0;
                        }
                    }
                }
            }
            if (kept > 0) {
                err.println(kept + " day partition" + (kept == 1 ? " is" : "s are")
                        + " past retention but kept: the archive does not hold all of their events yet");
            }
            return Main.EXIT_OK;
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM retention_policy ORDER BY table_name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new LauncherException("no retention_policy table: the database has no marketfn schema V020 yet ("
                    + e.getMessage() + ")");
        }
        return out;
    }

    private void configure(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE retention_policy SET ahead_days = COALESCE(?, ahead_days), "
                + "retain_days = COALESCE(?, retain_days), updated_at = now() WHERE table_name = ?")) {
            for (String table : tables(c)) {
                Integer days = retain.get(table);
                if (days == null && aheadDays == null) {
                    continue;
                }
                st.setObject(1, aheadDays);
                st.setObject(2, days);
                st.setString(3, table);
                st.executeUpdate();
            }
        }
    }
}
