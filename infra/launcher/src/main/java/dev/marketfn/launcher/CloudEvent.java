package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.OutEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One CloudEvent as the launcher sends it: JSON data, written by the codec in Kafka binary mode or HTTP binary or
 * structured mode.
 */
public record CloudEvent(String id, String type, String source, String subject, Map<String, String> extensions,
        byte[] data) {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String RAW = "dev.marketfn.raw.v1";
    public static final String ANNOUNCED = "dev.marketfn.corporate-action.announced.v1";
    public static final String ALPHA_CALL = "dev.marketfn.alpha.call.v1";
    public static final String PING = "dev.knative.sources.ping";

    /** A raw provider event (docs/contract/events.md): source /providers/&lt;p&gt;, extension provider, data verbatim. */
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

    /** The same event with more extensions. */
    public CloudEvent with(Map<String, String> more) {
        Map<String, String> ext = new LinkedHashMap<>(extensions);
        ext.putAll(more);
        return new CloudEvent(id, type, source, subject, ext, data);
    }

    /** A received event, to be sent on as it is (the extensions, subject and data it came with). */
    public static CloudEvent of(Decoded received) {
        var in = received.event("");
        return new CloudEvent(in.id(), in.type(), in.source(), in.subject(), in.extensions(), in.data());
    }

    public String key() {
        return extensions.getOrDefault("partitionkey", subject);
    }

    /** The event as the codec writes it: data sent as it is. */
    public OutEvent toOutEvent() {
        return new OutEvent(id, type, source, subject, extensions, data);
    }

    /** Kafka binary content mode, the layout the Knative Kafka broker stores, keyed by the partition key. */
    public ProducerRecord<String, byte[]> toKafka(String topic) {
        return CloudEventCodec.toKafka(toOutEvent(), topic);
    }

    /** An HTTP request in binary mode (ce- headers, Content-Type) or structured mode. */
    public HttpRequest.BodyPublisher toHttp(HttpRequest.Builder request, boolean structured) {
        if (structured) {
            request.header("Content-Type", CloudEventCodec.STRUCTURED_JSON);
            return HttpRequest.BodyPublishers.ofByteArray(CloudEventCodec.toStructured(toOutEvent()));
        }
        return HttpRequest.BodyPublishers.ofByteArray(CloudEventCodec.toHttp(toOutEvent(), request::header));
    }

    /** The type of an HTTP reply, in whichever content mode it came; null when it is no CloudEvent. */
    public static String replyType(HttpResponse<String> response) {
        return CloudEventCodec.fromHttp(response.headers(), response.body().getBytes(StandardCharsets.UTF_8)).type();
    }

    /** The type of a record on the broker topic, from its headers (binary mode) or its envelope (structured). */
    public static String type(ConsumerRecord<String, byte[]> record) {
        String type = CloudEventCodec.kafkaType(record.headers());
        return type != null ? type : CloudEventCodec.fromKafka(record.headers(), record.value()).type();
    }

    /** Every attribute of a record on the broker topic, unprefixed. */
    public static Map<String, String> attributes(ConsumerRecord<String, byte[]> record) {
        return CloudEventCodec.fromKafka(record.headers(), record.value()).attributes();
    }

    public static JsonNode tree(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
