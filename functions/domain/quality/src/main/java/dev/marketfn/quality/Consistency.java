package dev.marketfn.quality;

import java.math.BigDecimal;
import java.util.List;

/**
 * Outcome of the cross-provider check.
 *
 * @param component       the quality component in [0, 1]
 * @param peerMedian      median price of the peers considered; null when none was in the window
 * @param disagreementBps |price − peerMedian| / peerMedian in basis points; 0 without peers
 * @param peerProviders   providers of the peers considered
 * @param inconsistent    whether the disagreement exceeds the configured limit
 */
public record Consistency(double component, BigDecimal peerMedian, double disagreementBps,
        List<String> peerProviders, boolean inconsistent) {

    static final Consistency NO_PEERS = new Consistency(1.0, null, 0.0, List.of(), false);
}
