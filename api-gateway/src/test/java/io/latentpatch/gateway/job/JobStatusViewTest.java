package io.latentpatch.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobStatusViewTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void showsProgressElapsedPhasesAndLinksOfFinishedImagesOnly() {
        JobRequest r = JobRequest.of("acme", "job-1", "set-1", "pixel-f16", 3, 42, GenerationParams.DEFAULTS, T0);
        JobStatus s = JobStatus.queued(r)
                .apply(JobEvent.encodingStarted("acme", "job-1", "w", T0.plusMillis(100)))
                .apply(JobEvent.encoded("acme", "job-1", Map.of("encode", 300L), "w", T0.plusMillis(500)))
                .apply(JobEvent.sampled("acme", "job-1", 0, Map.of("sample", 20L), "w", T0.plusMillis(600)))
                .apply(JobEvent.sampled("acme", "job-1", 2, Map.of("sample", 25L), "w", T0.plusMillis(610)))
                .apply(JobEvent.imageDone("acme", "job-1", 2, Map.of("decode", 5L), "w", T0.plusMillis(700)));
        JobStatusView v = JobStatusView.of(s, r);
        assertThat(v.state()).isEqualTo(JobStatus.State.DECODING);
        assertThat(v.terminal()).isFalse();
        assertThat(v.progress()).isEqualTo(new JobStatusView.Progress(1, 2, 3, 1.0 / 3));
        assertThat(v.seed()).isEqualTo(42);
        assertThat(v.timingsMs()).containsEntry("sample", 45L).containsEntry("encode", 300L);
        assertThat(v.elapsedMs()).containsOnly(java.util.Map.entry("queued", 100L), java.util.Map.entry("encoding", 400L));
        assertThat(v.links().self()).isEqualTo("/v1/jobs/job-1");
        assertThat(v.links().events()).isEqualTo("/v1/jobs/job-1/events");
        assertThat(v.links().images()).singleElement().satisfies(l -> {
            assertThat(l.index()).isEqualTo(2);
            assertThat(l.image()).isEqualTo("/v1/jobs/job-1/images/2.png");
            assertThat(l.latent()).isEqualTo("/v1/jobs/job-1/latents/2.npy");
            assertThat(l.provenanceNpy()).isEqualTo("/v1/jobs/job-1/provenance/2.npy");
        });
    }

    @Test
    void aFailedJobShowsWhyAndWhere() {
        JobRequest r = JobRequest.of("acme", "job-2", "set-1", "pixel-f16", 2, 1, null, T0);
        JobStatus s = JobStatus.queued(r).apply(JobEvent.failed("acme", "job-2", JobEvent.Stage.SAMPLE, 1, "corrupt latents.npy",
                "w", T0.plusSeconds(2)));
        JobStatusView v = JobStatusView.of(s, r);
        assertThat(v.terminal()).isTrue();
        assertThat(v.reason()).isEqualTo("corrupt latents.npy");
        assertThat(v.failedStage()).isEqualTo("SAMPLE");
        assertThat(v.failedImageIndex()).isEqualTo(1);
        assertThat(v.elapsedMs()).containsEntry("total", 2000L);
    }
}
