package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dead letters the dead-letter function kept in {@code rejected_events} (docs/dead-letter.md), read back as the
 * events they were: the original id, type, source, subject and extensions from the row's {@code detail.attributes},
 * the data from its {@code payload}. Knative's {@code knativeerror*} extensions are left out (they describe the failed
 * delivery, not the event), and so are {@code time}, {@code dataschema} and {@code datacontenttype}, which no marketfn
 * function reads (the same as {@code functions/dead-letter/replay-command.sql}).
 */
final class DeadLetters {
    static final String FUNCTION = "dead-letter";
    static final String REASON = "DEAD_LETTER";
    private static final Set<String> NOT_EXTENSIONS = Set.of("specversion", "id", "source", "type", "subject", "time",
            "dataschema", "datacontenttype");

    /** One row: its key, the event to send again, or why it cannot be (a Kafka record that was no CloudEvent). */
    record Row(String rejectionId, CloudEvent event, String unreplayable) {
    }

    private DeadLetters() {
    }

    /** Every dead letter, oldest first, or those with the given rejection ids. */
    static List<Row> read(Connection c, List<String> ids) throws SQLException {
        String sql = "SELECT rejection_id, input_id, input_type, detail, payload FROM rejected_events"
                + " WHERE function = ? AND reason = ?" + (ids.isEmpty() ? "" : " AND rejection_id = ANY (?)")
                + " ORDER BY created_at, rejection_id";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, FUNCTION);
            s.setString(2, REASON);
            if (!ids.isEmpty()) {
                s.setArray(3, c.createArrayOf("text", ids.toArray()));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getBytes(5)));
                }
            }
        }
        return rows;
    }

    static Row row(String rejectionId, String id, String type, String detail, byte[] payload) {
        JsonNode attributes;
        try {
            attributes = CloudEvent.JSON.readTree(detail).path("attributes");
        } catch (IOException e) {
            return new Row(rejectionId, null, "its detail is not JSON: " + e.getMessage());
        }
        String source = attributes.path("source").asText(null);
        if (id == null || type == null || source == null) {
            return new Row(rejectionId, null, "not a CloudEvent (no id, type or source): read it with the query in docs/dead-letter.md");
        }
        Map<String, String> extensions = new LinkedHashMap<>();
        attributes.properties().forEach(a -> {
            if (!NOT_EXTENSIONS.contains(a.getKey()) && !a.getKey().startsWith("knativeerror")) {
                extensions.put(a.getKey(), a.getValue().asText());
            }
        });
        return new Row(rejectionId, new CloudEvent(id, type, source, attributes.path("subject").asText(null), extensions,
                payload == null ? new byte[0] : payload), null);
    }

    /** Deletes the rows replayed; returns how many went. */
    static int delete(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM rejected_events WHERE function = ? AND reason = ? AND rejection_id = ANY (?)")) {
            s.setString(1, FUNCTION);
            s.setString(2, REASON);
            s.setArray(3, c.createArrayOf("text", ids.toArray()));
            return s.executeUpdate();
        }
    }
}
