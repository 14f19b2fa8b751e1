package io.latentpatch.storage;

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
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A bucket held in this process's memory: the same contract as {@link MinioObjectStore} (copies in and out, keys
 * sorted, last writer wins, atomic {@link #putIfAbsent}), for work that must not touch the real store, such as a
 * worker's start-up warm-up job. Thread-safe; gone with the process.
 */
public final class MemoryObjectStore implements ObjectStore {
    private record Entry(byte[] bytes, String contentType, Instant stored) {}

    private final String bucket;
    private final Map<String, Entry> objects = new ConcurrentSkipListMap<>();

    public MemoryObjectStore(String bucket) {
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("a memory store needs a bucket name");
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        objects.put(checked(key), new Entry(bytes.clone(), contentType, Instant.now()));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes, String contentType) {
        return objects.putIfAbsent(checked(key), new Entry(bytes.clone(), contentType, Instant.now())) == null;
    }

    @Override
    public void put(String key, Path file, String contentType) {
        try {
            put(key, Files.readAllBytes(file), contentType);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + " for " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, InputStream in, long size, String contentType) {
        try {
            byte[] bytes = size < 0 ? in.readAllBytes() : in.readNBytes(Math.toIntExact(size));
            if (size >= 0 && bytes.length != size) {
                throw new StoreException(key + ": the stream ended after " + bytes.length + " of " + size + " bytes", null);
            }
            put(key, bytes, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] get(String key) {
        Entry e = objects.get(checked(key));
        if (e == null) throw new ObjectNotFoundException(bucket, key, null);
        return e.bytes().clone();
    }

    @Override
    public InputStream openStream(String key) {
        return new ByteArrayInputStream(get(key));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Entry e = objects.get(checked(key));
        return e == null ? Optional.empty() : Optional.of(info(key, e));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        objects.forEach((k, e) -> {
            if (k.startsWith(prefix)) out.add(info(k, e));
        });
        return out;
    }

    @Override
    public void delete(String key) {
        objects.remove(checked(key));
    }

    @Override
    public int deletePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) throw new IllegalArgumentException("deletePrefix needs a prefix");
        int n = 0;
        for (String k : objects.keySet()) {
            if (k.startsWith(prefix) && objects.remove(k) != null) n++;
        }
        return n;
    }

    /** Objects held now. */
    public int size() {
        return objects.size();
    }

    @Override
    public void close() {
        objects.clear();
    }

    private static ObjectInfo info(String key, Entry e) {
        return new ObjectInfo(key, e.bytes().length, e.stored(), Integer.toHexString(java.util.Arrays.hashCode(e.bytes())),
                e.contentType() == null ? "application/octet-stream" : e.contentType());
    }

    private static String checked(String key) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("an object key must not be empty");
        return key;
    }
}
