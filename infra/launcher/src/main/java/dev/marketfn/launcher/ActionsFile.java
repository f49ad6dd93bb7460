package dev.marketfn.launcher;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.marketfn.actions.ActionFileParser;
import dev.marketfn.contracts.CorporateActionAnnounced;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A corporate-actions file for {@code marketfn actions load}, read with the corporate-action domain's
 * {@link ActionFileParser} (each row validated exactly like an announced event) and located by line:
 * <ul>
 * <li>CSV: a header of payload field names ({@link ActionFileParser#COLUMNS}), one action per row;</li>
 * <li>JSON: an array of announcement payloads;</li>
 * <li>JSON lines: one payload object per line (the bundled sample's {@code corporate-actions.jsonl}).</li>
 * </ul>
 * The format is told by the first character ({@code [} JSON, <code>{</code> JSON lines, anything else CSV).
 */
public final class ActionsFile {
    private static final Pattern CSV_FIELD = Pattern.compile("^line\\[(\\d+)](?:\\.(.*))?$");
    private static final Pattern JSON_FIELD = Pattern.compile("^\\[(\\d+)](?:\\.(.*))?$");

    /** A valid announcement and the 1-based line it starts on. */
    public record Row(int line, CorporateActionAnnounced action) {
        /** The announced event: id from the action and a hash of its payload (a changed row is a new event). */
        public CloudEvent event() {
            byte[] data = data(action);
            return CloudEvent.announced("action-" + action.actionId() + "-" + sha256(data).substring(0, 12),
                    action.symbol(), data);
        }
    }

    /** A row that is not a valid announcement: its line, the field, why. */
    public record Bad(int line, String field, String reason, String detail) {
        public String describe(String file) {
            return file + ":" + line + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + detail
                    + " (" + reason + ")";
        }
    }

    /** The file's valid rows and its bad rows, both in file order. */
    public record Parsed(String format, List<Row> rows, List<Bad> bad) {
    }

    private ActionsFile() {
    }

    /** Reads and parses a file; an unreadable file or one that is wrong as a whole is a {@link LauncherException}. */
    public static Parsed read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new LauncherException("cannot read file " + file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new LauncherException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new LauncherException("cannot read file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** Parses a file's text; {@code name} only names it in errors. */
    public static Parsed parse(String name, String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String start = t.stripLeading();
        if (start.isEmpty()) {
            throw new LauncherException(name + ": empty file");
        }
        Parsed p = switch (start.charAt(0)) {
            case '[' -> json(name, t);
            case '{' -> jsonLines(name, t);
            default -> csv(name, t);
        };
        if (p.rows().isEmpty() && p.bad().isEmpty()) {
            throw new LauncherException(name + ": no corporate actions in the file");
        }
        return p;
    }

    private static Parsed csv(String name, String text) {
        ActionFileParser.Result r;
        try {
            r = ActionFileParser.parseCsv(text);
        } catch (InvalidInputException e) {
            throw new LauncherException(bad(e, CSV_FIELD, 1, null).describe(name));
        }
        List<Bad> bad = new ArrayList<>();
        Set<Integer> badLines = new HashSet<>();
        for (InvalidInputException e : r.rejected()) {
            Bad b = bad(e, CSV_FIELD, 0, null);
            bad.add(b);
            badLines.add(b.line());
        }
        // ActionFileParser keeps the valid rows in file order: they are the non-blank data lines not rejected
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<Row> rows = new ArrayList<>();
        int next = 0;
        for (int i = 1; i < lines.length && next < r.actions().size(); i++) {
            if (!lines[i].isBlank() && !badLines.contains(i + 1)) {
                rows.add(new Row(i + 1, r.actions().get(next++)));
            }
        }
        return new Parsed("csv", rows, bad);
    }

    private static Parsed json(String name, String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            p.nextToken();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new LauncherException(name + ": the JSON array is not closed");
                }
                lines.add(p.currentTokenLocation().getLineNr());
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new LauncherException(name + ":" + p.currentTokenLocation().getLineNr()
                        + ": text after the JSON array");
            }
        } catch (JsonProcessingException e) {
            throw notJson(name, e);
        } catch (IOException e) {
            throw new LauncherException(name + ": " + e.getMessage());
        }
        ActionFileParser.Result r;
        try {
            r = ActionFileParser.parseJson(text.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidInputException e) {
            throw new LauncherException(name + ": " + e.getMessage());
        }
        return located(r, lines, new ArrayList<>());
    }

    private static Parsed jsonLines(String name, String text) {
        String[] physical = text.replace("\r\n", "\n").split("\n", -1);
        List<Integer> lines = new ArrayList<>();
        List<Bad> bad = new ArrayList<>();
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < physical.length; i++) {
            String line = physical[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (!Json.MAPPER.readTree(line).isObject()) {
                    bad.add(new Bad(i + 1, "", "WRONG_TYPE", "expected one JSON object per line"));
                    continue;
                }
            } catch (JsonProcessingException e) {
                bad.add(new Bad(i + 1, "", "MALFORMED_JSON", "not valid JSON (" + e.getOriginalMessage() + ")"));
                continue;
            }
            array.append(lines.isEmpty() ? "" : ",").append(line);
            lines.add(i + 1);
        }
        if (lines.isEmpty()) {
            return new Parsed("json lines", List.of(), bad);
        }
        ActionFileParser.Result r = ActionFileParser.parseJson(array.append(']').toString().getBytes(StandardCharsets.UTF_8));
        Parsed p = located(r, lines, bad);
        return new Parsed("json lines", p.rows(), p.bad());
    }

    /** Places a JSON parse result on lines: element i starts on {@code lines.get(i)}. */
    private static Parsed located(ActionFileParser.Result r, List<Integer> lines, List<Bad> earlier) {
        List<Bad> bad = new ArrayList<>(earlier);
        Set<Integer> badIndexes = new HashSet<>();
        for (InvalidInputException e : r.rejected()) {
            Matcher m = JSON_FIELD.matcher(e.field());
            int index = m.matches() ? Integer.parseInt(m.group(1)) : -1;
            badIndexes.add(index);
            bad.add(bad(e, JSON_FIELD, 0, index >= 0 && index < lines.size() ? lines.get(index) : 0));
        }
        List<Row> rows = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < lines.size() && next < r.actions().size(); i++) {
            if (!badIndexes.contains(i)) {
                rows.add(new Row(lines.get(i), r.actions().get(next++)));
            }
        }
        bad.sort(java.util.Comparator.comparingInt(Bad::line));
        return new Parsed("json", rows, bad);
    }

    /** A rejection as a Bad: line from {@code line[n]} (CSV) or the given line (JSON), field without the prefix. */
    private static Bad bad(InvalidInputException e, Pattern prefix, int defaultLine, Integer line) {
        Matcher m = prefix.matcher(e.field());
        String field = e.field();
        int at = line != null ? line : defaultLine;
        if (m.matches()) {
            field = m.group(2) == null ? "" : m.group(2);
            if (line == null) {
                at = Integer.parseInt(m.group(1));
            }
        }
        return new Bad(at, field, e.reason(), e.detail());
    }

    private static LauncherException notJson(String name, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return new LauncherException(name + (at == null ? "" : ":" + at.getLineNr()) + ": not valid JSON ("
                + e.getOriginalMessage() + ")");
    }

    static byte[] data(CorporateActionAnnounced a) {
        try {
            return Json.MAPPER.writeValueAsBytes(a);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
