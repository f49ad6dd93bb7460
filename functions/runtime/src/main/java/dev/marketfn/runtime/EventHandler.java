package dev.marketfn.runtime;

import dev.marketfn.codec.InEvent;
import io.smallrye.mutiny.Uni;

/**
 * A function's logic for one CloudEvent type. Throw {@link dev.marketfn.contracts.InvalidInputException} for input
 * that can never succeed (answered with a rejected event); any other failure is transient and retried by the broker.
 */
@FunctionalInterface
public interface EventHandler {
    Uni<Reply> handle(InEvent event);
}
