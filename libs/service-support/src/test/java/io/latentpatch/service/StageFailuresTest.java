package io.latentpatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.storage.StoreUnavailableException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StageFailuresTest {

    @Test
    void failuresAreClassifiedThroughTheirCauses() {
        StoreUnavailableException down = new StoreUnavailableException("connection refused", null);
        assertThat(StageFailures.isTransient(new RuntimeException("wrapped", down))).isTrue();
        assertThat(StageFailures.isTransient(new TimeoutException("send"))).isTrue();
        assertThat(StageFailures.isTransient(new IllegalStateException("corrupt"))).isFalse();
        assertThat(KafkaRecords.isTransient(new RuntimeException(new org.apache.kafka.common.errors.NotLeaderOrFollowerException("moved"))))
                .isTrue();
        assertThat(KafkaRecords.isTransient(new io.smallrye.mutiny.TimeoutException())).isTrue();
        assertThat(KafkaRecords.isTransient(new IllegalArgumentException("bad plan"))).isFalse();
    }

    @Test
    void theReasonIsTheProjectsOwnMessageOrTheTypeForAnythingUnexpected() {
        assertThat(StageFailures.reason(new IllegalArgumentException("0 of 32 sources match"))).isEqualTo("0 of 32 sources match");
        assertThat(StageFailures.reason(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
        assertThat(StageFailures.reason(new NullPointerException())).isEqualTo("NullPointerException");
        assertThat(StageFailures.reason(new IllegalArgumentException("x".repeat(5000)))).hasSize(StageFailures.MAX_REASON);
    }
}
