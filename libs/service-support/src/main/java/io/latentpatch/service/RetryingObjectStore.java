package io.latentpatch.service;

import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} whose calls each run under one {@link Retries} guard: for a call path whose only
 * retry layer is the single store call (the gateway's request handlers). A stream upload cannot be
 * replayed, so it is the one call made once.
 */
public final class RetryingObjectStore implements ObjectStore {
    private final ObjectStore store;
    private final Retries retries;

    public RetryingObjectStore(ObjectStore store, Retries retries) {
        this.store = store;
        this.retries = retries;
    }

    @Override
    public String bucket() {
        return store.bucket();
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        retries.run(() -> store.put(key, bytes, contentType));
    }

    /** A retry after an attempt that did write sees the key taken and answers false: callers read the object to tell. */
    @Override
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        return retries.get(() -> store.putIfAbsent(key, bytes, contentType));
    }

    @Override
    public void put(String key, Path file, String contentType) {
        retries.run(() -> store.put(key, file, contentType));
    }

    @Override
    public void put(String key, InputStream in, long size, String contentType) {
        store.put(key, in, size, contentType);
    }

    @Override
    public byte[] get(String key) {
        return retries.get(() -> store.get(key));
    }

    @Override
    public InputStream openStream(String key) {
        return retries.get(() -> store.openStream(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return retries.get(() -> store.stat(key));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return retries.get(() -> store.list(prefix));
    }

    @Override
    public void delete(String key) {
        retries.run(() -> store.delete(key));
    }

    @Override
    public int deletePrefix(String prefix) {
        return retries.get(() -> store.deletePrefix(prefix));
    }

    @Override
    public int deletePrefix(String prefix, java.util.Set<String> keep) {
        return retries.get(() -> store.deletePrefix(prefix, keep));
    }

    @Override
    public void close() {
        store.close();
    }
}
