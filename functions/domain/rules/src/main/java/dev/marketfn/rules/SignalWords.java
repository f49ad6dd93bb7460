package dev.marketfn.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A rule's {@code signal} written as the action it votes for, as the seed rules files write it: {@code BUY} is a
 * vote of +1, {@code SELL} −1, {@code HOLD} 0 (case-insensitive). A number stays the way to write a partial vote.
 */
public final class SignalWords {
    private static final Map<String, Double> VOTES = Map.of("BUY", 1.0, "SELL", -1.0, "HOLD", 0.0);

    private SignalWords() {
    }

    /** The vote a word stands for, empty when it is not one of the words. */
    public static Optional<Double> vote(String word) {
        return Optional.ofNullable(VOTES.get(word.toUpperCase(Locale.ROOT)));
    }
}
