package dev.marketfn.quality;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A recent price of the same symbol from another provider, for the cross-provider check: trade price, quote mid or
 * bar close, whichever matches the kind being checked (the caller compares like with like).
 */
public record PeerPrice(String provider, Instant ts, BigDecimal price) {
}
