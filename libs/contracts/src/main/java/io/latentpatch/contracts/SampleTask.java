package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.util.List;

/**
 * Sample a run of output images: published by the encoder to {@link Topics#SAMPLE}, one per run of
 * {@link #images()} consecutive images (key = {@code jobId/imageIndex} of the first), after the source
 * latents and PCA basis are in the store.
 *
 * <p>The sampler reads the keys below and samples images {@code imageIndex .. imageIndex + images - 1}
 * together (one pass over the bank's candidates serves the whole run), each with a generator seeded by
 * ({@link #seed()}, its own index), so an image's bytes do not depend on the run it was sampled in; for
 * each image it writes {@link ObjectKeys#jobLatent} and {@link ObjectKeys#jobProvenanceNpy}, then
 * publishes a {@link DecodeTask}.
 *
 * <p>{@code images} was added without a schema version change: a message without it is one image, as
 * before, and the encoder writes it only for runs of more than one. A sampler older than the field would
 * sample only the first image of a run, so sampler workers are upgraded before encoder workers.
 *
 * @param schemaVersion      {@link SchemaVersion#CURRENT}
 * @param tenant             the job's owner; every key below is under its prefix
 * @param jobId              the job
 * @param imageIndex         the run's first output image, 0..count-1
 * @param count              the job's total image count
 * @param seed               the job seed (not yet mixed with the image index)
 * @param setId              the source set
 * @param model              the codec that made the latents
 * @param sourceLatentsKey   float32 {@code [B, L, M, M]} latents of the whole set
 * @param pcaMeanKey         float32 {@code [L]} PCA mean
 * @param pcaBasisKey        float32 {@code [r, L]} PCA basis
 * @param sourceIndices      the set's image indices the sampler may copy from (ascending, after the
 *                           attribute filter); null = all B images
 * @param params             method and parameters, as requested
 * @param images             images in the run, 1..count-imageIndex; absent (0 in JSON) = 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleTask(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String tenant,
        @JsonProperty(required = true) String jobId,
        @JsonProperty(required = true) int imageIndex,
        @JsonProperty(required = true) int count,
        @JsonProperty(required = true) long seed,
        @JsonProperty(required = true) String setId,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) String sourceLatentsKey,
        @JsonProperty(required = true) String pcaMeanKey,
        @JsonProperty(required = true) String pcaBasisKey,
        List<Integer> sourceIndices,
        GenerationParams params,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = SampleTask.OneImage.class)
        @JsonSetter(nulls = Nulls.AS_EMPTY) int images) implements Message {

    /** Leaves {@code images} out of the JSON when it is 1, so a one-image task is written as before the field existed. */
    static final class OneImage {
        @Override
        public boolean equals(Object value) {
            return value instanceof Integer i && i == 1;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** The most images one task may carry (a run is one lockstep pass: larger runs gain nothing). */
    public static final int MAX_IMAGES = 256;

    public SampleTask {
        SchemaVersion.require("SampleTask", schemaVersion);
        Ids.require("tenant", tenant);
        Ids.require("jobId", jobId);
        Checks.inRange("count", count, 1, JobRequest.MAX_COUNT);
        Checks.inRange("imageIndex", imageIndex, 0, count - 1);
        // Written only for runs of more than one (so a one-image task reads as before the field existed).
        images = images == 0 ? 1 : images;
        Checks.inRange("images", images, 1, Math.min(MAX_IMAGES, count - imageIndex));
        Ids.require("setId", setId);
        Ids.require("model", model);
        Checks.ownedKey(tenant, "sourceLatentsKey", sourceLatentsKey);
        Checks.ownedKey(tenant, "pcaMeanKey", pcaMeanKey);
        Checks.ownedKey(tenant, "pcaBasisKey", pcaBasisKey);
        sourceIndices = Checks.copyOrNull("sourceIndices", sourceIndices);
        if (sourceIndices != null) {
            if (sourceIndices.isEmpty()) {
                throw new InvalidMessageException("sourceIndices is empty; omit it to use every source image");
            }
            int previous = -1;
            for (int i : sourceIndices) {
                if (i <= previous) {
                    throw new InvalidMessageException("sourceIndices must be ascending, distinct and >= 0, got " + sourceIndices);
                }
                previous = i;
            }
        }
        params = params == null ? GenerationParams.DEFAULTS : params;
        Checks.keysOf(tenant, params);
    }

    /** {@link #of(JobRequest, int, int, int, List, String)} for the one image {@code imageIndex}. */
    public static SampleTask of(JobRequest job, int imageIndex, int r, List<Integer> sourceIndices, String pcaSubset) {
        return of(job, imageIndex, 1, r, sourceIndices, pcaSubset);
    }

    /**
     * A task at the current schema version for images {@code imageIndex .. imageIndex + images - 1}, with the
     * keys of {@code setId}'s whole-set latents and the PCA basis for {@code r} dimensions fitted on
     * {@code pcaSubset} (null = the whole set).
     */
    public static SampleTask of(JobRequest job, int imageIndex, int images, int r, List<Integer> sourceIndices, String pcaSubset) {
        return new SampleTask(SchemaVersion.CURRENT, job.tenant(), job.jobId(), imageIndex, job.count(), job.seed(),
                job.sourceSetId(), job.model(),
                ObjectKeys.sourceLatents(job.tenant(), job.sourceSetId(), job.model()),
                ObjectKeys.pcaMean(job.tenant(), job.sourceSetId(), job.model(), r, pcaSubset),
                ObjectKeys.pcaBasis(job.tenant(), job.sourceSetId(), job.model(), r, pcaSubset),
                sourceIndices, job.params(), images);
    }

    /**
     * The tasks of a whole job: runs of {@code imagesPerTask} consecutive images (the last one shorter), in order.
     *
     * @throws IllegalArgumentException when {@code imagesPerTask} is outside 1..{@value #MAX_IMAGES}
     */
    public static List<SampleTask> forJob(JobRequest job, int imagesPerTask, int r, List<Integer> sourceIndices, String pcaSubset) {
        checkImagesPerTask(imagesPerTask);
        List<SampleTask> tasks = new java.util.ArrayList<>((job.count() + imagesPerTask - 1) / imagesPerTask);
        for (int i = 0; i < job.count(); i += imagesPerTask) {
            tasks.add(of(job, i, Math.min(imagesPerTask, job.count() - i), r, sourceIndices, pcaSubset));
        }
        return List.copyOf(tasks);
    }

    /**
     * Returns {@code imagesPerTask} when it is a valid run length for {@link #forJob}.
     *
     * @throws IllegalArgumentException when it is outside 1..{@value #MAX_IMAGES}
     */
    public static int checkImagesPerTask(int imagesPerTask) {
        if (imagesPerTask < 1 || imagesPerTask > MAX_IMAGES) {
            throw new IllegalArgumentException("images per sample task must be in 1.." + MAX_IMAGES + ", got " + imagesPerTask);
        }
        return imagesPerTask;
    }

    /** The run's last image, {@code imageIndex + images - 1}. */
    public int lastImageIndex() {
        return imageIndex + images - 1;
    }

    /** This task narrowed to the one image {@code index} of its run (what a sampler older than runs saw). */
    public SampleTask image(int index) {
        Checks.inRange("index", index, imageIndex, lastImageIndex());
        return new SampleTask(schemaVersion, tenant, jobId, index, count, seed, setId, model, sourceLatentsKey, pcaMeanKey,
                pcaBasisKey, sourceIndices, params, 1);
    }

    /** {@code jobId/imageIndex}: spreads a job's images over all partitions. */
    @Override
    public String partitionKey() {
        return Topics.imageKey(jobId, imageIndex);
    }
}
