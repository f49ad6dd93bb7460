package dev.marketfn.connector;

import dev.marketfn.codec.OutEvent;

/** Where a connector's events go: the local stack's Kafka topics or the cluster's broker over HTTP (K_SINK). */
public interface EventSink extends AutoCloseable {
    /** Hands one event over; may return before it is acknowledged (Kafka) or block until it is (HTTP). */
    void send(OutEvent event);

    /** Waits until every event handed over so far is acknowledged or given up on. */
    void flush();

    /** e.g. {@code kafka localhost:9092 marketfn.*}; never holds a credential. */
    String describe();

    @Override
    void close();
}
