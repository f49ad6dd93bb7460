package dev.marketfn.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Issue #19, blocker 2: a PostgreSQL outage must not lose events on the Knative path. Every deadLetterSink (the
 * Broker's and any Trigger's) is a KafkaSink writing marketfn.dead-letters in binary mode with the broker's Kafka and
 * credentials, so a dead letter needs no database; every effective delivery retries for at least 2 minutes of
 * backoff and for a bounded time; the dead-letter Deployment drains that topic with its Kafka door on, as the consumer
 * group its KafkaUser's ACLs admit, and may write the dlq topic its door routes a refused record to; both topics exist
 * (the cluster does not auto-create topics).
 */
class DeadLetterPathTest {
    static final String KAFKA_SINK_API = "eventing.knative.dev/v1alpha1";
    static final String DEAD_LETTER = "dead-letter";
    /** A PostgreSQL outage the broker's retries must outlast: restart, fail-over, node drain (issue #19). */
    static final Duration MIN_WINDOW = Duration.ofMinutes(2);
    /** Bounded: an ordered Trigger's partition waits behind a retrying event. */
    static final Duration MAX_WINDOW = Duration.ofMinutes(15);

    /** The dead-letter app's settings over the runtime's shared defaults, ${...} resolved one level (as they are). */
    static Properties deadLetterConfig() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(Locations.repo().resolve("functions/runtime/src/main/resources/META-INF/microprofile-config.properties"))));
        p.load(new StringReader(Files.readString(Locations.repo().resolve("functions/dead-letter/src/main/resources/application.properties"))));
        Properties resolved = new Properties();
        for (String k : p.stringPropertyNames()) {
            String v = p.getProperty(k);
            for (String ref : p.stringPropertyNames()) {
                v = v.replace("${" + ref + "}", p.getProperty(ref));
            }
            resolved.setProperty(k, v);
        }
        return resolved;
    }

    /**
     * Seconds of backoff over all retries: the Kafka broker's dispatcher waits backoffDelay x 2^n before retry n
     * (exponential) or backoffDelay x n (linear), n counted from 1 (Vert.x's circuit breaker hands its retry policy the
     * number of the retry to come). The per-attempt timeout only adds to it.
     */
    static Duration retryWindow(JsonNode delivery) {
        int retry = delivery.path("retry").asInt(0);
        Duration delay = Duration.parse(delivery.path("backoffDelay").asText("PT0S"));
        Duration total = Duration.ZERO;
        for (int n = 1; n <= retry; n++) {
            total = total.plus("exponential".equals(delivery.path("backoffPolicy").asText()) ? delay.multipliedBy(1L << n)
                    : delay.multipliedBy(n));
        }
        return total;
    }

    static boolean allows(ObjectNode user, String type, String name, String operation) {
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            JsonNode r = acl.path("resource");
            String pattern = r.path("name").asText();
            boolean named = "prefix".equals(r.path("patternType").asText()) ? name.startsWith(pattern) : name.equals(pattern);
            if (type.equals(r.path("type").asText()) && named && acl.path("operations").toString().contains("\"" + operation + "\"")) {
                return true;
            }
        }
        return false;
    }

    static List<String> problems(List<ObjectNode> rendered, List<ObjectNode> users, List<ObjectNode> topics, Properties app) {
        Objects objs = new Objects(rendered);
        List<String> errors = new ArrayList<>();
        JsonNode brokerCfg = SchemaNegativeTest.find(rendered, "ConfigMap", "kafka-broker-config").path("data");
        String topic = app.getProperty("marketfn.kafka.input-topic");
        for (ObjectNode b : objs.ofKind(GraphCheck.EVENTING, "Broker")) {
            check("Broker " + Objects.name(b), b.at("/spec/delivery"), b, objs, brokerCfg, topic, errors);
        }
        for (ObjectNode t : objs.ofKind(GraphCheck.EVENTING, "Trigger")) {
            // a Trigger without delivery inherits its Broker's, checked above
            if (t.at("/spec/delivery").isObject()) {
                check("Trigger " + Objects.name(t), t.at("/spec/delivery"), t, objs, brokerCfg, topic, errors);
            }
        }
        var deployment = objs.ofKind(ServicePolicy.DEPLOYMENT_API, "Deployment").stream()
                .filter(d -> DEAD_LETTER.equals(Objects.name(d))).findFirst();
        if (deployment.isEmpty()) {
            errors.add("Deployment dead-letter is not rendered (a Knative Service would scale its Kafka door to zero)");
            return errors;
        }
        java.util.Map<String, JsonNode> env = new java.util.HashMap<>();
        deployment.get().at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
        String door = env.containsKey("MARKETFN_KAFKA_DOOR_ENABLED") ? env.get("MARKETFN_KAFKA_DOOR_ENABLED").path("value").asText() : null;
        if (!"true".equals(door)) {
            errors.add("Deployment dead-letter: env MARKETFN_KAFKA_DOOR_ENABLED must be \"true\", was " + door);
        }
        String servers = env.containsKey("KAFKA_BOOTSTRAP_SERVERS") ? env.get("KAFKA_BOOTSTRAP_SERVERS").path("value").asText() : null;
        if (!brokerCfg.path("bootstrap.servers").asText().equals(servers)) {
            errors.add("Deployment dead-letter: KAFKA_BOOTSTRAP_SERVERS " + servers + " is not the broker's Kafka "
                    + brokerCfg.path("bootstrap.servers"));
        }
        if (!env.containsKey("KAFKA_SASL_JAAS_CONFIG") || !env.get("KAFKA_SASL_JAAS_CONFIG").at("/valueFrom/secretKeyRef").isObject()) {
            errors.add("Deployment dead-letter: KAFKA_SASL_JAAS_CONFIG must come from a secretKeyRef (its KafkaUser's login)");
        }
        if (!"0".equals(app.getProperty("mp.messaging.incoming.marketfn-in.throttled.unprocessed-record-max-age.ms"))) {
            errors.add("dead-letter: the commit age limit must be off (0), or an outage longer than it fails the channel");
        }
        String group = app.getProperty("mp.messaging.incoming.marketfn-in.group.id").replace("${quarkus.application.name}",
                app.getProperty("quarkus.application.name"));
        String dlq = app.getProperty("marketfn.kafka.dlq-topic");
        var user = users.stream().filter(u -> "marketfn-dead-letter".equals(Objects.name(u))).findFirst();
        if (user.isEmpty()) {
            errors.add("no KafkaUser marketfn-dead-letter");
        } else {
            if (!allows(user.get(), "topic", topic, "Read")) {
                errors.add("KafkaUser marketfn-dead-letter may not Read topic " + topic);
            }
            if (!allows(user.get(), "group", group, "Read")) {
                errors.add("KafkaUser marketfn-dead-letter may not Read group " + group);
            }
            if (!allows(user.get(), "topic", dlq, "Write")) {
                errors.add("KafkaUser marketfn-dead-letter may not Write " + dlq + " (where its door sends a refused record)");
            }
        }
        var sinkUser = users.stream().filter(u -> "knative-kafka-broker".equals(Objects.name(u))).findFirst();
        if (sinkUser.isEmpty() || !allows(sinkUser.get(), "topic", topic, "Write")) {
            errors.add("KafkaUser knative-kafka-broker (the KafkaSink's credentials) may not Write " + topic);
        }
        for (String t : List.of(topic, dlq)) {
            if (topics.stream().noneMatch(k -> t.equals(k.at("/spec/topicName").asText()))) {
                errors.add("no KafkaTopic " + t + " (the cluster does not auto-create topics)");
            }
        }
        return errors;
    }

    private static void check(String id, JsonNode delivery, JsonNode from, Objects objs, JsonNode brokerCfg, String topic,
            List<String> errors) {
        Duration window = retryWindow(delivery);
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            errors.add(id + ": delivery retries back off for " + window.toMillis() / 1000.0 + " s, not within ["
                    + MIN_WINDOW.toSeconds() + ", " + MAX_WINDOW.toSeconds() + "] s");
        }
        JsonNode ref = delivery.at("/deadLetterSink/ref");
        if (!KAFKA_SINK_API.equals(ref.path("apiVersion").asText()) || !"KafkaSink".equals(ref.path("kind").asText())) {
            errors.add(id + ": deadLetterSink must be a KafkaSink (it needs no database), was " + Objects.ref(ref));
            return;
        }
        var sink = objs.resolve(ref, from);
        if (sink.isEmpty()) {
            errors.add(id + ": deadLetterSink " + Objects.ref(ref) + " is not rendered");
            return;
        }
        JsonNode spec = sink.get().path("spec");
        String sinkId = id + ": KafkaSink " + Objects.name(sink.get());
        if (!topic.equals(spec.path("topic").asText())) {
            errors.add(sinkId + " writes " + spec.path("topic").asText() + ", the dead-letter Deployment reads " + topic);
        }
        if (!"binary".equals(spec.path("contentMode").asText())) {
            errors.add(sinkId + ": contentMode must be binary (ce_ headers, what the Kafka door reads)");
        }
        List<String> servers = new ArrayList<>();
        spec.path("bootstrapServers").forEach(s -> servers.add(s.asText()));
        if (!String.join(",", servers).equals(brokerCfg.path("bootstrap.servers").asText())) {
            errors.add(sinkId + ": bootstrapServers " + servers + " differ from kafka-broker-config's " + brokerCfg.path("bootstrap.servers"));
        }
        if (!brokerCfg.path("auth.secret.ref.name").asText().equals(spec.at("/auth/secret/ref/name").asText())) {
            errors.add(sinkId + ": auth secret must be the broker's " + brokerCfg.path("auth.secret.ref.name"));
        }
    }

    static List<ObjectNode> users() throws IOException {
        return TrustModelTest.kafkaTemplates("kafkausers.yaml.tftpl");
    }

    static List<ObjectNode> topics() throws IOException {
        return TrustModelTest.kafkaTemplates("kafkatopics.yaml.tftpl");
    }

    @Test
    void deadLettersGoToAKafkaTopicThatTheDeadLetterDeploymentDrains() throws IOException {
        for (String overlay : Rendered.OVERLAYS) {
            assertThat(problems(Rendered.of(overlay), users(), topics(), deadLetterConfig())).as(overlay).isEmpty();
        }
    }

    @Test
    void theBrokersRetriesOutlastATwoMinuteOutage() {
        for (String overlay : Rendered.OVERLAYS) {
            JsonNode delivery = SchemaNegativeTest.find(Rendered.of(overlay), "Broker", "marketfn").at("/spec/delivery");
            // retry 7, exponential from 1 s: 2 + 4 + ... + 128 = 254 s (docs/dead-letter.md)
            assertThat(retryWindow(delivery)).as(overlay).isEqualTo(Duration.ofSeconds(254));
        }
    }

    @Test
    void theOldDeliveryAndAServiceSinkAreCaught() throws IOException {
        List<ObjectNode> objs = Rendered.of("knative/overlays/dev");
        ObjectNode delivery = (ObjectNode) SchemaNegativeTest.find(objs, "Broker", "marketfn").at("/spec/delivery");
        delivery.put("retry", 6).put("backoffDelay", "PT0.5S"); // the 63 s, 0.5 x (2 + 4 + ... + 64), that lost events
        ((ObjectNode) delivery.at("/deadLetterSink/ref")).put("apiVersion", Objects.KSVC_API).put("kind", "Service").put("name", DEAD_LETTER);
        assertThat(problems(objs, users(), topics(), deadLetterConfig()))
                .anySatisfy(e -> assertThat(e).contains("back off for 63.0 s, not within [120, 900] s"))
                .anySatisfy(e -> assertThat(e).contains("deadLetterSink must be a KafkaSink"));
    }

    @Test
    void aTriggerDeliveryOfItsOwnIsCheckedToo() throws IOException {
        List<ObjectNode> objs = Rendered.of("knative/overlays/dev");
        ObjectNode trigger = SchemaNegativeTest.find(objs, "Trigger", "indicator-adjusted");
        trigger.with("spec").putObject("delivery").put("retry", 3).put("backoffPolicy", "linear").put("backoffDelay", "PT1S");
        assertThat(problems(objs, users(), topics(), deadLetterConfig()))
                .anySatisfy(e -> assertThat(e).startsWith("Trigger indicator-adjusted: delivery retries back off for 6.0 s"))
                .anySatisfy(e -> assertThat(e).startsWith("Trigger indicator-adjusted: deadLetterSink must be a KafkaSink"));
    }

    @Test
    void aSinkOnAnotherTopicOrKafkaAndMissingAclsAreCaught() throws IOException {
        List<ObjectNode> objs = Rendered.of("knative/overlays/dev");
        ObjectNode sink = SchemaNegativeTest.find(objs, "KafkaSink", "dead-letters");
        sink.with("spec").put("topic", "marketfn.rejected").put("contentMode", "structured");
        sink.with("spec").putArray("bootstrapServers").add("other-kafka:9092");
        List<ObjectNode> users = new ArrayList<>(users());
        users.removeIf(u -> "marketfn-dead-letter".equals(Objects.name(u)));
        ObjectNode deployment = SchemaNegativeTest.find(objs, "Deployment", DEAD_LETTER);
        deployment.at("/spec/template/spec/containers/0/env").forEach(e -> {
            if ("MARKETFN_KAFKA_DOOR_ENABLED".equals(e.path("name").asText())) {
                ((ObjectNode) e).put("value", "false");
            }
        });
        assertThat(problems(objs, users, List.of(), deadLetterConfig()))
                .anySatisfy(e -> assertThat(e).contains("writes marketfn.rejected, the dead-letter Deployment reads marketfn.dead-letters"))
                .anySatisfy(e -> assertThat(e).contains("contentMode must be binary"))
                .anySatisfy(e -> assertThat(e).contains("bootstrapServers [other-kafka:9092] differ"))
                .anySatisfy(e -> assertThat(e).contains("MARKETFN_KAFKA_DOOR_ENABLED must be \"true\""))
                .anySatisfy(e -> assertThat(e).contains("no KafkaUser marketfn-dead-letter"))
                .anySatisfy(e -> assertThat(e).contains("no KafkaTopic marketfn.dlq"));
        ObjectNode user = users().stream().filter(u -> "marketfn-dead-letter".equals(Objects.name(u))).findFirst().orElseThrow();
        assertThat(allows(user, "group", "marketfn-dead-letter", "Read")).isTrue();
        assertThat(allows(user, "group", "marketfn-indicator", "Read")).as("its group only").isFalse();
        assertThat(allows(user, "topic", "marketfn.dead-letters", "Write")).as("it only reads its topic").isFalse();
    }
}
