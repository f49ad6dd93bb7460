package dev.marketfn.runtime;

import dev.marketfn.codec.OutEvent;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** Where side events go: the broker via K_SINK in the cluster, the Kafka broker topic locally. */
public interface SideEventSink {
    Uni<Void> send(List<OutEvent> events);
}
