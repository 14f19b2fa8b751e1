package io.latentpatch.pipeline.stage;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A bounded cache (Caffeine) of what a sampler loads and derives per job shape: source latents with
 * their PCA, planned banks. Bounded by an estimate of the bytes held and by an entry count; entries
 * least likely to be used again go first (Caffeine's W-TinyLFU), and a value heavier than the whole
 * byte bound is not kept. Concurrent requests for one missing key load it once (the others wait for
 * that load); a failed load is not cached.
 *
 * <p>Thread-safe. Keys must be immutable values with {@code equals}/{@code hashCode} (records).
 */
public final class BankCache {
    /** Counters since creation, and the current size. */
    public record Stats(long hits, long misses, long evictions, long entries, long bytes) {}

    /** A cached value with the bytes it holds. */
    private record Weighed(Object value, long bytes) {}

    private final long minWeight;
    private final AsyncCache<Object, Weighed> cache;

    /**
     * @param maxEntries most entries kept, ≥ 1
     * @param maxBytes   most bytes kept (sum of the weigher's estimates), ≥ 1
     */
    public BankCache(int maxEntries, long maxBytes) {
        if (maxEntries < 1) throw new IllegalArgumentException("cache max entries must be >= 1, got " + maxEntries);
        if (maxBytes < 1) throw new IllegalArgumentException("cache max bytes must be >= 1, got " + maxBytes);
        // Caffeine bounds by weight or by size, not both: every entry weighs at least maxBytes / maxEntries, so at most maxEntries fit.
        this.minWeight = Math.max(1, maxBytes / maxEntries);
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Object key, Weighed w) -> (int) Math.min(Integer.MAX_VALUE, Math.max(minWeight, w.bytes())))
                .executor(Runnable::run) // evictions happen in the caller's thread, so sizes are exact when get returns
                .recordStats()
                .buildAsync();
    }

    /**
     * The value for {@code key}, loading it with {@code loader} on a miss.
     *
     * @param weigher estimated bytes held by a loaded value
     */
    @SuppressWarnings("unchecked")
    public <V> V get(Object key, Supplier<V> loader, ToLongFunction<? super V> weigher) {
        // The map only holds a future while the value loads outside any lock, so a loader may itself use the cache.
        CompletableFuture<Weighed> mine = new CompletableFuture<>();
        boolean[] loading = new boolean[1];
        CompletableFuture<Weighed> entry = cache.get(key, (k, executor) -> {
            loading[0] = true;
            return mine;
        });
        if (loading[0]) {
            try {
                V value = loader.get();
                // A value heavier than the whole bound is evicted as soon as it completes: returned, never kept.
                mine.complete(new Weighed(value, Math.max(1, weigher.applyAsLong(value))));
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e); // Caffeine drops a failed future: the next get loads again
                throw e;
            }
        }
        try {
            return (V) entry.join().value();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** The Caffeine cache itself, for metrics binders. */
    public Cache<Object, ?> caffeine() {
        return cache.synchronous();
    }

    public Stats stats() {
        Cache<Object, Weighed> view = cache.synchronous();
        view.cleanUp();
        var s = view.stats();
        long bytes = 0;
        for (Weighed w : view.asMap().values()) bytes += w.bytes();
        return new Stats(s.hitCount(), s.missCount(), s.evictionCount(), view.estimatedSize(), bytes);
    }

    /** Drops every entry (counters are kept). */
    public void clear() {
        cache.synchronous().invalidateAll();
        cache.synchronous().cleanUp();
    }
}
