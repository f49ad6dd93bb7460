package dev.marketfn.runtime;

import java.util.Map;

/** Implemented by each function app (one CDI bean): its name and its handler per accepted CloudEvent type. */
public interface FunctionHandlers {
    /** e.g. {@code normalize}; CloudEvent source becomes {@code /marketfn/<name>}. */
    String name();

    Map<String, EventHandler> handlers();

    /** A sink's store of every record its Kafka door reads, whatever its type ({@link RecordSink}); null to route by type. */
    default RecordSink recordSink() {
        return null;
    }
}
