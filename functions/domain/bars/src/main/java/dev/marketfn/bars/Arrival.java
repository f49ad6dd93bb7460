package dev.marketfn.bars;

/** What the aggregator did with a trade. */
public enum Arrival {
    /** Counted before any of its windows was emitted (within the allowed lateness). */
    ON_TIME,
    /** Beyond the allowed lateness for at least one of its windows: merged into the stored bar, which is revised. */
    LATE,
    /** Its event_id was already counted: nothing changed. */
    DUPLICATE
}
