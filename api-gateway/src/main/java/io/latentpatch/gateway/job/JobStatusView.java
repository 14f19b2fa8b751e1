package io.latentpatch.gateway.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.gateway.status.StallDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as {@code GET /v1/jobs/{id}} and the SSE stream show it: the stored {@link JobStatus}, the
 * request it runs (model, count, seed, parameters) and links to every finished image.
 *
 * @param id               the job id
 * @param state            QUEUED, ENCODING, SAMPLING, DECODING, SUCCEEDED, FAILED or CANCELLED
 * @param terminal         true for SUCCEEDED, FAILED and CANCELLED
 * @param progress         images done / total
 * @param sourceSetId      the source set
 * @param model            the codec
 * @param count            images requested
 * @param seed             the job seed (recorded even when the gateway drew it)
 * @param params           method and parameters as submitted (unset = engine default)
 * @param timingsMs        work time per stage reported by the workers, summed over images (ms)
 * @param elapsedMs        wall-clock time per phase: {@code queued} (accepted → encoding started),
 *                         {@code encoding} (→ encoded), {@code generating} (encoded → finished), {@code total}
 * @param reason           why the job failed or was cancelled
 * @param failedStage      ENCODE, SAMPLE or DECODE when FAILED
 * @param failedImageIndex the image a failure concerned, if any
 * @param createdAt        accepted
 * @param startedAt        encoding started
 * @param encodedAt        encoding finished
 * @param finishedAt       reached its terminal state
 * @param updatedAt        latest event applied
 * @param stalled          present while the job's progress has not moved for {@code latentpatch.gateway.stall.after}
 *                         and a stage it still needs has no consumers or does not consume ({@code StallMonitor})
 * @param links            URLs of this job and its results
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatusView(String id, JobStatus.State state, boolean terminal, Progress progress, String sourceSetId,
                            String model, int count, long seed, GenerationParams params, Map<String, Long> timingsMs,
                            Map<String, Long> elapsedMs, String reason, String failedStage, Integer failedImageIndex,
                            Instant createdAt, Instant startedAt, Instant encodedAt, Instant finishedAt,
                            Instant updatedAt, StallDetector.Stalled stalled, Links links) {

    /**
     * @param done     images decoded and stored
     * @param sampled  images sampled (their latents exist)
     * @param total    images requested
     * @param fraction done / total
     */
    public record Progress(int done, int sampled, int total, double fraction) {
    }

    /**
     * @param self   this document
     * @param events    the server-sent event stream
     * @param archive   every file of the job as one zip (once the job is finished)
     * @param thumbnail the first finished image, or null while none is
     * @param images    one entry per finished image, ascending index
     */
    public record Links(String self, String events, String archive, String thumbnail, List<ImageLinks> images) {
    }

    /** URLs of one finished image's files. */
    public record ImageLinks(int index, String image, String provenance, String provenanceNpy, String latent,
                             String report) {
    }

    public static JobStatusView of(JobStatus s, JobRequest r) {
        return of(s, r, null);
    }

    /** The view with the stall the gateway sees now (null: not stalled). */
    public static JobStatusView of(JobStatus s, JobRequest r, StallDetector.Stalled stalled) {
        String self = path(s.jobId());
        List<ImageLinks> images = new ArrayList<>(s.completed().size());
        for (int i : s.completed()) {
            images.add(new ImageLinks(i, self + "/images/" + i + ".png", self + "/provenance/" + i + ".png",
                    self + "/provenance/" + i + ".npy", self + "/latents/" + i + ".npy", self + "/reports/" + i + ".json"));
        }
        Map<String, Long> elapsed = new LinkedHashMap<>();
        put(elapsed, "queued", s.createdAt(), s.startedAt());
        put(elapsed, "encoding", s.startedAt(), s.encodedAt());
        put(elapsed, "generating", s.encodedAt(), s.finishedAt());
        put(elapsed, "total", s.createdAt(), s.finishedAt());
        return new JobStatusView(s.jobId(), s.state(), s.state().isTerminal(),
                new Progress(s.done(), s.sampled().size(), s.total(), s.fractionDone()),
                r.sourceSetId(), r.model(), r.count(), r.seed(), r.params(), s.timingsMs(), elapsed, s.reason(),
                s.failedStage() == null ? null : s.failedStage().name(), s.failedImageIndex(), s.createdAt(),
                s.startedAt(), s.encodedAt(), s.finishedAt(), s.updatedAt(), stalled,
                new Links(self, self + "/events", self + "/archive.zip", images.isEmpty() ? null : images.get(0).image(), images));
    }

    /** {@code /v1/jobs/{id}}. */
    public static String path(String jobId) {
        return "/v1/jobs/" + jobId;
    }

    private static void put(Map<String, Long> m, String name, Instant from, Instant to) {
        if (from != null && to != null) {
            m.put(name, Math.max(0, Duration.between(from, to).toMillis()));
        }
    }
}
