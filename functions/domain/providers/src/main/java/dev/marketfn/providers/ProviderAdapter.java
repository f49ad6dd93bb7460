package dev.marketfn.providers;

import dev.marketfn.contracts.CanonicalRecord;
import java.util.List;

/**
 * Turns one provider message into canonical records (docs/contract/payloads.md). Implementations are stateless and thread-safe.
 *
 * <p>All-or-nothing: either every record of the message is returned, or an
 * {@link dev.marketfn.contracts.InvalidInputException} names the first bad field, so a message is never half-applied.
 */
public interface ProviderAdapter {
    /** The provider name as carried in the raw event's {@code provider} extension, lower-case. */
    String provider();

    List<CanonicalRecord> normalize(RawMessage msg);
}
