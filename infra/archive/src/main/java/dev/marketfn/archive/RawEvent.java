package dev.marketfn.archive;

import java.time.Instant;

/** One {@code raw_events} row: the provider message verbatim and its CloudEvent attributes. */
public record RawEvent(String eventId, String provider, String ceType, String ceSource, String subject,
        String contentType, byte[] payload, Instant receivedAt) {
}
