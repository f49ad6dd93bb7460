package dev.marketfn.console;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fans the live messages out to the connected browsers. Each client names the symbols it follows (empty: all) and
 * the kinds it wants (empty: all); a message without a symbol (a rejection, a symbol-less alert) goes to every client
 * that wants its kind. Publishing never blocks: a client's {@link Client#offer} decides what a slow connection drops,
 * so one stalled browser slows neither the others nor the feed that publishes (the pipeline's topics).
 */
public final class LiveHub {
    /** A connected browser: what it follows, and where its messages go (must not block). */
    public record Client(Set<String> symbols, Set<String> kinds, Consumer<LiveMessages.Message> offer) {
        boolean wants(LiveMessages.Message m) {
            return (kinds.isEmpty() || kinds.contains(m.kind()))
                    && (symbols.isEmpty() || m.symbol() == null || symbols.contains(m.symbol()));
        }
    }

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();

    public Runnable subscribe(Client client) {
        clients.add(client);
        return () -> clients.remove(client);
    }

    public void publish(List<LiveMessages.Message> messages) {
        for (LiveMessages.Message m : messages) {
            published.incrementAndGet();
            for (Client c : clients) {
                if (c.wants(m)) {
                    c.offer().accept(m);
                }
            }
        }
    }

    public int clients() {
        return clients.size();
    }

    public long published() {
        return published.get();
    }
}
