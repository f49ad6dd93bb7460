package dev.marketfn.corporateaction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.HttpDoor;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The Knative doors of corporate-action: checked records to adjust, and announcements. */
public class CorporateActionFunction {
    @Inject
    HttpDoor door;

    @Funq
    public Uni<CloudEvent<JsonNode>> adjust(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }

    @Funq
    public Uni<CloudEvent<JsonNode>> announce(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }
}
