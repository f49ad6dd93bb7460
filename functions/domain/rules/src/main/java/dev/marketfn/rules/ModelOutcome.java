package dev.marketfn.rules;

import java.util.Locale;

/**
 * What happened to the model on one call. {@link #USED}: its vote was blended in. Every other outcome means the call
 * was made by the rules alone; the reason is shown in the call's rationale. {@link #ERROR}, {@link #INVALID_OUTPUT}
 * and {@link #SLOW} count as failures of the model for the {@link CircuitBreaker}; {@link #WARMING_UP} (an input was
 * still null) does not.
 */
public enum ModelOutcome {
    USED, WARMING_UP, CIRCUIT_OPEN, ERROR, INVALID_OUTPUT, SLOW;

    /** The reason as written in a rationale and in metric tags: {@code circuit_open}, {@code slow}, … */
    public String reason() {
        return name().toLowerCase(Locale.ROOT);
    }
}
