package dev.marketfn.console;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Fans the live messages out to the connected browsers. Each client names the symbols it follows (empty: all) and
 * the kinds it wants (empty: all); a message without a symbol (a rejection, a symbol-less alert) goes to every client
 * that wants its kind. Publishing never blocks: a client's {@link Client#offer} decides what a slow connection drops,
 * so one stalled browser slows neither the others nor the feed that publishes (the pipeline's topics).
 * <p>
 * {@link #wants(String, String)} tells a feed, before it decodes anything, whether any client would take a message
 * of a kind and symbol: it reads a snapshot of the clients' filters, rebuilt on every subscribe and unsubscribe (rare)
 * so that the question, asked for every record of the topics, costs a map and a set lookup and allocates nothing.
 */
public final class LiveHub {
    /** The kinds a client may name ({@link LiveMessages}); an empty {@code kinds} means all of them. */
    static final List<String> KINDS = List.of("bar", "signal", "alert", "rejected");

    /** A connected browser: what it follows, and where its messages go (must not block). */
    public record Client(Set<String> symbols, Set<String> kinds, Consumer<LiveMessages.Message> offer) {
        boolean wants(LiveMessages.Message m) {
            return (kinds.isEmpty() || kinds.contains(m.kind()))
                    && (symbols.isEmpty() || m.symbol() == null || symbols.contains(m.symbol()));
        }
    }

    /** Who wants one kind: some client with no symbol filter ({@code all}), or exactly these symbols. */
    private record Interest(boolean all, Set<String> symbols) {
    }

    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong published = new AtomicLong();
    /** Per kind some client wants; a kind no client wants is absent. */
    private volatile Map<String, Interest> interest = Map.of();

    public Runnable subscribe(Client client) {
        clients.add(client);
        refresh();
        return () -> {
            clients.remove(client);
            refresh();
        };
    }

    /** Serialized, and reading the list after changing it, so the last refresh sees every change before it. */
    private synchronized void refresh() {
        Map<String, Boolean> all = new HashMap<>();
        Map<String, Set<String>> symbols = new HashMap<>();
        for (Client c : clients) {
            for (String kind : c.kinds().isEmpty() ? KINDS : c.kinds()) {
                if (!KINDS.contains(kind)) {
                    continue; // a kind no message has: the client gets nothing of it, and wants no decoding
                }
                if (c.symbols().isEmpty()) {
                    all.put(kind, true);
                } else {
                    symbols.computeIfAbsent(kind, k -> new HashSet<>()).addAll(c.symbols());
                }
            }
        }
        Map<String, Interest> next = new HashMap<>();
        all.keySet().forEach(kind -> next.put(kind, new Interest(true, Set.of())));
        symbols.forEach((kind, s) -> next.putIfAbsent(kind, new Interest(false, Set.copyOf(s))));
        interest = Map.copyOf(next);
    }

    /** Whether any client wants any message at all. */
    public boolean wantsAny() {
        return !interest.isEmpty();
    }

    /**
     * Whether some client would take a message of {@code kind} about {@code symbol}; a null symbol stands for a
     * message without one, or one whose symbol is not known yet, which every client of the kind takes.
     */
    public boolean wants(String symbol, String kind) {
        Interest i = interest.get(kind);
        return i != null && (i.all() || symbol == null || i.symbols().contains(symbol));
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
