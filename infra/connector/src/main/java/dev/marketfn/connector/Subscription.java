package dev.marketfn.connector;

import java.util.List;
import java.util.Set;

/**
 * What a connector subscribes to: instruments in the provider's own spelling ({@code AAPL}, {@code ETH-USD},
 * {@code BTCUSDT}) and channels, from {@code trades}, {@code quotes}, {@code bars} (each protocol maps them to its own
 * stream names and says which it has).
 */
public record Subscription(List<String> symbols, Set<String> channels) {
    public static final Set<String> CHANNELS = Set.of("trades", "quotes", "bars");

    public Subscription {
        symbols = List.copyOf(symbols);
        channels = Set.copyOf(channels);
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed");
        }
        if (channels.isEmpty() || !CHANNELS.containsAll(channels)) {
            throw new IllegalArgumentException("channels must be some of " + CHANNELS + ", were " + channels);
        }
    }

    public boolean has(String channel) {
        return channels.contains(channel);
    }
}
