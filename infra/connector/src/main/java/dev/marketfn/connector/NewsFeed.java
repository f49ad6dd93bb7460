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
}
