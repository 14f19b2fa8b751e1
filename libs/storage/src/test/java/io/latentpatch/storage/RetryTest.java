package io.latentpatch.storage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    private final List<Duration> sleeps = new ArrayList<>();
    private final Retry retry = new Retry(4, Duration.ofMillis(100), Duration.ofMillis(250), sleeps::add);

    @Test
    void transientFailuresAreRetriedWithDoublingJitteredBackoffUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();

        String result = retry.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new StoreUnavailableException("connection refused", null);
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(80), Duration.ofMillis(120));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
    }

    @Test
    void backoffIsCappedAndAttemptsAreBounded() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new StoreUnavailableException("HTTP 503", null);
        })).isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
            assertThat(e.attempts()).isEqualTo(4);
            assertThat(e).hasMessageContaining("HTTP 503").hasMessageContaining("gave up after 4 attempts");
        });

        assertThat(calls).hasValue(4);
        assertThat(retry.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.backoff(3)).isEqualTo(Duration.ofMillis(250));
        assertThat(retry.backoff(30)).isEqualTo(Duration.ofMillis(250));
        assertThat(sleeps.get(2)).isLessThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new ObjectNotFoundException("b", "k", null);
        })).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> retry.run(() -> {
            calls.incrementAndGet();
            throw new StoreException("AccessDenied", null);
        })).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.attempts()).isEqualTo(1));

        assertThat(calls).hasValue(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void interruptionDuringBackoffStopsRetryingAndKeepsTheInterruptFlag() {
        Retry interrupted = new Retry(5, Duration.ofMillis(10), Duration.ofSeconds(1), d -> {
            throw new InterruptedException("test");
        });
        try {
            assertThatThrownBy(() -> interrupted.run(() -> {
                throw new StoreUnavailableException("timed out", null);
            })).isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("interrupted while waiting to retry");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
