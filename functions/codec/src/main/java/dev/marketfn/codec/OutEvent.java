package dev.marketfn.codec;

import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Sources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An outgoing CloudEvent (docs/contract/events.md): {@code data} is any Jackson-serializable payload, or a
 * {@code byte[]} of JSON sent as it is. {@link CloudEventCodec} writes it for HTTP and Kafka.
 */
public record OutEvent(String id, String type, String source, String subject, Map<String, String> extensions,
        Object data) {

    public String dataschema() {
        return EventTypes.dataschema(type);
    }

    /** The Knative Kafka ordering key: the symbol (docs/contract/events.md). */
    public String partitionKey() {
        return extensions.get("partitionkey");
    }

    public static Builder builder(String function, String type, String id) {
        return new Builder(Sources.function(function), type, id);
    }

    public static final class Builder {
        private final String source;
        private final String type;
        private final String id;
        private String subject;
        private final Map<String, String> extensions = new LinkedHashMap<>();

        private Builder(String source, String type, String id) {
            this.source = source;
            this.type = type;
            this.id = id;
        }

        /** Sets subject and the {@code symbol} and {@code partitionkey} extensions when the event holds one symbol. */
        public Builder symbol(String symbol) {
            if (symbol != null) {
                subject = symbol;
                extensions.put("symbol", symbol);
                extensions.put("partitionkey", symbol);
            }
            return this;
        }

        /**
         * For events holding records of several instruments: one distinct symbol is the subject; several have no
         * subject and are keyed by the first, so a batch stays on one partition.
         */
        public Builder symbols(java.util.List<String> symbolsInRecordOrder) {
            if (symbolsInRecordOrder.stream().distinct().count() == 1) {
                return symbol(symbolsInRecordOrder.get(0));
            }
            return symbolsInRecordOrder.isEmpty() ? this : extension("partitionkey", symbolsInRecordOrder.get(0));
        }

        /**
         * Continues the trace of the event that caused this one: its hop traceparent when the runtime traced its
         * handling (the handling span as parent), else the same trace id with a parent id of its own.
         */
        public Builder tracedFrom(InEvent cause) {
            String hop = cause.hop();
            return extension("traceparent", hop != null ? hop : TraceContext.child(cause.extension("traceparent")));
        }

        public Builder extension(String name, String value) {
            if (value != null) {
                extensions.put(name, value);
            }
            return this;
        }

        public OutEvent data(Object data) {
            return new OutEvent(id, type, source, subject, Map.copyOf(extensions), data);
        }
    }
}
