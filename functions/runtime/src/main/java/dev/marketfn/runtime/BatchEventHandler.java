package dev.marketfn.runtime;

import dev.marketfn.codec.InEvent;
import dev.marketfn.contracts.InvalidInputException;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A handler that can take several events of its type at once and store what they produce in one round trip instead of
 * one per event. The Kafka door hands it the consecutive events of one partition; the HTTP door one event at a time.
 */
public interface BatchEventHandler extends EventHandler {

    /**
     * Handles the events in order. The outcomes line up with the events: a reply, or the reason that event can never
     * succeed (it is stored as rejected by the dispatcher, the others still go on). A failed {@code Uni} is transient
     * for every event of the call; handlers are idempotent per event, so the door may handle them again.
     */
    Uni<List<Outcome>> handleAll(List<InEvent> events);

    @Override
    default Uni<Reply> handle(InEvent event) {
        return handleAll(List.of(event)).map(outcomes -> {
            Outcome outcome = outcomes.get(0);
            if (outcome.invalid() != null) {
                throw outcome.invalid();
            }
            return outcome.reply();
        });
    }

    /** What one event of a batch came to: exactly one of {@code reply} and {@code invalid} is set. */
    record Outcome(Reply reply, InvalidInputException invalid) {
        public static Outcome of(Reply reply) {
            return new Outcome(reply, null);
        }

        public static Outcome invalid(InvalidInputException e) {
            return new Outcome(null, e);
        }
    }
}
