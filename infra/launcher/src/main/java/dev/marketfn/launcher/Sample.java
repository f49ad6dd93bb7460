package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider files → raw CloudEvents. Shapes: {@code .jsonl}/{@code .ndjson} one provider message per line, {@code .csv}
 * chunks of {@link #CSV_CHUNK} rows (header repeated) sent as a JSON string, anything else one JSON message.
 */
public final class Sample {
    public static final int CSV_CHUNK = 200;
    private static final Pattern DATE = Pattern.compile("(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d])");
    private static final Pattern EPOCH_MS = Pattern.compile("(?<![\\d.])(1\\d{12})(?![\\d.])");

    /** One provider message: the provider, the message text, its position in its file. */
    public record Message(String file, int index, String provider, String text) {
    }

    private Sample() {
    }

    /** Splits a provider file into messages (validates JSON; clear errors name file and line). */
    public static List<Message> split(String file, String provider, String content) {
        List<Message> out = new ArrayList<>();
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".csv")) {
            String[] lines = content.split("\r?\n");
            if (lines.length < 2) {
                throw new IllegalArgumentException(file + ": a csv file needs a header and at least one row");
            }
            for (int i = 1, n = 0; i < lines.length; i += CSV_CHUNK, n++) {
                StringBuilder chunk = new StringBuilder(lines[0]).append('\n');
                for (int j = i; j < Math.min(lines.length, i + CSV_CHUNK); j++) {
                    chunk.append(lines[j]).append('\n');
                }
                out.add(new Message(file, n, provider, chunk.toString()));
            }
        } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            String[] lines = content.split("\r?\n");
            int n = 0;
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                requireJson(file + ":" + (i + 1), lines[i]);
                out.add(new Message(file, n++, provider, lines[i]));
            }
        } else {
            requireJson(file, content);
            out.add(new Message(file, 0, provider, content));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no messages");
        }
        return out;
    }

    private static void requireJson(String where, String text) {
        try {
            CloudEvent.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** The CloudEvent data of a message: csv as a JSON string, everything else verbatim. */
    public static byte[] data(Message m) {
        if (m.file().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            try {
                return CloudEvent.JSON.writeValueAsBytes(m.text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return m.text().getBytes(StandardCharsets.UTF_8);
    }

    private static final String[] SYMBOL_FIELDS = {"S", "sym", "s", "product_id", "symbol", "2. Symbol"};

    /** Best-effort instrument of a message (the Kafka key); null when the message does not say one. */
    public static String symbolOf(Message m) {
        if (m.file().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            String[] lines = m.text().split("\n");
            String[] header = lines[0].split(",");
            for (int c = 0; c < header.length; c++) {
                if (header[c].trim().replace("\"", "").equalsIgnoreCase("symbol") && lines.length > 1) {
                    String[] row = lines[1].split(",");
                    return c < row.length ? row[c].trim().replace("\"", "") : null;
                }
            }
            return null;
        }
        JsonNode node = CloudEvent.tree(m.text().getBytes(StandardCharsets.UTF_8));
        return node == null ? null : find(node, 0);
    }

    private static String find(JsonNode node, int depth) {
        if (depth > 3 || node == null) {
            return null;
        }
        if (node.isArray()) {
            return node.isEmpty() ? null : find(node.get(0), depth + 1);
        }
        if (node.isObject()) {
            for (String f : SYMBOL_FIELDS) {
                if (node.path(f).isTextual()) {
                    return node.get(f).asText();
                }
            }
            for (String nested : new String[] {"data", "Meta Data", "k"}) {
                String s = find(node.get(nested), depth + 1);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    // ---- the bundled sample ----

    /** An entry of sample/manifest.txt. */
    public record Entry(String file, String kind, List<Message> messages) {
    }

    /** The bundled sample, rebased so that its trading day is {@code day}. */
    public static List<Entry> bundled(LocalDate day) {
        List<Entry> entries = new ArrayList<>();
        for (String line : resource("manifest.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            String text = rebase(resource(f[0]), SampleGenerator.BASE_DAY, day);
            String provider = f[1].equals("announce") ? "corporate-actions" : f[1];
            entries.add(new Entry(f[0], f[1], split(f[0], provider, text)));
        }
        return entries;
    }

    static String resource(String name) {
        try (InputStream in = Sample.class.getResourceAsStream("/sample/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample resource missing: sample/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The latest weekday whose sample session is over by {@code now}: the quality check rejects trades from the future
     * and trades older than 7 days, so the sample is always replayed as recent. Most of the sample is stamped in UTC and
     * ends before 15:00; Alpha Vantage's bars are stamped in US Eastern time and end at 10:40, which is 15:40 UTC under
     * standard time. Both must have passed.
     */
    public static LocalDate targetDay(Instant now) {
        LocalDate d = LocalDate.ofInstant(now, ZoneOffset.UTC);
        while (isWeekend(d) || d.atTime(15, 5).toInstant(ZoneOffset.UTC).isAfter(now)
                || d.atTime(10, 45).atZone(US_EASTERN).toInstant().isAfter(now)) {
            d = d.minusDays(1);
        }
        return d;
    }

    private static final ZoneId US_EASTERN = ZoneId.of("America/New_York");

    static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    static long businessDaysBetween(LocalDate from, LocalDate to) {
        long n = 0;
        LocalDate d = from;
        int step = to.isAfter(from) ? 1 : -1;
        while (!d.equals(to)) {
            d = d.plusDays(step);
            if (!isWeekend(d)) {
                n += step;
            }
        }
        return n;
    }

    static LocalDate shiftBusinessDays(LocalDate d, long n) {
        if (isWeekend(d)) {
            return d.plusDays(n * 7 / 5);
        }
        LocalDate r = d;
        long left = Math.abs(n);
        int step = n > 0 ? 1 : -1;
        while (left > 0) {
            r = r.plusDays(step);
            if (!isWeekend(r)) {
                left--;
            }
        }
        return r;
    }

    /**
     * Moves every date ({@code yyyy-MM-dd}, in ISO timestamps, csv dates and Alpha Vantage keys) and every epoch
     * millisecond near the base day by the same number of business days, keeping times of day: weekdays stay weekdays
     * and every relation in the sample (split ex-date before the day, bars before trades) is kept.
     */
    public static String rebase(String text, LocalDate base, LocalDate target) {
        long n = businessDaysBetween(base, target);
        if (n == 0) {
            return text;
        }
        Matcher dm = DATE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (dm.find()) {
            LocalDate d = LocalDate.of(Integer.parseInt(dm.group(1)), Integer.parseInt(dm.group(2)),
                    Integer.parseInt(dm.group(3)));
            dm.appendReplacement(sb, shiftBusinessDays(d, n).toString());
        }
        dm.appendTail(sb);
        long lo = base.minusDays(400).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long hi = base.plusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        Matcher mm = EPOCH_MS.matcher(sb);
        StringBuilder out = new StringBuilder();
        while (mm.find()) {
            long ms = Long.parseLong(mm.group(1));
            if (ms >= lo && ms < hi) {
                LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
                LocalDateTime shifted = shiftBusinessDays(t.toLocalDate(), n).atTime(t.toLocalTime());
                mm.appendReplacement(out, Long.toString(shifted.toInstant(ZoneOffset.UTC).toEpochMilli()));
            } else {
                mm.appendReplacement(out, mm.group(1));
            }
        }
        mm.appendTail(out);
        return out.toString();
    }

    /** Reads a provider file from disk with a clear error. */
    public static List<Message> readFile(Path file, String provider) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read file " + file);
        }
        try {
            return split(file.getFileName().toString(), provider, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read file " + file + ": " + e.getMessage());
        }
    }
}
