package dev.marketfn.news.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.runtime.HttpDoor;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The Knative door of news (trigger mapping in application.properties). */
public class NewsFunction {
    @Inject
    HttpDoor door;

    @Funq
    public Uni<CloudEvent<JsonNode>> news(CloudEvent<JsonNode> event) {
        return door.handle(event);
    }
}
