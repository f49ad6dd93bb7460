package dev.marketfn.bars;

import java.time.Instant;

/**
 * A window's bar as the aggregator emits it.
 *
 * @param end        exclusive end of the window
 * @param values     the exact aggregate of every distinct trade the aggregator has seen for the window
 * @param revised    the bar had already been emitted and late trades changed it since
 * @param lateTrades trades that arrived after the window closed (beyond the allowed lateness)
 * @param partial    the window had been evicted from memory before a late trade arrived: {@code values} holds only
 *                   what arrived since, and must be merged into the stored bar (the store's merge is exact)
 */
public record ClosedBar(BarKey key, Instant end, BarAccumulator values, boolean revised, long lateTrades,
        boolean partial) {
}
