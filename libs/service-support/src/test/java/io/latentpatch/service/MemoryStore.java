package io.latentpatch.service;

import io.latentpatch.storage.MemoryObjectStore;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import io.latentpatch.storage.StoreUnavailableException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MemoryObjectStore} for unit tests of one bean that counts the calls made to it and can be told to be
 * unreachable for the next n calls.
 */
final class MemoryStore implements ObjectStore {
    private final MemoryObjectStore objects = new MemoryObjectStore("memory");
    private final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    /** The next {@code n} calls fail with {@link StoreUnavailableException}. */
    void failNext(int n) {
        failNext.set(n);
    }

    private void call() {
        calls.incrementAndGet();
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) throw new StoreUnavailableException("connection refused (test)", null);
    }

    @Override
    public String bucket() {
        return objects.bucket();
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        call();
        objects.put(key, bytes, contentType);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        call();
        return objects.putIfAbsent(key, bytes, contentType);
    }

    @Override
    public void put(String key, Path file, String contentType) {
        call();
        objects.put(key, file, contentType);
    }

    @Override
    public void put(String key, InputStream in, long size, String contentType) {
        call();
        objects.put(key, in, size, contentType);
    }

    @Override
    public byte[] get(String key) {
        call();
        return objects.get(key);
    }

    @Override
    public InputStream openStream(String key) {
        call();
        return objects.openStream(key);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        call();
        return objects.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        call();
        return objects.list(prefix);
    }

    @Override
    public void delete(String key) {
        call();
        objects.delete(key);
    }

    @Override
    public int deletePrefix(String prefix) {
        call();
        return objects.deletePrefix(prefix);
    }

    @Override
    public void close() {
    }
}
