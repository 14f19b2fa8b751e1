package io.latentpatch.core.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Indices 0..count−1 handed out one at a time to a few worker threads, for work whose results land in slots of their
 * own (so the result does not depend on which thread took which index). Each worker gets its own consumer from
 * {@code worker}, for scratch state it may keep between indices.
 */
public final class ParallelIndices {
    private ParallelIndices() {}

    /**
     * Runs {@code worker.get().accept(i)} for every i in 0..count−1 on {@code workers} daemon threads named
     * {@code threadName}, and returns when all are done. A worker's exception or error is rethrown as is (another
     * checked cause as {@link IllegalStateException}); an interrupt of the caller is a {@link CancellationException}.
     */
    public static void run(int count, int workers, String threadName, Supplier<IntConsumer> worker) {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    IntConsumer body = worker.get();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) body.accept(i);
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(threadName + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(threadName + " thread failed", cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
