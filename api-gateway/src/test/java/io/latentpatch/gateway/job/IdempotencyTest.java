package io.latentpatch.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.gateway.job.Idempotency.Decision;
import io.latentpatch.gateway.job.Idempotency.Record;
import io.latentpatch.gateway.problem.ApiProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Record RECORD = new Record("aa11", "job-1", T0, Idempotency.State.PUBLISHED);
    private static final Record PENDING = new Record("aa11", "job-1", T0, Idempotency.State.PENDING);

    @Test
    void firstUseCreatesSameBodyReplaysOtherBodyConflicts() {
        Instant now = T0.plusSeconds(1);
        assertThat(Idempotency.decide(null, "aa11", now)).isEqualTo(Decision.CREATE);
        assertThat(Idempotency.decide(RECORD, "aa11", now)).isEqualTo(Decision.REPLAY);
        assertThat(Idempotency.decide(RECORD, "bb22", now)).isEqualTo(Decision.CONFLICT);
        assertThat(Idempotency.decide(PENDING, "bb22", now)).isEqualTo(Decision.CONFLICT);
        ApiProblem conflict = Idempotency.conflict(RECORD);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.getMessage()).contains("job-1").contains("different request body");
    }

    @Test
    void aPendingRecordIsInFlightWithinTheGraceAndCompletedAfterIt() {
        assertThat(Idempotency.decide(PENDING, "aa11", T0.plusSeconds(5))).isEqualTo(Decision.IN_FLIGHT);
        assertThat(Idempotency.decide(PENDING, "aa11", T0.plus(Idempotency.PENDING_GRACE))).isEqualTo(Decision.IN_FLIGHT);
        assertThat(Idempotency.decide(PENDING, "aa11", T0.plus(Idempotency.PENDING_GRACE).plusSeconds(1)))
                .isEqualTo(Decision.COMPLETE);
        assertThat(PENDING.published()).isEqualTo(RECORD);
        ApiProblem inFlight = Idempotency.inFlight(PENDING);
        assertThat(inFlight.status()).isEqualTo(409);
        assertThat(inFlight.retryAfterSeconds()).isPositive();
    }

    @Test
    void recordsWithoutAStateReadAsPublished() {
        byte[] old = "{\"bodyHash\":\"aa11\",\"jobId\":\"job-1\",\"createdAt\":\"2026-11-23T10:00:00Z\"}".getBytes();
        assertThat(Record.fromJson(old)).isEqualTo(RECORD);
    }

    @Test
    void recordsRoundTripThroughJson() {
        assertThat(Record.fromJson(PENDING.toJson())).isEqualTo(PENDING);
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
