package io.latentpatch.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.gateway.job.Idempotency.Decision;
import io.latentpatch.gateway.job.Idempotency.Record;
import io.latentpatch.gateway.problem.ApiProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private static final Record RECORD = new Record("aa11", "job-1", Instant.parse("2026-11-23T10:00:00Z"));

    @Test
    void firstUseCreatesSameBodyReplaysOtherBodyConflicts() {
        assertThat(Idempotency.decide(null, "aa11")).isEqualTo(Decision.CREATE);
        assertThat(Idempotency.decide(RECORD, "aa11")).isEqualTo(Decision.REPLAY);
        assertThat(Idempotency.decide(RECORD, "bb22")).isEqualTo(Decision.CONFLICT);
        ApiProblem conflict = Idempotency.conflict(RECORD);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.getMessage()).contains("job-1").contains("different request body");
    }

    @Test
    void recordsRoundTripThroughJson() {
        assertThat(Record.fromJson(RECORD.toJson())).isEqualTo(RECORD);
        assertThat(new String(RECORD.toJson())).contains("\"createdAt\":\"2026-11-23T10:00:00Z\"");
    }

    @Test
    void keysAreVisibleAsciiUpTo255Characters() {
        assertThat(Idempotency.checkKey(null)).isNull();
        assertThat(Idempotency.checkKey("3f2c-XY_z.1:~")).isEqualTo("3f2c-XY_z.1:~");
        assertThat(Idempotency.checkKey("k".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> Idempotency.checkKey("")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> Idempotency.checkKey("k".repeat(256))).hasMessageContaining("got 256");
        assertThatThrownBy(() -> Idempotency.checkKey("two words")).hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> Idempotency.checkKey("clé")).hasMessageContaining("visible ASCII");
    }
}
