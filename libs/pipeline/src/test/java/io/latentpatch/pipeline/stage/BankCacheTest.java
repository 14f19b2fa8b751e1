package io.latentpatch.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BankCacheTest {

    @Test
    void entryBoundKeepsAtMostMaxEntries() {
        BankCache cache = new BankCache(2, 1000);
        AtomicInteger loads = new AtomicInteger();
        for (String key : List.of("a", "b", "c", "d")) cache.get(key, () -> key + loads.incrementAndGet(), v -> 1);
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.stats().evictions()).isEqualTo(2);
        assertThat(cache.stats().misses()).isEqualTo(4);
        assertThat(cache.stats().bytes()).as("actual bytes, not the padded weights").isEqualTo(2);
    }

    @Test
    void aKeptEntryIsAHitAndNotLoadedAgain() {
        BankCache cache = new BankCache(4, 1000);
        assertThat(cache.get("a", () -> "A", v -> 1)).isEqualTo("A");
        assertThat(cache.get("a", () -> "reloaded", v -> 1)).isEqualTo("A");
        assertThat(cache.stats()).isEqualTo(new BankCache.Stats(1, 1, 0, 1, 1));
    }

    @Test
    void byteBoundEvictsEntriesAndNeverKeepsAValueLargerThanTheBound() {
        BankCache cache = new BankCache(100, 10);
        cache.get(1, () -> "one", v -> 4);
        cache.get(2, () -> "two", v -> 4);
        cache.get(3, () -> "three", v -> 4); // 12 > 10: one entry goes
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.stats().bytes()).isEqualTo(8);

        assertThat(cache.get("huge", () -> "H", v -> 11)).isEqualTo("H");
        assertThat(cache.get("huge", () -> "H2", v -> 11)).as("not kept").isEqualTo("H2");
        assertThat(cache.stats().bytes()).isLessThanOrEqualTo(10);
    }

    @Test
    void aFailedLoadIsRethrownAndNotCached() {
        BankCache cache = new BankCache(4, 100);
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IllegalStateException("store down");
        }, v -> 1)).hasMessage("store down");
        assertThat(cache.get("k", () -> "ok", v -> 1)).isEqualTo("ok");
    }

    @Test
    void concurrentRequestsForOneMissingKeyLoadItOnce() throws Exception {
        BankCache cache = new BankCache(4, 100);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, WAITER));
        try {
            List<Future<String>> results = new ArrayList<>();
            results.add(pool.submit(() -> cache.get("plan", () -> {
                loads.incrementAndGet();
                inLoader.countDown();
                await(release);
                return "P";
            }, v -> 1)));
            assertThat(inLoader.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 3; i++) results.add(pool.submit(() -> cache.get("plan", () -> "other" + loads.incrementAndGet(), v -> 1)));
            awaitBlocked(3);
            release.countDown();
            for (Future<String> f : results) assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("P");
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new BankCache(0, 1)).hasMessageContaining("max entries must be >= 1, got 0");
        assertThatThrownBy(() -> new BankCache(1, 0)).hasMessageContaining("max bytes must be >= 1, got 0");
    }

    private static final String WAITER = "bank-cache-test";

    /** Waits until {@code n} pool threads are parked waiting for the one load (not merely started). */
    private static void awaitBlocked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            long blocked = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(WAITER))
                    .filter(t -> t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.WAITING
                            || t.getState() == Thread.State.TIMED_WAITING).count();
            // One of them is the loader itself, parked on the release latch.
            if (blocked >= n + 1) return;
            assertThat(System.nanoTime()).as("%d callers waiting for the load", n).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
