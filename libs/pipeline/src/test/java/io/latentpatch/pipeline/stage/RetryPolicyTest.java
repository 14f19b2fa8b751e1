package io.latentpatch.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.storage.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final List<Duration> waits = new ArrayList<>();
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250));

    @Test
    void backoffDoublesUpToTheMaximum() {
        assertThat(List.of(policy.backoff(1), policy.backoff(2), policy.backoff(3), policy.backoff(9)))
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        String out = policy.run(() -> {
            if (calls.incrementAndGet() < 3) throw unavailable();
            return "done";
        }, StageFailures::isTransient, waits::add);
        assertThat(out).isEqualTo("done");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void theLastTransientFailureIsRethrownWhenAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run(() -> {
            calls.incrementAndGet();
            throw unavailable();
        }, StageFailures::isTransient, waits::add)).isInstanceOf(StoreUnavailableException.class);
        assertThat(calls).hasValue(4);
        assertThat(waits).hasSize(3);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("patch too large");
        }, StageFailures::isTransient, waits::add)).hasMessage("patch too large");
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void failuresAreClassifiedThroughTheirCauses() {
        assertThat(StageFailures.isTransient(new RuntimeException("wrapped", unavailable()))).isTrue();
        assertThat(StageFailures.isTransient(new java.util.concurrent.TimeoutException("send"))).isTrue();
        assertThat(StageFailures.isTransient(new StageInputException("corrupt"))).isFalse();
        assertThat(StageFailures.reason(new IllegalArgumentException("0 of 32 sources match"))).isEqualTo("0 of 32 sources match");
        assertThat(StageFailures.reason(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
        assertThat(StageFailures.reason(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(StageFailures.reason(new IllegalArgumentException("x".repeat(5000)))).hasSize(StageFailures.MAX_REASON);
    }

    private static StoreUnavailableException unavailable() {
        return new StoreUnavailableException("connection refused", null);
    }
}
