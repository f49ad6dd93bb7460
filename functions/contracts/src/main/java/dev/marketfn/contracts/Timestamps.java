package dev.marketfn.contracts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** ISO-8601 UTC with exactly six fractional digits: the one timestamp format on the wire (docs/contract/payloads.md). */
public final class Timestamps {
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** Nanoseconds are truncated (not rounded): a trade never moves into the next microsecond or window. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String format(Instant instant) {
        return MICROS.format(micros(instant));
    }

    public static Instant parse(String text) {
        return micros(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
    }

    public static Instant ofEpochMillis(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    public static Instant ofEpochNanos(long nanos) {
        return micros(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }
}
