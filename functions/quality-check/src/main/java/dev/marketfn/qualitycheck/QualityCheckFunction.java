package dev.marketfn.qualitycheck;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.HttpDoor;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The Knative doors of quality-check: records, and the stale-sweep timer. */
public class QualityCheckFunction {
    @Inject
    HttpDoor door;

    @Funq
    public Uni<CloudEvent<JsonNode>> check(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }

    @Funq
    public Uni<CloudEvent<JsonNode>> staleSweep(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }
}
