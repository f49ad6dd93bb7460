package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** One CloudEvent as the launcher sends it: JSON data, Kafka binary mode or HTTP binary/structured mode. */
public record CloudEvent(String id, String type, String source, String subject, Map<String, String> extensions,
        byte[] data) {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String RAW = "dev.marketfn.raw.v1";
    public static final String ANNOUNCED = "dev.marketfn.corporate-action.announced.v1";
    public static final String ALPHA_CALL = "dev.marketfn.alpha.call.v1";
    public static final String PING = "dev.knative.sources.ping";

    /** A raw provider event (SPEC §2): source /providers/&lt;p&gt;, extension provider, data verbatim. */
    public static CloudEvent raw(String id, String provider, String symbol, byte[] data) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("provider", provider);
        if (symbol != null) {
            ext.put("symbol", symbol);
            ext.put("partitionkey", symbol);
        }
        return new CloudEvent(id, RAW, "/providers/" + provider, symbol, ext, data);
    }

    public static CloudEvent announced(String id, String symbol, byte[] data) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("symbol", symbol);
        ext.put("partitionkey", symbol);
        return new CloudEvent(id, ANNOUNCED, "/providers/corporate-actions", symbol, ext, data);
    }

    /**
     * A PingSource tick ({@code dev.knative.sources.ping}): the indicator closes every window that ended (idle flush)
     * and quality-check sweeps for stale series. No symbol, so no partition key.
     */
    public static CloudEvent ping(String id, String task) {
        return new CloudEvent(id, PING, "/apis/v1/namespaces/marketfn/pingsources/" + task, null, Map.of(),
                ("{\"task\":\"" + task + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public String key() {
        return extensions.getOrDefault("partitionkey", subject);
    }

    /** Kafka binary content mode, the layout the Knative Kafka broker stores. */
    public ProducerRecord<String, byte[]> toKafka(String topic) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key(), data);
        add(r, "ce_specversion", "1.0");
        add(r, "ce_id", id);
        add(r, "ce_type", type);
        add(r, "ce_source", source);
        if (subject != null) {
            add(r, "ce_subject", subject);
        }
        extensions.forEach((k, v) -> add(r, "ce_" + k, v));
        add(r, "content-type", "application/json");
        return r;
    }

    private static void add(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** HTTP binary mode headers (content-type included). */
    public Map<String, String> httpHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", id);
        h.put("ce-type", type);
        h.put("ce-source", source);
        if (subject != null) {
            h.put("ce-subject", subject);
        }
        extensions.forEach((k, v) -> h.put("ce-" + k, v));
        h.put("Content-Type", "application/json");
        return h;
    }

    /** HTTP structured mode body ({@code application/cloudevents+json}). */
    public byte[] structured() {
        try {
            ObjectNode o = JSON.createObjectNode();
            o.put("specversion", "1.0").put("id", id).put("type", type).put("source", source);
            if (subject != null) {
                o.put("subject", subject);
            }
            o.put("datacontenttype", "application/json");
            extensions.forEach(o::put);
            o.set("data", JSON.readTree(data));
            return JSON.writeValueAsBytes(o);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("data is not JSON: " + e.getMessage(), e);
        }
    }

    public static String header(Iterable<Header> headers, String name) {
        String value = null;
        for (Header h : headers) {
            if (h.key().equals(name)) {
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }

    public static JsonNode tree(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
