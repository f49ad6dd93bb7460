package dev.marketfn.runtime;

import dev.marketfn.codec.OutEvent;
import java.util.List;

/**
 * What handling one event produced: the reply (what Knative sends back to the broker; null for none) and side events
 * (alerts, applied actions) that go to the broker through K_SINK in the cluster and to Kafka locally.
 */
public record Reply(OutEvent reply, List<OutEvent> sideEvents) {
    public static Reply of(OutEvent reply) {
        return new Reply(reply, List.of());
    }

    public static Reply none() {
        return new Reply(null, List.of());
    }
}
