package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Sample one output image: published by the encoder to {@link Topics#SAMPLE}, one per image
 * (key = {@code jobId/imageIndex}), after the source latents and PCA basis are in the store.
 *
 * <p>The sampler reads the keys below, samples with a generator seeded by ({@link #seed()},
 * {@link #imageIndex()}), writes {@link ObjectKeys#jobLatent} and {@link ObjectKeys#jobProvenanceNpy},
 * then publishes a {@link DecodeTask}.
 *
 * @param schemaVersion      {@link SchemaVersion#CURRENT}
 * @param tenant             the job's owner; every key below is under its prefix
 * @param jobId              the job
 * @param imageIndex         which output image, 0..count-1
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
        GenerationParams params) implements Message {

    public SampleTask {
        SchemaVersion.require("SampleTask", schemaVersion);
        Ids.require("tenant", tenant);
        Ids.require("jobId", jobId);
        Checks.inRange("count", count, 1, JobRequest.MAX_COUNT);
        Checks.inRange("imageIndex", imageIndex, 0, count - 1);
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

    /**
     * A task at the current schema version, with the keys of {@code setId}'s whole-set latents and
     * the PCA basis for {@code r} dimensions fitted on {@code pcaSubset} (null = the whole set).
     */
    public static SampleTask of(JobRequest job, int imageIndex, int r, List<Integer> sourceIndices, String pcaSubset) {
        return new SampleTask(SchemaVersion.CURRENT, job.tenant(), job.jobId(), imageIndex, job.count(), job.seed(),
                job.sourceSetId(), job.model(),
                ObjectKeys.sourceLatents(job.tenant(), job.sourceSetId(), job.model()),
                ObjectKeys.pcaMean(job.tenant(), job.sourceSetId(), job.model(), r, pcaSubset),
                ObjectKeys.pcaBasis(job.tenant(), job.sourceSetId(), job.model(), r, pcaSubset),
                sourceIndices, job.params());
    }

    /** {@code jobId/imageIndex}: spreads a job's images over all partitions. */
    @Override
    public String partitionKey() {
        return Topics.imageKey(jobId, imageIndex);
    }
}
