package dev.marketfn.connector;

import java.time.Duration;

/**
 * How one connector batches and survives (docs/ingestion.md §Configuration). {@code key}: the partition key of its raw
 * events. {@code maxFrameBytes}: a bigger frame is refused. {@code heartbeatTimeout}: a connection with no frame, ping
 * or pong for this long is dropped and reopened. {@code handshakeTimeout}: from connect to the provider's
 * subscription confirmation.
 */
public record ConnectorConfig(String key, MicroBatcher.Limits batch, int maxFrameBytes, Duration connectTimeout,
        Duration handshakeTimeout, Duration heartbeatTimeout, Duration backoffBase, Duration backoffMax,
        int breakerFailures, Duration breakerOpenFor) {

    /** The production defaults: 500 frames / 512 KiB / 20 ms batches, 1 MiB frames, 30 s silence, 5 failures open the breaker for 30 s. */
    public static ConnectorConfig defaults(String key) {
        return new ConnectorConfig(key, new MicroBatcher.Limits(500, 512 * 1024, Duration.ofMillis(20)), 1 << 20,
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMillis(500),
                Duration.ofSeconds(30), 5, Duration.ofSeconds(30));
    }

    public ConnectorConfig withBatch(MicroBatcher.Limits b) {
        return new ConnectorConfig(key, b, maxFrameBytes, connectTimeout, handshakeTimeout, heartbeatTimeout,
                backoffBase, backoffMax, breakerFailures, breakerOpenFor);
    }

    public ConnectorConfig withMaxFrameBytes(int max) {
        return new ConnectorConfig(key, batch, max, connectTimeout, handshakeTimeout, heartbeatTimeout, backoffBase,
                backoffMax, breakerFailures, breakerOpenFor);
    }

    public ConnectorConfig withTimeouts(Duration handshake, Duration heartbeat) {
        return new ConnectorConfig(key, batch, maxFrameBytes, connectTimeout, handshake, heartbeat, backoffBase,
                backoffMax, breakerFailures, breakerOpenFor);
    }

    public ConnectorConfig withBackoff(Duration base, Duration max) {
        return new ConnectorConfig(key, batch, maxFrameBytes, connectTimeout, handshakeTimeout, heartbeatTimeout, base,
                max, breakerFailures, breakerOpenFor);
    }

    public ConnectorConfig withBreaker(int failures, Duration openFor) {
        return new ConnectorConfig(key, batch, maxFrameBytes, connectTimeout, handshakeTimeout, heartbeatTimeout,
                backoffBase, backoffMax, failures, openFor);
    }
}
