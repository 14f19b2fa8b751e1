package io.latentpatch.contracts;

import io.latentpatch.contracts.JobEvent.Stage;
import io.latentpatch.contracts.JobStatus.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobStatusTest {

    private static final String JOB = "job-1";
    private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");

    private static JobStatus queued(int count) {
        return JobStatus.queued(JobRequest.of("acme", JOB, "set", "taef2", count, 42L, null, T0));
    }

    private static Instant t(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void happyPathWalksEveryStateAndFinishesWhenAllImagesAreDone() {
        JobStatus s = queued(2);
        assertThat(s.state()).isEqualTo(State.QUEUED);
        assertThat(s.done()).isZero();
        assertThat(s.total()).isEqualTo(2);

        s = s.apply(JobEvent.encodingStarted("acme", JOB, "enc-0", t(1)));
        assertThat(s.state()).isEqualTo(State.ENCODING);
        assertThat(s.startedAt()).isEqualTo(t(1));

        s = s.apply(JobEvent.encoded("acme", JOB, Map.of("encode", 900L, "pca", 30L), "enc-0", t(2)));
        assertThat(s.state()).isEqualTo(State.SAMPLING);
        assertThat(s.encodedAt()).isEqualTo(t(2));

        s = s.apply(JobEvent.sampled("acme", JOB, 1, Map.of("sample", 5L), "smp-0", t(3)));
        assertThat(s.state()).isEqualTo(State.DECODING);
        assertThat(s.sampled()).containsExactly(1);

        s = s.apply(JobEvent.imageDone("acme", JOB, 1, Map.of("decode", 200L), "dec-0", t(4)));
        assertThat(s.state()).isEqualTo(State.DECODING);
        assertThat(s.done()).isEqualTo(1);
        assertThat(s.fractionDone()).isEqualTo(0.5);

        s = s.apply(JobEvent.sampled("acme", JOB, 0, Map.of("sample", 7L), "smp-1", t(5)));
        s = s.apply(JobEvent.imageDone("acme", JOB, 0, Map.of("decode", 210L), "dec-1", t(6)));
        assertThat(s.state()).isEqualTo(State.SUCCEEDED);
        assertThat(s.done()).isEqualTo(2);
        assertThat(s.completed()).containsExactly(0, 1);
        assertThat(s.finishedAt()).isEqualTo(t(6));
        assertThat(s.updatedAt()).isEqualTo(t(6));
        assertThat(s.timingsMs()).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("decode", 410L, "encode", 900L, "pca", 30L, "sample", 12L)));
    }

    @Test
    void redeliveredEventsAreCountedOnceAndReturnTheSameInstance() {
        JobEvent done = JobEvent.imageDone("acme", JOB, 2, Map.of("decode", 100L), "dec", t(3));
        JobStatus once = queued(3).apply(done);

        assertThat(once.done()).isEqualTo(1);
        assertThat(once.apply(done)).isSameAs(once);
        // A redelivery from another replica, later, with other timings, is still the same image.
        assertThat(once.apply(JobEvent.imageDone("acme", JOB, 2, Map.of("decode", 999L), "dec-2", t(9)))).isSameAs(once);

        JobStatus encoded = queued(3).apply(JobEvent.encoded("acme", JOB, Map.of("encode", 5L), null, t(1)));
        assertThat(encoded.apply(JobEvent.encoded("acme", JOB, Map.of("encode", 5L), null, t(2)))).isSameAs(encoded);
        assertThat(encoded.timingsMs()).containsEntry("encode", 5L);
    }

    @Test
    void aSampledEventArrivingAfterItsImageIsDoneStillCountsItsTimings() {
        JobStatus s = queued(2)
                .apply(JobEvent.imageDone("acme", JOB, 0, Map.of("decode", 200L), null, t(2)))
                .apply(JobEvent.sampled("acme", JOB, 0, Map.of("sample", 9L), null, t(1)));

        assertThat(s.sampled()).containsExactly(0);
        assertThat(s.completed()).containsExactly(0);
        assertThat(s.timingsMs()).containsEntry("sample", 9L).containsEntry("decode", 200L);
        assertThat(s.updatedAt()).isEqualTo(t(2));
    }

    @Test
    void lateEventsNeverMoveTheStateBackwards() {
        JobStatus s = queued(2)
                .apply(JobEvent.sampled("acme", JOB, 0, null, null, t(3)))
                .apply(JobEvent.encodingStarted("acme", JOB, null, t(1)))
                .apply(JobEvent.encoded("acme", JOB, null, null, t(2)));

        assertThat(s.state()).isEqualTo(State.DECODING);
        assertThat(s.updatedAt()).isEqualTo(t(3));
        assertThat(s.startedAt()).isEqualTo(t(1));
        assertThat(s.encodedAt()).isEqualTo(t(2));
    }

    @Test
    void failedCarriesTheReasonStageAndImageAndIsSticky() {
        JobStatus failed = queued(4)
                .apply(JobEvent.imageDone("acme", JOB, 0, null, null, t(1)))
                .apply(JobEvent.failed("acme", JOB, Stage.DECODE, 3, "decoder.onnx: input latent has 16 channels, expected 32",
                        "dec-0", t(2)));

        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.reason()).contains("expected 32");
        assertThat(failed.failedStage()).isEqualTo(Stage.DECODE);
        assertThat(failed.failedImageIndex()).isEqualTo(3);
        assertThat(failed.finishedAt()).isEqualTo(t(2));
        assertThat(failed.done()).isEqualTo(1);

        assertThat(failed.apply(JobEvent.imageDone("acme", JOB, 1, null, null, t(3)))).isSameAs(failed);
        assertThat(failed.apply(JobEvent.cancelled("acme", JOB, null, null, t(3)))).isSameAs(failed);
        assertThat(failed.apply(JobEvent.failed("acme", JOB, Stage.SAMPLE, null, "other", null, t(3)))).isSameAs(failed);
    }

    @Test
    void succeededAndCancelledAreSticky() {
        JobStatus succeeded = queued(1).apply(JobEvent.imageDone("acme", JOB, 0, null, null, t(1)));
        assertThat(succeeded.state()).isEqualTo(State.SUCCEEDED);
        assertThat(succeeded.apply(JobEvent.failed("acme", JOB, Stage.DECODE, 0, "late", null, t(2)))).isSameAs(succeeded);

        JobStatus cancelled = queued(2).apply(JobEvent.cancelled("acme", JOB, null, "gw", t(1)));
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("cancelled");
        assertThat(cancelled.apply(JobEvent.imageDone("acme", JOB, 0, null, null, t(2)))).isSameAs(cancelled);
        assertThat(cancelled.apply(JobEvent.imageDone("acme", JOB, 1, null, null, t(2)))).isSameAs(cancelled);
    }

    @Test
    void eventsForAnotherJobOrAnImageOutOfRangeAreRejected() {
        JobStatus s = queued(2);

        assertThatThrownBy(() -> s.apply(JobEvent.encodingStarted("acme", "job-2", null, t(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job-2").hasMessageContaining(JOB);
        assertThatThrownBy(() -> s.apply(JobEvent.imageDone("acme", JOB, 2, null, null, t(1))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("image 2 but job job-1 has 2 images (0..1)");
    }

    @Test
    void eventShapesAreValidated() {
        assertThatThrownBy(() -> new JobEvent(2, "acme", JOB, JobEvent.Type.IMAGE_DONE, Stage.DECODE, null, null, null, null, t(0)))
                .hasMessageContaining("IMAGE_DONE events need an imageIndex");
        assertThatThrownBy(() -> new JobEvent(2, "acme", JOB, JobEvent.Type.ENCODED, Stage.ENCODE, 1, null, null, null, t(0)))
                .hasMessageContaining("concern the whole job");
        assertThatThrownBy(() -> JobEvent.failed("acme", JOB, Stage.ENCODE, null, " ", null, t(0)))
                .hasMessageContaining("reason of a FAILED event");
        assertThatThrownBy(() -> JobEvent.encoded("acme", JOB, Map.of("encode", -1L), null, t(0)))
                .hasMessageContaining("timingsMs.encode must be a duration >= 0 ms, got -1");
    }

    @Test
    void documentInvariantsAreCheckedWhenRead() {
        assertThatThrownBy(() -> new JobStatus(SchemaVersion.CURRENT, JOB, State.DECODING, 3, 2, List.of(), List.of(1), null, null, null,
                null, T0, null, null, null, T0)).hasMessageContaining("done is 2 but completed lists 1");
        assertThatThrownBy(() -> new JobStatus(SchemaVersion.CURRENT, JOB, State.SUCCEEDED, 3, 1, List.of(), List.of(1), null, null, null,
                null, T0, null, null, null, T0)).hasMessageContaining("SUCCEEDED with only 1 of 3");
        assertThatThrownBy(() -> new JobStatus(SchemaVersion.CURRENT, JOB, State.DECODING, 3, 0, List.of(2, 1), List.of(), null, null, null,
                null, T0, null, null, null, T0)).hasMessageContaining("ascending, distinct indices in 0..2");
        assertThatThrownBy(() -> new JobStatus(SchemaVersion.CURRENT, JOB, State.FAILED, 3, 0, null, null, null, null, null,
                null, T0, null, null, null, T0)).hasMessageContaining("reason of a FAILED job");
    }

    /**
     * Random event streams (causal order perturbed, duplicates, occasional failure or cancel)
     * applied one by one must agree at every step with a deliberately simple set-based model.
     */
    @Test
    void agreesWithASetBasedReferenceOnRandomStreamsWithDuplicatesAndReordering() {
        Random random = new Random(20231008L);
        for (int trial = 0; trial < 500; trial++) {
            int total = 1 + random.nextInt(6);
            List<JobEvent> stream = randomStream(random, total);
            JobStatus status = queued(total);
            Reference ref = new Reference(total);
            for (JobEvent e : stream) {
                JobStatus next = status.apply(e);
                boolean changed = ref.apply(e);
                assertThat(next == status).as("trial %d: unchanged iff the reference saw nothing new on %s", trial, e)
                        .isEqualTo(!changed);
                status = next;
                assertThat(status.state()).as("trial %d after %s", trial, e).isEqualTo(ref.state());
                assertThat(status.completed()).isEqualTo(new ArrayList<>(ref.done));
                assertThat(status.done()).isEqualTo(ref.done.size());
                assertThat(status.sampled()).isEqualTo(new ArrayList<>(ref.sampled));
                assertThat(status.timingsMs()).isEqualTo(ref.timings);
                assertThat(status.reason()).isEqualTo(ref.reason);
            }
        }
    }

    private static List<JobEvent> randomStream(Random random, int total) {
        List<JobEvent> events = new ArrayList<>();
        int second = 0;
        events.add(JobEvent.encodingStarted("acme", JOB, null, t(second++)));
        events.add(JobEvent.encoded("acme", JOB, Map.of("encode", (long) random.nextInt(1000)), null, t(second++)));
        for (int i = 0; i < total; i++) {
            events.add(JobEvent.sampled("acme", JOB, i, Map.of("sample", (long) random.nextInt(50)), null, t(second++)));
            events.add(JobEvent.imageDone("acme", JOB, i, Map.of("decode", (long) random.nextInt(300)), null, t(second++)));
        }
        for (int d = random.nextInt(4); d > 0; d--) {
            events.add(random.nextInt(events.size() + 1), events.get(random.nextInt(events.size())));
        }
        for (int swaps = random.nextInt(4); swaps > 0; swaps--) {
            int a = random.nextInt(events.size());
            Collections.swap(events, a, Math.min(events.size() - 1, a + 1 + random.nextInt(3)));
        }
        if (random.nextInt(5) == 0) {
            events.add(random.nextInt(events.size() + 1), JobEvent.failed("acme", JOB, Stage.SAMPLE, null, "boom", null, t(second++)));
        } else if (random.nextInt(8) == 0) {
            events.add(random.nextInt(events.size() + 1), JobEvent.cancelled("acme", JOB, "user", null, t(second++)));
        }
        return events;
    }

    /** Straightforward model: remember what was seen, derive the state from the sets. */
    private static final class Reference {
        final int total;
        final TreeSet<Integer> sampled = new TreeSet<>();
        final TreeSet<Integer> done = new TreeSet<>();
        final Set<String> seen = new HashSet<>();
        final Map<String, Long> timings = new HashMap<>();
        State terminal;
        String reason;

        Reference(int total) {
            this.total = total;
        }

        boolean apply(JobEvent e) {
            if (terminal != null) {
                return false;
            }
            switch (e.type()) {
                case FAILED -> {
                    terminal = State.FAILED;
                    reason = e.reason();
                    return true;
                }
                case CANCELLED -> {
                    terminal = State.CANCELLED;
                    reason = e.reason();
                    return true;
                }
                default -> {
                }
            }
            if (!seen.add(e.type() + "/" + e.imageIndex())) {
                return false;
            }
            if (e.type() == JobEvent.Type.SAMPLED) {
                sampled.add(e.imageIndex());
            }
            if (e.type() == JobEvent.Type.IMAGE_DONE) {
                done.add(e.imageIndex());
                if (done.size() == total) {
                    terminal = State.SUCCEEDED;
                }
            }
            e.timingsMs().forEach((k, v) -> timings.merge(k, v, Long::sum));
            return true;
        }

        State state() {
            if (terminal != null) {
                return terminal;
            }
            if (!sampled.isEmpty() || !done.isEmpty()) {
                return State.DECODING;
            }
            if (seen.contains("ENCODED/null")) {
                return State.SAMPLING;
            }
            if (seen.contains("ENCODING_STARTED/null")) {
                return State.ENCODING;
            }
            return State.QUEUED;
        }
    }
}
