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
    void leastRecentlyUsedEntryGoesFirstWhenTheEntryBoundIsReached() {
        BankCache cache = new BankCache(2, 1000);
        AtomicInteger loads = new AtomicInteger();
        cache.get("a", () -> "A" + loads.incrementAndGet(), v -> 1);
        cache.get("b", () -> "B" + loads.incrementAndGet(), v -> 1);
        cache.get("a", () -> "A" + loads.incrementAndGet(), v -> 1); // a is now the most recent
        cache.get("c", () -> "C" + loads.incrementAndGet(), v -> 1); // evicts b
        assertThat(cache.get("a", () -> "again", v -> 1)).isEqualTo("A1");
        assertThat(cache.get("b", () -> "B-reloaded", v -> 1)).isEqualTo("B-reloaded");
        assertThat(cache.stats()).isEqualTo(new BankCache.Stats(2, 4, 2, 2, 2));
    }

    @Test
    void byteBoundEvictsOldEntriesAndNeverKeepsAValueLargerThanTheBound() {
        BankCache cache = new BankCache(100, 10);
        cache.get(1, () -> "one", v -> 4);
        cache.get(2, () -> "two", v -> 4);
        cache.get(3, () -> "three", v -> 4); // 12 > 10: entry 1 goes
        assertThat(cache.stats().entries()).isEqualTo(2);
        assertThat(cache.stats().bytes()).isEqualTo(8);
        assertThat(cache.get(1, () -> "one again", v -> 4)).isEqualTo("one again");

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
        ExecutorService pool = Executors.newFixedThreadPool(4);
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
            Thread.sleep(50);
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
