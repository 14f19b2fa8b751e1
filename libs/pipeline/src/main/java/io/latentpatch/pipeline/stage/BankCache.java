package io.latentpatch.pipeline.stage;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A bounded, least-recently-used cache of what a sampler loads and derives per job shape: manifests,
 * source latents with their PCA, planned banks. Bounded both by entry count and by an estimate of the
 * bytes held; the least recently used entries go first, and a value heavier than the whole byte bound
 * is returned without being kept. Concurrent requests for one missing key load it once (the others
 * wait for that load); a failed load is not cached.
 *
 * <p>Thread-safe. Keys must be immutable values with {@code equals}/{@code hashCode} (records).
 */
public final class BankCache {
    /** Counters since creation, and the current size. */
    public record Stats(long hits, long misses, long evictions, int entries, long bytes) {}

    private record Entry(Object value, long bytes) {}

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Object, CompletableFuture<Object>> loading = new java.util.HashMap<>();
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    /**
     * @param maxEntries most entries kept, ≥ 1
     * @param maxBytes   most bytes kept (sum of the weigher's estimates), ≥ 1
     */
    public BankCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1) throw new IllegalArgumentException("cache max entries must be >= 1, got " + maxEntries);
        if (maxBytes < 1) throw new IllegalArgumentException("cache max bytes must be >= 1, got " + maxBytes);
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * The value for {@code key}, loading it with {@code loader} on a miss.
     *
     * @param weigher estimated bytes held by a loaded value
     */
    @SuppressWarnings("unchecked")
    public <V> V get(Object key, Supplier<V> loader, ToLongFunction<? super V> weigher) {
        CompletableFuture<Object> pending;
        boolean mine = false;
        synchronized (this) {
            Entry e = entries.get(key);
            if (e != null) {
                hits++;
                return (V) e.value();
            }
            pending = loading.get(key);
            if (pending == null) {
                pending = new CompletableFuture<>();
                loading.put(key, pending);
                misses++;
                mine = true;
            } else {
                hits++;
            }
        }
        if (!mine) return (V) await(pending);
        try {
            V value = loader.get();
            long weight = Math.max(1, weigher.applyAsLong(value));
            synchronized (this) {
                loading.remove(key);
                if (weight <= maxBytes) {
                    entries.put(key, new Entry(value, weight));
                    bytes += weight;
                    evict();
                }
            }
            pending.complete(value);
            return value;
        } catch (RuntimeException | Error t) {
            synchronized (this) {
                loading.remove(key);
            }
            pending.completeExceptionally(t);
            throw t;
        }
    }

    public synchronized Stats stats() {
        return new Stats(hits, misses, evictions, entries.size(), bytes);
    }

    /** Drops every entry (counters are kept). */
    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    private void evict() {
        Iterator<Map.Entry<Object, Entry>> it = entries.entrySet().iterator();
        // The newest entry is last in access order and always fits (weight <= maxBytes), so it survives.
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Entry e = it.next().getValue();
            it.remove();
            bytes -= e.bytes();
            evictions++;
        }
    }

    private static Object await(CompletableFuture<Object> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
