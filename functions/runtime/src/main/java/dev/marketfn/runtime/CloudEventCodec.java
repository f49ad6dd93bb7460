package dev.marketfn.runtime;

import dev.marketfn.contracts.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Binary-mode attribute names shared by the HTTP ({@code ce-}) and Kafka ({@code ce_}) encodings. */
final class CloudEventCodec {
    private CloudEventCodec() {
    }

    /** Attributes of an outgoing event, without prefix. */
    static Map<String, String> attributes(OutEvent e) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("specversion", "1.0");
        attrs.put("id", e.id());
        attrs.put("source", e.source());
        attrs.put("type", e.type());
        if (e.subject() != null) {
            attrs.put("subject", e.subject());
        }
        attrs.put("dataschema", e.dataschema());
        attrs.putAll(e.extensions());
        return attrs;
    }

    /**
     * The data content types read as JSON, on both doors: the prefix, so that {@code ;charset=utf-8} may follow, in
     * any case (media types are case-insensitive, RFC 2045).
     */
    static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.startsWith("text/json");
    }

    static byte[] data(OutEvent e) {
        return Json.bytes(e.data());
    }
}
