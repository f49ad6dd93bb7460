package dev.marketfn.store;

import dev.marketfn.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Decoded {@code function_state} values a process keeps between transactions, so that a series touched again and
 * again is not decoded from its JSON text each time. Each entry carries the MD5 of the text it stands for; the locking
 * read ({@link StateRepository#updateAll(io.vertx.mutiny.sqlclient.SqlConnection, String, java.util.Collection,
 * StateCache, java.util.function.BiFunction)}) sends the digests and gets the text back only for rows whose text has
 * another digest. Correctness rests on content alone: a write by another replica, a rolled-back transaction of this
 * one or a deleted row all leave text with another digest, which is then read and decoded. Values must be immutable:
 * the same instance is handed to every later transaction. Least recently used entries go beyond {@code capacity}.
 */
public final class StateCache<S> {
    private final Function<String, S> decode;
    private final Function<S, String> encode;
    private final Map<String, Entry<S>> entries;
    private long decodes;

    /** A decoded state and the digest of its text. */
    record Entry<S>(String digest, S value) {
    }

    /** A cache of states stored as their JSON ({@link Json#bytes}), read back with {@code decode}. */
    public static <S> StateCache<S> json(int capacity, Function<String, S> decode) {
        return new StateCache<>(capacity, decode, state -> new String(Json.bytes(state), StandardCharsets.UTF_8));
    }

    public StateCache(int capacity, Function<String, S> decode, Function<S, String> encode) {
        this.decode = decode;
        this.encode = encode;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StateCache.Entry<S>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Entry<S> get(String key) {
        return entries.get(key);
    }

    /** Decodes text read from the store and remembers it. */
    S decoded(String key, String text) {
        S value = decode.apply(text);
        synchronized (this) {
            decodes++;
            entries.put(key, new Entry<>(md5(text), value));
        }
        return value;
    }

    /** Encodes a state about to be written and remembers it under the digest of that text. */
    String encoded(String key, S value) {
        String text = encode.apply(value);
        synchronized (this) {
            entries.put(key, new Entry<>(md5(text), value));
        }
        return text;
    }

    /** How many states were decoded from text so far (a cache hit decodes none). */
    public synchronized long decodes() {
        return decodes;
    }

    /** The hex MD5 of the UTF-8 text, as PostgreSQL's {@code md5(text)} gives it. */
    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
