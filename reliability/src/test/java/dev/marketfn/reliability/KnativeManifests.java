package dev.marketfn.reliability;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the Knative Kafka broker's data plane would be configured with, read from the rendered overlay
 * ({@code kubectl kustomize knative/overlays/dev}, the same rendering as {@code kubectl apply -k}): the broker topic's
 * partition count, the Broker's {@code delivery}, and every Trigger of the broker (filter, subscriber, delivery order,
 * its own {@code delivery} over the Broker's).
 */
record KnativeManifests(String overlay, int partitions, KnativeDelivery brokerDelivery, List<Trigger> triggers,
        List<String> sinkBound) {

    /** One Trigger: a consumer group of its own on the broker topic. */
    record Trigger(String name, Map<String, String> exactFilter, String subscriber, boolean ordered,
            KnativeDelivery delivery) {
        /** Knative's {@code filters: - exact:} — every named attribute equal; no filter passes everything. */
        boolean matches(Map<String, String> attributes) {
            return exactFilter.entrySet().stream().allMatch(e -> e.getValue().equals(attributes.get(e.getKey())));
        }
    }

    static final String ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Renders {@code overlay} (relative to the repository root) with kubectl and reads it. */
    static KnativeManifests render(Path repo, String overlay) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(System.getProperty("marketfn.kubectl", "kubectl"), "kustomize",
                repo.resolve(overlay).toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            // a failure, not a skip: the simulation is only worth something on what would be deployed
            throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + new String(err,
                    StandardCharsets.UTF_8));
        }
        return parse(overlay, new String(out, StandardCharsets.UTF_8));
    }

    static KnativeManifests parse(String overlay, String rendered) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(rendered)) {
            MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject()) {
                    docs.add(n);
                }
            }
        }
        JsonNode broker = single(docs, "Broker", null);
        String brokerName = broker.path("metadata").path("name").asText();
        JsonNode config = broker.path("spec").path("config");
        JsonNode configMap = single(docs, "ConfigMap", config.path("name").asText());
        int partitions = Integer.parseInt(configMap.path("data").path("default.topic.partitions").asText("10"));
        KnativeDelivery brokerDelivery = KnativeDelivery.of(broker.path("spec").path("delivery"), null,
                name -> single(docs, "KafkaSink", name));
        List<Trigger> triggers = new ArrayList<>();
        for (JsonNode t : docs) {
            if (!t.path("kind").asText().equals("Trigger") || !t.path("spec").path("broker").asText().equals(brokerName)) {
                continue;
            }
            Map<String, String> exact = new LinkedHashMap<>();
            for (JsonNode f : t.path("spec").path("filters")) {
                f.path("exact").fields().forEachRemaining(e -> exact.put(e.getKey(), e.getValue().asText()));
            }
            // the older spec.filter.attributes form is exact matching too
            t.path("spec").path("filter").path("attributes").fields()
                    .forEachRemaining(e -> exact.put(e.getKey(), e.getValue().asText()));
            JsonNode ref = t.path("spec").path("subscriber").path("ref");
            if (!ref.path("kind").asText().equals("Service")) {
                throw new IllegalStateException("Trigger " + t.path("metadata").path("name").asText()
                        + ": only Knative Service subscribers are simulated, got " + ref);
            }
            String order = t.path("metadata").path("annotations").path(ORDER_ANNOTATION).asText("unordered");
            triggers.add(new Trigger(t.path("metadata").path("name").asText(), Map.copyOf(exact),
                    ref.path("name").asText(), order.equals("ordered"),
                    KnativeDelivery.of(t.path("spec").path("delivery"), brokerDelivery,
                            name -> single(docs, "KafkaSink", name))));
        }
        List<String> sinkBound = new ArrayList<>();
        for (JsonNode b : docs) {
            if (b.path("kind").asText().equals("SinkBinding")
                    && b.path("spec").path("sink").path("ref").path("kind").asText().equals("Broker")
                    && b.path("spec").path("sink").path("ref").path("name").asText().equals(brokerName)) {
                sinkBound.add(b.path("spec").path("subject").path("name").asText());
            }
        }
        return new KnativeManifests(overlay, partitions, brokerDelivery, List.copyOf(triggers), List.copyOf(sinkBound));
    }

    private static JsonNode single(List<JsonNode> docs, String kind, String name) {
        List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && (name == null || d.path("metadata").path("name").asText().equals(name))).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + kind + (name == null ? "" : " named " + name)
                    + " in the rendered overlay, found " + found.size());
        }
        return found.get(0);
    }

    /** The same with every Trigger's delivery order set (experiments only: -Dreliability.knative.order). */
    KnativeManifests withOrder(boolean ordered) {
        return new KnativeManifests(overlay, partitions, brokerDelivery, triggers.stream().map(t -> new Trigger(t.name(),
                t.exactFilter(), t.subscriber(), ordered, t.delivery())).toList(), sinkBound);
    }

    /** The subscribers of the triggers (each a function the simulation must run). */
    List<String> subscribers() {
        return triggers.stream().map(Trigger::subscriber).distinct().toList();
    }

    /** The longest time a Trigger keeps retrying an event before it dead-letters it (backoff only). */
    Duration longestRetryWindow() {
        return triggers.stream().map(t -> t.delivery().retryWindow()).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
