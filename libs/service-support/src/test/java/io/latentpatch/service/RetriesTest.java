package io.latentpatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.storage.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriesTest {

    /** 4 attempts, 1 ms apart: fast enough for a unit test, still the real SmallRye guard. */
    static RetrySettings quick(int attempts) {
        return new RetrySettings() {
            @Override
            public int maxAttempts() {
                return attempts;
            }

            @Override
            public Duration initialBackoff() {
                return Duration.ofMillis(1);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(4);
            }

            @Override
            public Duration jitter() {
                return Duration.ZERO;
            }
        };
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        String out = Retries.of("test", quick(4)).get(() -> {
            if (calls.incrementAndGet() < 3) throw new StoreUnavailableException("connection refused", null);
            return "done";
        });
        assertThat(out).isEqualTo("done");
        assertThat(calls).hasValue(3);
    }

    @Test
    void theLastTransientFailureIsRethrownWhenAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retries.of("test", quick(4)).run(() -> {
            calls.incrementAndGet();
            throw new StoreUnavailableException("connection refused", null);
        })).isInstanceOf(StoreUnavailableException.class).hasMessage("connection refused");
        assertThat(calls).hasValue(4);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retries.of("test", quick(4)).run(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("patch too large");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("patch too large");
        assertThat(calls).hasValue(1);
    }

    @Test
    void oneAttemptMeansNoRetry() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retries.of("test", quick(1)).run(() -> {
            calls.incrementAndGet();
            throw new StoreUnavailableException("down", null);
        })).isInstanceOf(StoreUnavailableException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> Retries.of("test", quick(0))).hasMessage("retry max-attempts must be >= 1, got 0");
    }
}
