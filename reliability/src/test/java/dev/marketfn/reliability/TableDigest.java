package dev.marketfn.reliability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The content of every table of a run: its rows as text (sorted), their count and a SHA-256 over them. Columns that
 * hold the wall-clock time of a write are left out — they differ between any two runs — and so are the parts of JSON
 * columns computed from it. Everything else must be equal, byte for byte, between a faulted and a clean run.
 *
 * <p>Every table of the schema is compared (a table added later is compared in full until someone names its
 * wall-clock columns here).
 */
final class TableDigest {
    /**
     * Wall-clock columns: when a row was written or first seen, never what was computed; and {@code emitted_by}, which
     * input happened to close a bar (that depends on delivery timing, what the bar holds does not).
     */
    static final Map<String, Set<String>> WALL_CLOCK = Map.ofEntries(
            Map.entry("raw_events", Set.of("received_at")),
            Map.entry("ticks", Set.of("ingest_ts", "updated_at")),
            Map.entry("bars_ohlcv", Set.of("emitted_at", "emitted_by", "updated_at")),
            Map.entry("late_trades", Set.of("arrived_at")),
            Map.entry("watermarks", Set.of("updated_at")),
            Map.entry("rejected_events", Set.of("created_at")),
            Map.entry("quality_alerts", Set.of("created_at")),
            Map.entry("corporate_actions", Set.of("known_at")),
            Map.entry("adjustment_factors", Set.of("known_at")),
            Map.entry("indicator_values", Set.of("computed_at")),
            Map.entry("signals", Set.of("created_at")),
            // when a version became known: the writing transaction's time (V030); the versions themselves compare
            Map.entry("bar_revisions", Set.of("known_at")),
            Map.entry("indicator_revisions", Set.of("known_at")),
            // version counts the writes that changed the state, and a redelivery may legitimately write once more
            Map.entry("function_state", Set.of("updated_at", "version")));

    /**
     * Values derived from wall-clock time, masked when two runs are compared (a database compared with itself later
     * keeps them): latency (ingest time − event time) gives timeliness and so the score of records whose latency
     * budget is not exhausted (alphavantage: linear from 15 min to 24 h), and the latency quoted by LATE_DATA alerts;
     * the quality state remembers the last ingest time ({@code last_seen}, at any depth) for the stale sweep. Every
     * other field of these columns stays compared.
     */
    static final Map<String, String> DERIVED = Map.of(
            "ticks.quality", "quality - 'timeliness' - 'score'",
            "function_state.state", "CASE WHEN scope = 'quality' THEN regexp_replace(state::jsonb::text, "
                    + "'\"last_seen\": \"[^\"]*\"', '\"last_seen\": \"…\"', 'g') ELSE state::jsonb::text END",
            "quality_alerts.detail",
            "CASE WHEN alert_type = 'LATE_DATA' THEN regexp_replace(detail, '[0-9]+ ms', 'N ms', 'g') ELSE detail END",
            "quality_alerts.values",
            "CASE WHEN alert_type = 'LATE_DATA' THEN \"values\" - 'latency_ms' ELSE \"values\" END");

    /** Not data of the pipeline (retention_policy: the maintenance settings, written when a function starts). */
    static final Set<String> SKIP = Set.of("schema_migrations", "retention_policy");

    record Table(String name, List<String> rows, String sha256) {
        long count() {
            return rows.size();
        }
    }

    final Map<String, Table> tables;

    private TableDigest(Map<String, Table> tables) {
        this.tables = tables;
    }

    static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_name FROM information_schema.tables t WHERE table_schema = 'public' "
                        + "AND table_type = 'BASE TABLE' "
                        // a day partition's rows are its parent's: compared there, with the parent's wall-clock columns
                        + "AND NOT EXISTS (SELECT 1 FROM pg_inherits i "
                        + "WHERE i.inhrelid = ('public.' || quote_ident(t.table_name::text))::regclass) "
                        + "ORDER BY table_name")) {
            while (rs.next()) {
                if (!SKIP.contains(rs.getString(1))) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * @param acrossRuns true to compare with another run (wall-clock-derived JSON fields masked); false to compare
     *                   a database with itself later (ingest times are first-seen times, so nothing is masked)
     */
    static TableDigest of(Connection c, boolean acrossRuns) throws Exception {
        return of(c, acrossRuns, Map.of());
    }

    /** @param alsoLeftOut more columns to leave out, per table (e.g. what records the timing of an emission) */
    static TableDigest of(Connection c, boolean acrossRuns, Map<String, Set<String>> alsoLeftOut) throws Exception {
        Map<String, Table> out = new LinkedHashMap<>();
        for (String t : tables(c)) {
            List<String> cols = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '"
                            + t + "' ORDER BY ordinal_position")) {
                while (rs.next()) {
                    String col = rs.getString(1);
                    if (WALL_CLOCK.getOrDefault(t, Set.of()).contains(col)
                            || alsoLeftOut.getOrDefault(t, Set.of()).contains(col)) {
                        continue;
                    }
                    String plain = "\"" + col + "\"";
                    cols.add(acrossRuns ? DERIVED.getOrDefault(t + "." + col, plain) : plain);
                }
            }
            List<String> rows = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT ROW(" + String.join(", ", cols) + ")::text FROM " + t)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            rows.sort(null);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String r : rows) {
                md.update(r.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            out.put(t, new Table(t, List.copyOf(rows), HexFormat.of().formatHex(md.digest())));
        }
        return new TableDigest(out);
    }

    /** One line per table: equal, or how it differs (row counts, rows only in one side, first examples). */
    record Comparison(Map<String, String> differences, Map<String, long[]> counts, Map<String, List<String>> missing,
            Map<String, List<String>> extra) {
        /** Tables whose row count differs (a lost or duplicated row), as opposed to rows with other content. */
        List<String> countDifferences() {
            return counts.entrySet().stream().filter(e -> e.getValue()[0] != e.getValue()[1]).map(Map.Entry::getKey)
                    .toList();
        }

        /** Every differing row, for target/reliability/diff-*.txt. */
        String fullDiff() {
            StringBuilder sb = new StringBuilder(report());
            missing.forEach((t, rows) -> rows.forEach(r -> sb.append("- ").append(t).append(' ').append(r).append('\n')));
            extra.forEach((t, rows) -> rows.forEach(r -> sb.append("+ ").append(t).append(' ').append(r).append('\n')));
            return sb.toString();
        }

        boolean equal() {
            return differences.isEmpty();
        }

        String report() {
            StringBuilder sb = new StringBuilder();
            counts.forEach((t, n) -> sb.append(String.format("  %-20s expected %6d actual %6d %s%n", t, n[0], n[1],
                    differences.containsKey(t) ? "DIFFERS" : "equal")));
            differences.forEach((t, d) -> sb.append("  ").append(t).append(": ").append(d).append('\n'));
            return sb.toString();
        }
    }

    Comparison compareTo(TableDigest expected) {
        Map<String, String> diffs = new LinkedHashMap<>();
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, List<String>> missingRows = new LinkedHashMap<>();
        Map<String, List<String>> extraRows = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>(expected.tables.keySet());
        names.addAll(tables.keySet());
        for (String t : names) {
            Table e = expected.tables.get(t);
            Table a = tables.get(t);
            counts.put(t, new long[] {e == null ? -1 : e.count(), a == null ? -1 : a.count()});
            if (e == null || a == null) {
                diffs.put(t, "table only in " + (e == null ? "actual" : "expected"));
                continue;
            }
            if (e.sha256().equals(a.sha256())) {
                continue;
            }
            List<String> missing = minus(e.rows(), a.rows());
            List<String> extra = minus(a.rows(), e.rows());
            missingRows.put(t, missing);
            extraRows.put(t, extra);
            diffs.put(t, String.format("%d rows missing (only in the clean run), %d extra or changed (only in this run)"
                    + "%n      missing e.g. %s%n      extra   e.g. %s", missing.size(), extra.size(),
                    head(missing), head(extra)));
        }
        return new Comparison(diffs, counts, missingRows, extraRows);
    }

    /** Rows of {@code a} not in {@code b}, as multisets (a duplicated row counts). */
    static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> left = new LinkedHashMap<>();
        for (String r : b) {
            left.merge(r, 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (String r : a) {
            Integer n = left.get(r);
            if (n == null || n == 0) {
                out.add(r);
            } else {
                left.put(r, n - 1);
            }
        }
        return out;
    }

    private static String head(List<String> rows) {
        if (rows.isEmpty()) {
            return "-";
        }
        List<String> h = rows.subList(0, Math.min(3, rows.size())).stream()
                .map(r -> r.length() > 400 ? r.substring(0, 400) + "…" : r).toList();
        return String.join("\n               ", h);
    }

    long total() {
        return tables.values().stream().mapToLong(Table::count).sum();
    }
}
