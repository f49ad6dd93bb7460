package dev.marketfn.bars;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Bar intervals of docs/contract/payloads.md. Intraday windows are tumbling and aligned to the epoch (UTC): {@code [k·d, (k+1)·d)}.
 * A {@code 1d} window is the trading date in the exchange's zone: it starts at 00:00 local time and ends at the next
 * local midnight, so it lasts 23 or 25 hours across a DST change.
 */
public enum Interval {
    S1("1s", Duration.ofSeconds(1)),
    M1("1m", Duration.ofMinutes(1)),
    M5("5m", Duration.ofMinutes(5)),
    H1("1h", Duration.ofHours(1)),
    D1("1d", Duration.ofDays(1));

    private final String wire;
    private final Duration length;
    private final long seconds;

    Interval(String wire, Duration length) {
        this.wire = wire;
        this.length = length;
        this.seconds = length.toSeconds();
    }

    /** {@code 1s}, {@code 1m}, {@code 5m}, {@code 1h} or {@code 1d}. */
    public String wire() {
        return wire;
    }

    /** The nominal length; a {@code 1d} window may be 23 or 25 hours long (DST). */
    public Duration nominalLength() {
        return length;
    }

    public static Interval fromWire(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Interval i : values()) {
            if (i.wire.equals(t)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown interval: " + text);
    }

    /** The start of the window holding {@code ts}; {@code exchangeZone} matters only for {@code 1d}. */
    public Instant windowStart(Instant ts, ZoneId exchangeZone) {
        if (this == D1) {
            return ts.atZone(exchangeZone).toLocalDate().atStartOfDay(exchangeZone).toInstant();
        }
        return Instant.ofEpochSecond(Math.floorDiv(ts.getEpochSecond(), seconds) * seconds);
    }

    /** The (exclusive) end of the window starting at {@code start}: the next local midnight for {@code 1d}. */
    public Instant windowEnd(Instant start, ZoneId exchangeZone) {
        if (this == D1) {
            return start.atZone(exchangeZone).toLocalDate().plusDays(1).atStartOfDay(exchangeZone).toInstant();
        }
        return start.plusSeconds(seconds);
    }

    /** The end of an intraday window (the zone does not matter); for {@code 1d} use {@link #windowEnd(Instant, ZoneId)}. */
    public Instant windowEnd(Instant start) {
        if (this == D1) {
            throw new IllegalStateException("a 1d window's end depends on the exchange zone");
        }
        return start.plusSeconds(seconds);
    }
}
