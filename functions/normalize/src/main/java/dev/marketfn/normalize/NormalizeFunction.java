package dev.marketfn.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.HttpDoor;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The Knative door of normalize (trigger mapping in application.properties). */
public class NormalizeFunction {
    @Inject
    HttpDoor door;

    @Funq
    public Uni<CloudEvent<JsonNode>> normalize(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }
}
