package dev.marketfn.archive;

import java.util.List;
import java.util.Optional;

/**
 * Where the archive's objects live: keys are {@code /}-separated paths below the archive's root. Objects are written
 * whole and never changed by the archiver, except each partition's {@code _manifest.json}. Every failure to reach the
 * store is an {@link UnreachableStoreException}, so the archiver can tell "retry later" from bad data.
 */
public interface ObjectStore extends AutoCloseable {
    /** Whether an object exists at the key. */
    boolean exists(String key);

    /** The object's bytes, or empty when there is none. */
    Optional<byte[]> get(String key);

    /** Writes the object whole (replacing one at the key). */
    void put(String key, byte[] bytes);

    /** Every key starting with the prefix, sorted. */
    List<String> list(String prefix);

    /** e.g. {@code s3://bucket/prefix (endpoint http://127.0.0.1:9090)}. */
    String describe();

    @Override
    void close();

    /** The store did not answer or refused the request; nothing was written. */
    final class UnreachableStoreException extends RuntimeException {
        public UnreachableStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
