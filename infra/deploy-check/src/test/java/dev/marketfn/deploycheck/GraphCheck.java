package dev.marketfn.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.deploycheck.EventContract.FunqyMappings;
import dev.marketfn.deploycheck.EventContract.Input;
import dev.marketfn.deploycheck.EventContract.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the rendered Broker/Trigger/PingSource/SinkBinding objects implement the event graph: every consumed type
 * is delivered to the right Service, every emitted type reaches a consumer (or is a declared terminal type), every
 * reference resolves. The CRD schemas cannot do this: a Trigger's spec keeps unknown fields and references are opaque.
 */
final class GraphCheck {
    static final String EVENTING = "eventing.knative.dev/v1";
    static final String SOURCES = "sources.knative.dev/v1";
    static final String ORDER = "kafka.eventing.knative.dev/delivery.order";
    private static final Pattern PING_SOURCE = Pattern.compile("/apis/v1/namespaces/([^/]+)/pingsources/([^/]+)");

    private final Objects objs;
    private final Map<String, Node> contract;
    private final Map<String, FunqyMappings> mappings;
    private final List<String> errors = new ArrayList<>();

    private GraphCheck(List<ObjectNode> rendered, Map<String, Node> contract, Map<String, FunqyMappings> mappings) {
        this.objs = new Objects(rendered);
        this.contract = contract;
        this.mappings = mappings;
    }

    static List<String> check(List<ObjectNode> rendered, Map<String, Node> contract, Map<String, FunqyMappings> mappings) {
        GraphCheck g = new GraphCheck(rendered, contract, mappings);
        g.brokers();
        g.triggers();
        g.services();
        g.emittedTypesHaveConsumers();
        return g.errors;
    }

    private void error(String s) {
        errors.add(s);
    }

    private void brokers() {
        List<ObjectNode> brokers = objs.ofKind(EVENTING, "Broker");
        if (brokers.isEmpty()) {
            error("no Broker rendered");
        }
        for (ObjectNode b : brokers) {
            String id = "Broker " + Objects.name(b);
            if (!"Kafka".equals(b.path("metadata").path("annotations").path("eventing.knative.dev/broker.class").asText())) {
                error(id + ": annotation eventing.knative.dev/broker.class must be Kafka");
            }
            JsonNode cfg = b.path("spec").path("config");
            var cm = objs.resolve(cfg, b);
            if (cm.isEmpty()) {
                error(id + ": spec.config " + Objects.ref(cfg) + " is not rendered");
            } else {
                JsonNode data = cm.get().path("data");
                for (String k : List.of("default.topic.partitions", "default.topic.replication.factor")) {
                    if (!data.path(k).asText().matches("[1-9][0-9]*")) {
                        error(id + ": " + Objects.name(cm.get()) + " needs a positive integer " + k);
                    }
                }
                if (data.path("bootstrap.servers").asText().isBlank()) {
                    error(id + ": " + Objects.name(cm.get()) + " needs bootstrap.servers");
                }
            }
            JsonNode d = b.path("spec").path("delivery");
            if (d.path("retry").asInt(0) < 1 || !"exponential".equals(d.path("backoffPolicy").asText())
                    || d.path("backoffDelay").asText().isEmpty() || d.path("timeout").asText().isEmpty()) {
                error(id + ": spec.delivery needs retry >= 1, backoffPolicy exponential, backoffDelay and timeout");
            }
            JsonNode dls = d.path("deadLetterSink").path("ref");
            if (objs.resolve(dls, b).isEmpty()) {
                error(id + ": deadLetterSink " + (dls.isMissingNode() ? "missing" : Objects.ref(dls) + " is not rendered"));
            }
        }
    }

    private void triggers() {
        Set<String> emitted = emittedTypes();
        for (ObjectNode t : objs.ofKind(EVENTING, "Trigger")) {
            String id = "Trigger " + Objects.name(t);
            JsonNode spec = t.path("spec");
            if (objs.find(EVENTING, "Broker", Objects.namespace(t), spec.path("broker").asText()).isEmpty()) {
                error(id + ": broker '" + spec.path("broker").asText() + "' is not rendered");
            }
            String order = t.path("metadata").path("annotations").path(ORDER).asText();
            if (!Set.of("ordered", "unordered").contains(order)) {
                error(id + ": annotation " + ORDER + " must be ordered or unordered, was '" + order + "'");
            }
            JsonNode sub = spec.path("subscriber").path("ref");
            if (objs.resolve(sub, t).isEmpty()) {
                error(id + ": subscriber " + (sub.isMissingNode() ? "ref missing" : Objects.ref(sub) + " is not rendered (missing service?)"));
            }
            if (spec.has("filter")) {
                error(id + ": use spec.filters (exact), not the legacy spec.filter");
            }
            JsonNode filters = spec.path("filters");
            if (filters.size() != 1 || !filters.get(0).has("exact") || filters.get(0).size() != 1) {
                error(id + ": spec.filters must be exactly one `exact` expression");
                continue;
            }
            JsonNode exact = filters.get(0).get("exact");
            String type = exact.path("type").asText();
            if (type.isEmpty()) {
                error(id + ": the exact filter has no type");
                continue;
            }
            if (!EventContract.EXTERNAL.contains(type) && !emitted.contains(type)) {
                error(id + ": filters on type " + type + " which no function emits");
            }
            if (EventContract.PING.equals(type)) {
                pingTrigger(id, t, exact.path("source").asText());
            }
        }
    }

    private void pingTrigger(String id, ObjectNode t, String source) {
        Matcher m = PING_SOURCE.matcher(source);
        if (!m.matches()) {
            // Without a source filter every PingSource on the broker would fire every ping consumer.
            error(id + ": a ping Trigger must also filter source = /apis/v1/namespaces/<ns>/pingsources/<name>, was '" + source + "'");
            return;
        }
        var ping = objs.find(SOURCES, "PingSource", m.group(1), m.group(2));
        if (ping.isEmpty()) {
            error(id + ": PingSource " + m.group(1) + "/" + m.group(2) + " is not rendered");
            return;
        }
        JsonNode sink = ping.get().path("spec").path("sink").path("ref");
        if (!"Broker".equals(sink.path("kind").asText()) || !t.path("spec").path("broker").asText().equals(sink.path("name").asText())) {
            error(id + ": PingSource " + m.group(2) + " does not send to broker " + t.path("spec").path("broker").asText());
        }
    }

    /** What the Triggers deliver to one Knative Service (or plain Service). */
    private Set<Input> delivered(String namespace, String service) {
        Set<Input> in = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        for (ObjectNode t : objs.ofKind(EVENTING, "Trigger")) {
            JsonNode ref = t.path("spec").path("subscriber").path("ref");
            boolean toService = "Service".equals(ref.path("kind").asText())
                    && Set.of(Objects.KSVC_API, "v1").contains(ref.path("apiVersion").asText());
            if (!toService || !service.equals(ref.path("name").asText()) || !namespace.equals(ref.path("namespace").asText(Objects.namespace(t)))) {
                continue;
            }
            JsonNode exact = t.path("spec").path("filters").path(0).path("exact");
            String type = exact.path("type").asText();
            String ping = null;
            if (EventContract.PING.equals(type)) {
                Matcher m = PING_SOURCE.matcher(exact.path("source").asText());
                ping = m.matches() ? m.group(2) : "?";
            }
            in.add(new Input(type, ping));
        }
        return in;
    }

    private void services() {
        for (Node n : contract.values()) {
            var ksvc = objs.ofKind(Objects.KSVC_API, "Service").stream().filter(s -> n.service().equals(Objects.name(s))).findFirst();
            if (ksvc.isEmpty()) {
                // or a Deployment behind a plain Service of its name (dead-letter: its Kafka door must keep consuming)
                ksvc = objs.ofKind("v1", "Service").stream().filter(s -> n.service().equals(Objects.name(s))
                        && objs.find("apps/v1", "Deployment", Objects.namespace(s), n.service()).isPresent()).findFirst();
            }
            if (ksvc.isEmpty()) {
                error("Knative Service (or Deployment and Service) " + n.service() + " is not rendered");
                continue;
            }
            String ns = Objects.namespace(ksvc.get());
            Set<Input> actual = delivered(ns, n.service());
            for (Input i : n.consumes()) {
                if (!actual.contains(i)) {
                    error("Service " + n.service() + ": no Trigger delivers " + i);
                }
            }
            for (Input i : actual) {
                if (!n.consumes().contains(i)) {
                    error("Service " + n.service() + ": a Trigger delivers " + i + ", which its contract does not consume");
                }
            }
            FunqyMappings fm = mappings.get(n.service());
            if (fm != null) {
                Set<String> triggerTypes = new TreeSet<>();
                actual.forEach(i -> triggerTypes.add(i.type()));
                if (!fm.consumedTypes().equals(triggerTypes)) {
                    error("Service " + n.service() + ": Funqy mappings in " + fm.file() + " consume " + fm.consumedTypes()
                            + " but its Triggers deliver " + triggerTypes);
                }
            }
            boolean bound = objs.ofKind(SOURCES, "SinkBinding").stream().anyMatch(sb -> {
                JsonNode subj = sb.path("spec").path("subject");
                JsonNode sink = sb.path("spec").path("sink").path("ref");
                return Objects.KSVC_API.equals(subj.path("apiVersion").asText()) && "Service".equals(subj.path("kind").asText())
                        && n.service().equals(subj.path("name").asText()) && "Broker".equals(sink.path("kind").asText())
                        && objs.resolve(sink, sb).isPresent();
            });
            if (n.sinkBinding() && !bound) {
                error("Service " + n.service() + " sends side events to K_SINK but no SinkBinding binds it to a rendered Broker");
            }
        }
        for (ObjectNode sb : objs.ofKind(SOURCES, "SinkBinding")) {
            JsonNode subj = sb.path("spec").path("subject");
            if (objs.resolve(subj, sb).isEmpty()) {
                error("SinkBinding " + Objects.name(sb) + ": subject " + Objects.ref(subj) + " is not rendered");
            }
        }
    }

    private Set<String> emittedTypes() {
        Set<String> out = new TreeSet<>();
        for (Node n : contract.values()) {
            out.addAll(n.replies());
            out.addAll(n.sideEvents());
        }
        mappings.values().forEach(m -> out.addAll(m.responseTypes().values()));
        return out;
    }

    private void emittedTypesHaveConsumers() {
        Set<String> consumed = new TreeSet<>();
        objs.ofKind(EVENTING, "Trigger").forEach(t -> consumed.add(t.path("spec").path("filters").path(0).path("exact").path("type").asText()));
        for (String type : emittedTypes()) {
            if (!EventContract.TERMINAL.contains(type) && !consumed.contains(type)) {
                error("emitted type " + type + " has no consumer: no Trigger filters on it and it is not a declared terminal type");
            }
        }
    }
}
