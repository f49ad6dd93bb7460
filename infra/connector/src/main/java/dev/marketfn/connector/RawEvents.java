package dev.marketfn.connector;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.Sources;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The raw events a connector emits (docs/contract/events.md): {@code dev.marketfn.raw.v1}, or
 * {@code dev.marketfn.news.raw.v1} from a news stream, with the same rules. A batch's data is a JSON array
 * of the provider's messages, their bytes as received: a frame that is itself an array (Alpaca, Polygon) contributes
 * its elements, an object frame (Coinbase, Binance) itself; every adapter of normalize accepts such an array. The id
 * is a pure function of provider and data, so the same batch sent twice (a retry after a lost acknowledgement) is one
 * row of raw_events. The partition key is the connection's key: one connection's batches stay on one partition, in the
 * order the provider sent them.
 */
public final class RawEvents {
    private static final byte[] OPEN = {'['};
    private static final byte[] COMMA = {','};
    private static final byte[] CLOSE = {']'};

    private RawEvents() {
    }

    /** A batch of frames' messages as one raw event of {@code type}. */
    public static OutEvent batch(String type, String provider, String key, List<byte[]> messages) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(messages.stream().mapToInt(m -> m.length + 1).sum() + 1);
        data.writeBytes(OPEN);
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                data.writeBytes(COMMA);
            }
            data.writeBytes(messages.get(i));
        }
        data.writeBytes(CLOSE);
        return of(type, provider, key, data.toByteArray());
    }

    /**
     * One frame as it came, alone: a frame that is not JSON goes to normalize by itself so that it is rejected (and
     * kept with its bytes in rejected_events) without taking good frames down with it.
     */
    public static OutEvent verbatim(String type, String provider, String key, byte[] frame) {
        return of(type, provider, key, frame);
    }

    private static OutEvent of(String type, String provider, String key, byte[] data) {
        String id = EventIds.derive(provider + "|" + sha256(data), "connector");
        return new OutEvent(id, type, Sources.provider(provider), null,
                Map.of("provider", provider, "partitionkey", key), data);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The messages of one frame: an array's elements without its brackets, anything else as it is; empty for []. */
    static byte[] messages(String frame) {
        String t = frame.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.getBytes(StandardCharsets.UTF_8);
    }
}
