package dev.marketfn.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic identifiers (docs/contract/events.md and docs/contract/payloads.md): a redelivered input must yield the same output ids, so every id is a
 * pure function of what it was derived from.
 */
public final class EventIds {
    private EventIds() {
    }

    /**
     * Id of an event a function derives from an input event. A name-based UUID keeps ids short however long the
     * chain of steps grows.
     */
    public static String derive(String inputId, String step) {
        return UUID.nameUUIDFromBytes((inputId + "\u0000" + step).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code provider|symbol|ts|seq}: the canonical record's natural key. */
    public static String canonical(String provider, String symbol, Instant ts, long seq) {
        return provider + "|" + symbol + "|" + Timestamps.format(ts) + "|" + seq;
    }
}
