package dev.marketfn.providers;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;

/** Canonical bar intervals (docs/contract/payloads.md) and the bar's {@code seq}. */
final class Intervals {
    private Intervals() {
    }

    /**
     * A bar's {@code seq} is its interval length in seconds, not a message ordinal: the same bar polled twice
     * (Alpha Vantage windows overlap) or corrected later (Alpaca "u") keeps its {@code event_id}, and a 1m and a 1h
     * bar starting at the same instant do not collide.
     */
    static long barSeq(String interval) {
        return switch (interval) {
            case "1s" -> 1;
            case "1m" -> 60;
            case "5m" -> 300;
            case "1h" -> 3600;
            case "1d" -> 86400;
            default -> throw new IllegalArgumentException(interval);
        };
    }

    /** Accepts the canonical spellings only; anything else cannot be stored as a canonical bar. */
    static String canonical(String text, String field) {
        return switch (text) {
            case "1s", "1m", "5m", "1h", "1d" -> text;
            default -> throw new InvalidInputException(RejectReason.INVALID_VALUE, field,
                    "'" + text + "' is not one of 1s, 1m, 5m, 1h, 1d");
        };
    }
}
