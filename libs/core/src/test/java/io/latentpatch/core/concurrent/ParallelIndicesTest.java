package io.latentpatch.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelIndicesTest {

    @Test
    void everyIndexRunsExactlyOnceWithOneConsumerPerWorker() {
        AtomicIntegerArray runs = new AtomicIntegerArray(101);
        AtomicInteger consumers = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ParallelIndices.run(101, 3, "test-worker", () -> {
            consumers.incrementAndGet();
            return i -> {
                threads.add(Thread.currentThread().getName());
                runs.incrementAndGet(i);
            };
        });
        for (int i = 0; i < 101; i++) assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
        assertThat(consumers.get()).isEqualTo(3);
        assertThat(threads).containsOnly("test-worker");
    }

    @Test
    void aWorkersFailureIsRethrownAsIs() {
        assertThatThrownBy(() -> ParallelIndices.run(10, 2, "t", () -> i -> {
            if (i == 7) throw new IllegalArgumentException("index 7");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("index 7");
        assertThatThrownBy(() -> ParallelIndices.run(4, 2, "t", () -> i -> {
            throw new StackOverflowError("deep");
        })).isInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> ParallelIndices.run(4, 0, "t", () -> i -> {})).isInstanceOf(IllegalArgumentException.class);
    }
}
