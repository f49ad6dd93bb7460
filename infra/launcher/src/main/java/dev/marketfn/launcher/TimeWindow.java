package dev.marketfn.launcher;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code replay --from/--until}: keeps the provider messages with event times in [from, until). The times are the
 * records' {@code ts} as the provider adapters read them (the same code normalize runs). A message is kept when any
 * of its records is in the window; csv files are filtered row by row and re-chunked. Messages the adapters cannot
 * read (the function would reject them) or that hold no records are kept, so the window never hides a bad message.
 */
public record TimeWindow(Instant from, Instant until) {
    /** Far enough ahead that no file's records are "in the future" while filtering. */
    private static final Instant INGEST = Instant.parse("2999-01-01T00:00:00Z");
    private static final Providers PROVIDERS = Providers.standard();

    public TimeWindow {
        if (from != null && until != null && !from.isBefore(until)) {
            throw new IllegalArgumentException("--from " + from + " is not before --until " + until);
        }
    }

    public boolean unbounded() {
        return from == null && until == null;
    }

    public boolean contains(Instant t) {
        return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
    }

    /**
     * An instant: ISO-8601 with offset ({@code 2025-06-11T14:00:00Z}, {@code 2025-06-11T10:00-04:00}), without one
     * (UTC), or a date (its start, UTC). Null stays null.
     */
    public static Instant parse(String option, String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 time or date "
                            + "(e.g. 2025-06-11T14:00:00Z or 2025-06-11)");
                }
            }
        }
    }

    /** The messages of one file inside the window (see the class comment). */
    public List<Sample.Message> filter(List<Sample.Message> messages, String provider, String subject) {
        if (unbounded() || messages.isEmpty()) {
            return messages;
        }
        Sample.Message first = messages.get(0);
        if (first.file().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return filterCsv(messages, provider, subject);
        }
        List<Sample.Message> kept = new ArrayList<>();
        for (Sample.Message m : messages) {
            if (keep(m, provider, subject)) {
                kept.add(m);
            }
        }
        return kept;
    }

    private List<Sample.Message> filterCsv(List<Sample.Message> chunks, String provider, String subject) {
        String header = null;
        StringBuilder rows = new StringBuilder();
        int keptRows = 0;
        for (Sample.Message chunk : chunks) {
            String[] lines = chunk.text().split("\n");
            header = lines[0];
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                Sample.Message one = new Sample.Message(chunk.file(), 0, provider, header + "\n" + lines[i] + "\n");
                if (keep(one, provider, subject)) {
                    rows.append(lines[i]).append('\n');
                    keptRows++;
                }
            }
        }
        if (keptRows == 0) {
            return List.of();
        }
        return Sample.split(chunks.get(0).file(), provider, header + "\n" + rows);
    }

    private boolean keep(Sample.Message m, String provider, String subject) {
        List<CanonicalRecord> records;
        try {
            records = PROVIDERS.normalize(new RawMessage(provider, "window", Json.tree(Sample.data(m)),
                    subject, INGEST));
        } catch (InvalidInputException | IllegalArgumentException unreadable) {
            return true;
        }
        return records.isEmpty() || records.stream().anyMatch(r -> contains(r.ts()));
    }
}
