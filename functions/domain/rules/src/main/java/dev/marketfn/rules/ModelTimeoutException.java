package dev.marketfn.rules;

/**
 * Thrown by a {@link Scorer} that gave up waiting for its model (a time-boxed scorer evaluating elsewhere). The
 * ensemble counts it as {@link ModelOutcome#SLOW}, as an answer past the breaker's budget.
 */
public final class ModelTimeoutException extends RuntimeException {
    public ModelTimeoutException(String message) {
        super(message, null, false, false);
    }
}
