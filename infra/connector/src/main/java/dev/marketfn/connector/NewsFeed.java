package dev.marketfn.connector;

import dev.marketfn.codec.OutEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A provider's news REST API, polled by {@link NewsPoller}: each {@link #poll} fetches the stories published since
 * its cursor (every page of them) and emits the ones not sent before as {@code dev.marketfn.news.raw.v1} events in
 * the provider's reply shape, which the news function's parser reads as it reads the reply itself.
 */
public interface NewsFeed {
    /** A reply that is no data: a 4xx other than 429, or a failure after the client's retries. */
    final class Failed extends Exception {
        public Failed(String message) {
            super(message);
        }
    }

    /** The name {@code --provider} and {@code MARKETFN_PROVIDER} give it; the raw events' partition key. */
    String name();

    /** The news parser's name: the raw events' {@code provider} and source {@code /providers/<provider>}. */
    String provider();

    URI endpoint();

    /** One round at {@code now}; returns the stories emitted. The cursor advances only past a complete round. */
    int poll(Instant now, Consumer<OutEvent> emit) throws IOException, InterruptedException, Failed, RequestBudget.Exhausted;

    /** One chain of requests (a symbol's, a ticker's): returns the stories it emitted. */
    interface Chain {
        int poll(String name) throws IOException, InterruptedException, Failed, RequestBudget.Exhausted;
    }

    /**
     * Polls every chain of a round, so that one chain's failure does not starve the others, then fails naming every
     * chain that failed; an exhausted request budget ends the round at once.
     */
    static int eachChain(java.util.List<String> chains, Chain chain)
            throws InterruptedException, Failed, RequestBudget.Exhausted {
        int sent = 0;
        java.util.List<String> failed = new java.util.ArrayList<>();
        for (String c : chains) {
            try {
                sent += chain.poll(c);
            } catch (Failed | IOException f) {
                failed.add(f.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new Failed(String.join("; ", failed));
        }
        return sent;
    }
}
