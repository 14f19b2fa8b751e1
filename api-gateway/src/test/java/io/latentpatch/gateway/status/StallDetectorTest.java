package io.latentpatch.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StallDetectorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final StallDetector DETECTOR = new StallDetector(Duration.ofMinutes(2));
    private static final JobRequest REQUEST = JobRequest.of("acme", "job-1", "set-1", "pixel-f16", 2, 1, GenerationParams.DEFAULTS, T0);

    private static StageHealth healthy(String stage) {
        return new StageHealth(stage, "g-" + stage, 1, 0, true, T0);
    }

    private static StageHealth noMembers(String stage, long lag) {
        return new StageHealth(stage, "g-" + stage, 0, lag, false, T0);
    }

    /** Encoded, image 0 sampled and done, image 1 sampled only: only the decoder has work left. */
    private static JobStatus waitingForDecode() {
        return JobStatus.queued(REQUEST)
                .apply(JobEvent.encodingStarted("acme", "job-1", "w", T0.plusSeconds(1)))
                .apply(JobEvent.encoded("acme", "job-1", Map.of("encode", 300L), "w", T0.plusSeconds(2)))
                .apply(JobEvent.sampled("acme", "job-1", 0, Map.of(), "w", T0.plusSeconds(3)))
                .apply(JobEvent.sampled("acme", "job-1", 1, Map.of(), "w", T0.plusSeconds(3)))
                .apply(JobEvent.imageDone("acme", "job-1", 0, Map.of(), "w", T0.plusSeconds(4)));
    }

    @Test
    void aJobWaitingOnAStageWithoutConsumersIsStalledAtThatStageSinceItsLastProgress() {
        var stalled = DETECTOR.check(waitingForDecode(),
                Map.of("encode", healthy("encode"), "sample", healthy("sample"), "decode", noMembers("decode", 1)),
                T0.plusSeconds(4).plus(Duration.ofMinutes(2)));
        assertThat(stalled).hasValueSatisfying(s -> {
            assertThat(s.stage()).isEqualTo("decode");
            assertThat(s.since()).isEqualTo(T0.plusSeconds(4));
            assertThat(s.reason()).contains("g-decode has no members");
        });
    }

    @Test
    void notStalledBeforeTheProgressHasStoodStillLongEnough() {
        assertThat(DETECTOR.check(waitingForDecode(), Map.of("decode", noMembers("decode", 1)),
                T0.plusSeconds(4).plus(Duration.ofMinutes(2)).minusMillis(1))).isEmpty();
    }

    @Test
    void aStageWithConsumersThatCommitsIsNotBlamedButOneThatCommitsNothingWithRecordsWaitingIs() {
        Instant late = T0.plus(Duration.ofHours(1));
        assertThat(DETECTOR.check(waitingForDecode(), Map.of("decode", new StageHealth("decode", "g", 2, 5, true, late)), late)).isEmpty();
        assertThat(DETECTOR.check(waitingForDecode(), Map.of("decode", new StageHealth("decode", "g", 2, 5, false, late)), late))
                .hasValueSatisfying(s -> assertThat(s.reason()).contains("committed none"));
    }

    @Test
    void aQueuedJobWaitsOnTheEncoderAndAStageThatHasNoWorkLeftIsNeverBlamed() {
        Instant late = T0.plus(Duration.ofHours(1));
        JobStatus queued = JobStatus.queued(REQUEST);
        assertThat(DETECTOR.check(queued, Map.of("encode", noMembers("encode", 1), "decode", noMembers("decode", 0)), late))
                .hasValueSatisfying(s -> assertThat(s.stage()).isEqualTo("encode"));
        assertThat(DETECTOR.check(waitingForDecode(), Map.of("encode", noMembers("encode", 0), "sample", noMembers("sample", 0)), late))
                .as("encode and sample are finished for this job").isEmpty();
    }

    @Test
    void finishedJobsAndStagesMissingFromTheSnapshotAreNeverStalled() {
        Instant late = T0.plus(Duration.ofHours(1));
        JobStatus done = waitingForDecode().apply(JobEvent.imageDone("acme", "job-1", 1, Map.of(), "w", T0.plusSeconds(5)));
        assertThat(done.state().isTerminal()).isTrue();
        assertThat(DETECTOR.check(done, Map.of("decode", noMembers("decode", 1)), late)).isEmpty();
        assertThat(DETECTOR.check(waitingForDecode(), Map.of(), late)).as("no data, no claim").isEmpty();
    }
}
