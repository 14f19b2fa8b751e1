package io.latentpatch.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The object store of the pipeline: one bucket, flat keys with {@code /} as separator (layout in
 * {@code io.latentpatch.contracts.ObjectKeys}). Every byte of images and tensors lives here; the
 * messages only carry keys.
 *
 * <p>Errors: {@link ObjectNotFoundException} for a missing key, {@link StoreUnavailableException}
 * when the store cannot be reached (one attempt: the caller retries), {@link StoreException} for the
 * rest. Writes are whole-object and last-writer-wins, so rewriting the same key with the same bytes
 * (a redelivered message) is harmless. Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

    /** The bucket this store reads and writes. */
    String bucket();

    /** Stores {@code bytes} under {@code key}, replacing any previous object. */
    void put(String key, byte[] bytes, String contentType);

    /**
     * Stores {@code bytes} under {@code key} only if no object is stored there: a conditional create
     * (S3 {@code If-None-Match: *}), atomic on the server, so of several writers racing on one key
     * exactly one gets true. Returns false, writing nothing, when the key already holds an object.
     */
    boolean putIfAbsent(String key, byte[] bytes, String contentType);

    /** Stores the file's content under {@code key} (multipart when large). */
    void put(String key, Path file, String contentType);

    /**
     * Stores {@code size} bytes read from {@code in} (size -1 when unknown: sent in multipart
     * parts). A stream cannot be replayed: pass bytes or a file where the caller may retry.
     * Does not close {@code in}.
     */
    void put(String key, InputStream in, long size, String contentType);

    /** The whole object. */
    byte[] get(String key);

    /** The object's bytes, or empty when no object is stored under {@code key}; other failures as {@link #get}. */
    default java.util.Optional<byte[]> find(String key) {
        try {
            return java.util.Optional.of(get(key));
        } catch (ObjectNotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The object as a stream the caller must close. Prefer
     * {@link #get(String)} for objects that fit in memory.
     */
    InputStream openStream(String key);

    /** Metadata of {@code key}, or empty when there is no such object. */
    Optional<ObjectInfo> stat(String key);

    /** True when an object exists under {@code key}. */
    default boolean exists(String key) {
        return stat(key).isPresent();
    }

    /** Every object whose key starts with {@code prefix} (recursively), sorted by key. */
    List<ObjectInfo> list(String prefix);

    /** Deletes {@code key}; no error when it does not exist. */
    void delete(String key);

    /**
     * Deletes every object whose key starts with {@code prefix} (which must not be empty) and
     * returns how many there were.
     */
    int deletePrefix(String prefix);

    /**
     * {@link #deletePrefix(String)} but for the keys in {@code keep}, which stay (a tombstone that must never be
     * missing, not even for a moment); returns how many were deleted.
     */
    default int deletePrefix(String prefix, java.util.Set<String> keep) {
        int n = 0;
        for (ObjectInfo o : list(prefix)) {
            if (keep.contains(o.key())) continue;
            delete(o.key());
            n++;
        }
        return n;
    }

    /** Releases the HTTP client. */
    @Override
    void close();
}
