package dev.marketfn.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.Decimals;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.RejectReason;
import dev.marketfn.contracts.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk loads of announcements: a CSV file with a header of the payload's field names, or a JSON array of payloads.
 * Each row is validated exactly like an announced event; a bad row is rejected (naming its line or index and field)
 * without stopping the rest of the file.
 */
public final class ActionFileParser {
    public static final List<String> COLUMNS = List.of("action_id", "symbol", "type", "ratio", "amount", "currency",
            "ex_date", "record_date", "pay_date", "new_symbol", "known_at");

    private ActionFileParser() {
    }

    /** Valid announcements and the rejections of the others, in file order. */
    public record Result(List<CorporateActionAnnounced> actions, List<InvalidInputException> rejected) {
        public Result {
            actions = List.copyOf(actions);
            rejected = List.copyOf(rejected);
        }
    }

    /** RFC 4180 CSV; fields are named {@code line[n].field} with n the 1-based physical line. */
    public static Result parseCsv(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new InvalidInputException(RejectReason.MISSING_FIELD, "line[1]", "header line is missing");
        }
        List<String> header;
        try {
            header = cells(lines[0]);
        } catch (InvalidInputException e) {
            throw at("line[1]", e);
        }
        Set<String> known = Set.copyOf(COLUMNS);
        for (String h : header) {
            if (!known.contains(h)) {
                throw new InvalidInputException(RejectReason.INVALID_VALUE, "line[1]." + h,
                        "unknown column; columns are " + COLUMNS);
            }
        }
        List<CorporateActionAnnounced> ok = new ArrayList<>();
        List<InvalidInputException> bad = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = "line[" + (i + 1) + "]";
            try {
                List<String> cells = cells(lines[i]);
                if (cells.size() != header.size()) {
                    throw new InvalidInputException(RejectReason.INVALID_VALUE, "", cells.size() + " cells, header has "
                            + header.size());
                }
                Map<String, String> row = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    String v = cells.get(c).trim();
                    row.put(header.get(c), v.isEmpty() ? null : v);
                }
                ok.add(ActionValidation.validate(fromRow(row)));
            } catch (InvalidInputException e) {
                bad.add(at(where, e));
            }
        }
        return new Result(ok, bad);
    }

    /** A JSON array of announcement objects; fields are named {@code [i].field}. */
    public static Result parseJson(byte[] json) {
        JsonNode root = Json.tree(json);
        if (!root.isArray()) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, "data", "expected a JSON array of announcements");
        }
        List<CorporateActionAnnounced> ok = new ArrayList<>();
        List<InvalidInputException> bad = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            String where = "[" + i + "]";
            try {
                CorporateActionAnnounced a = Json.bind(root.get(i), CorporateActionAnnounced.class, where);
                try {
                    ok.add(ActionValidation.validate(a));
                } catch (InvalidInputException e) {
                    throw e.under(where);
                }
            } catch (InvalidInputException e) {
                bad.add(e);
            }
        }
        return new Result(ok, bad);
    }

    /** Re-anchors a failure at a line; a failure of the whole line has an empty field. */
    private static InvalidInputException at(String where, InvalidInputException e) {
        return e.field().isEmpty() ? new InvalidInputException(e.reason(), where, e.detail()) : e.under(where);
    }

    private static CorporateActionAnnounced fromRow(Map<String, String> row) {
        return new CorporateActionAnnounced(row.get("action_id"), row.get("symbol"), row.get("type"),
                decimal(row, "ratio"), decimal(row, "amount"), row.get("currency"), date(row, "ex_date"),
                date(row, "record_date"), date(row, "pay_date"), row.get("new_symbol"), instant(row, "known_at"));
    }

    private static BigDecimal decimal(Map<String, String> row, String field) {
        String v = row.get(field);
        try {
            return v == null ? null : Decimals.parse(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + v + "' is not a decimal");
        }
    }

    private static LocalDate date(Map<String, String> row, String field) {
        String v = row.get(field);
        try {
            return v == null ? null : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + v + "' is not an ISO date");
        }
    }

    private static Instant instant(Map<String, String> row, String field) {
        String v = row.get(field);
        try {
            return v == null ? null : Timestamps.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(RejectReason.WRONG_TYPE, field, "'" + v + "' is not an ISO-8601 instant");
        }
    }

    /** Splits one CSV line; quoted cells may hold commas and doubled quotes (multi-line cells are not supported). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, "", "unterminated quoted cell");
        }
        out.add(cell.toString());
        return out;
    }
}
