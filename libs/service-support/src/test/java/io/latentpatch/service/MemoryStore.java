package io.latentpatch.service;

import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.ObjectStore;
import io.latentpatch.storage.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory store for unit tests of one bean, which can be told to be unreachable for the next n calls. */
final class MemoryStore implements ObjectStore {
    private final Map<String, byte[]> objects = new TreeMap<>();
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
        return "memory";
    }

    @Override
    public synchronized void put(String key, byte[] bytes, String contentType) {
        call();
        objects.put(key, bytes.clone());
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        call();
        return objects.putIfAbsent(key, bytes.clone()) == null;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        try {
            put(key, Files.readAllBytes(file), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, InputStream in, long size, String contentType) {
        try {
            put(key, in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized byte[] get(String key) {
        call();
        byte[] b = objects.get(key);
        if (b == null) throw new ObjectNotFoundException(bucket(), key, null);
        return b.clone();
    }

    @Override
    public InputStream openStream(String key) {
        return new ByteArrayInputStream(get(key));
    }

    @Override
    public synchronized Optional<ObjectInfo> stat(String key) {
        call();
        byte[] b = objects.get(key);
        return b == null ? Optional.empty() : Optional.of(new ObjectInfo(key, b.length, Instant.EPOCH, "etag", "application/octet-stream"));
    }

    @Override
    public synchronized List<ObjectInfo> list(String prefix) {
        call();
        List<ObjectInfo> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.add(new ObjectInfo(k, v.length, Instant.EPOCH, "etag", "application/octet-stream"));
        });
        return out;
    }

    @Override
    public synchronized void delete(String key) {
        call();
        objects.remove(key);
    }

    @Override
    public synchronized int deletePrefix(String prefix) {
        call();
        List<String> gone = objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        gone.forEach(objects::remove);
        return gone.size();
    }

    @Override
    public void close() {
    }
}
