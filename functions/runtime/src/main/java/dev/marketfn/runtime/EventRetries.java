package dev.marketfn.runtime;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the transient failures of each event (by its CloudEvents identity) and, once one event has failed more than
 * {@code bound} times in this process, counts it in {@code events_retried_beyond_bound_total{component}}: the alert
 * {@code MarketfnEventRetriedTooOften} watches it, because a delivery loop on one event (the Knative Kafka broker has
 * been seen retrying one event for an hour) shows no other symptom than a stalled partition. A lower bound: the
 * retries of one event may go to several replicas, and only the newest {@value #TRACKED} failing events are kept.
 */
final class EventRetries {
    static final int TRACKED = 10_000;

    private final int bound;
    private final Counter beyondBound;
    /** Failures so far per event identity, the least recently failed dropped first. */
    private final Map<String, Integer> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > TRACKED;
        }
    };

    EventRetries(int bound, Counter beyondBound) {
        this.bound = bound;
        this.beyondBound = beyondBound;
    }

    /** One more failure of the event; true the one time its failures pass the bound. */
    synchronized boolean failed(String identity) {
        int n = failures.merge(identity, 1, Integer::sum);
        if (n == bound + 1) {
            beyondBound.increment();
            return true;
        }
        return false;
    }
}
