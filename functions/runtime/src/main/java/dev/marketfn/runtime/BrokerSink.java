package dev.marketfn.runtime;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.codec.SinkToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Side events (alerts, applied actions) reach the broker through K_SINK (injected by a SinkBinding) in the cluster,
 * and the broker topic locally. A Knative function has one reply; this is how it emits more, before answering, so a
 * failed send fails the request and the broker redelivers (side-event ids are deterministic, so duplicates are
 * recognisable). Each post carries the OIDC token the SinkBinding projects when Knative's {@code authentication-oidc}
 * is on ({@link SinkToken}, read per post since it is rotated); without the file, no header.
 */
@ApplicationScoped
public class BrokerSink implements SideEventSink {
    private static final Logger LOG = Logger.getLogger(BrokerSink.class);

    private final Optional<String> kSink;
    private final boolean kafkaDoor;
    private final Instance<KafkaDoor> kafka;
    private final SinkToken token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    public BrokerSink(@ConfigProperty(name = "k.sink") Optional<String> kSink,
            @ConfigProperty(name = "marketfn.kafka-door.enabled", defaultValue = "true") boolean kafkaDoor,
            Instance<KafkaDoor> kafka) {
        this(kSink, kafkaDoor, kafka, SinkToken.knative());
    }

    BrokerSink(Optional<String> kSink, boolean kafkaDoor, Instance<KafkaDoor> kafka, SinkToken token) {
        this.kSink = kSink.filter(s -> !s.isBlank());
        this.kafkaDoor = kafkaDoor;
        this.kafka = kafka;
        this.token = token;
    }

    @Override
    public Uni<Void> send(List<OutEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (kSink.isPresent()) {
            return Uni.join().all(events.stream().map(this::post).toList()).andFailFast().replaceWithVoid();
        }
        if (kafkaDoor) {
            return kafka.get().send(events);
        }
        LOG.debugf("no K_SINK and no Kafka door: %d side events kept only in the store", events.size());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> post(OutEvent e) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(kSink.get())).timeout(Duration.ofSeconds(10));
        req.POST(HttpRequest.BodyPublishers.ofByteArray(CloudEventCodec.toHttp(e, req::header)));
        return Uni.createFrom().item(() -> withToken(req))
                .chain(r -> Uni.createFrom().completionStage(() -> http.sendAsync(r, java.net.http.HttpResponse.BodyHandlers.discarding())))
                .map(resp -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw new IllegalStateException("K_SINK answered " + resp.statusCode() + " for " + e.id());
                    }
                    return resp;
                }).replaceWithVoid();
    }

    /** A request of its own per subscription, with the token the file holds then. */
    private HttpRequest withToken(HttpRequest.Builder event) {
        HttpRequest.Builder req = event.copy();
        try {
            token.authorization().ifPresent(a -> req.header("Authorization", a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return req.build();
    }
}
