package dev.marketfn.connector;

/**
 * Told when a stream skipped data: the hook for a REST backfill of the missing range (the backfill itself is not part
 * of the connector yet: the default logs the gap, docs/ingestion.md §Gaps).
 */
public interface GapListener {
    /** Trade ids {@code fromId..toId} (inclusive) of {@code product} were not received. */
    void gap(String product, long fromId, long toId);
}
