package dev.marketfn.indicator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.HttpDoor;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The Knative doors of indicator: adjusted ticks, applied corporate actions, and the idle-flush timer. */
public class IndicatorFunction {
    @Inject
    HttpDoor door;

    @Funq
    public Uni<CloudEvent<JsonNode>> indicator(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }

    @Funq
    public Uni<CloudEvent<JsonNode>> rescale(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }

    @Funq
    public Uni<CloudEvent<JsonNode>> flush(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }
}
