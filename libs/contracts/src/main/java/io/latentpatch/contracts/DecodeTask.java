package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Decode one generated latent to an image: published by the sampler to {@link Topics#DECODE}
 * (key = {@code jobId/imageIndex}) after it wrote the latent and provenance.
 *
 * <p>The decoder reads {@link #latentKey()} and {@link #provenanceNpyKey()}, writes {@link #imageKey()}
 * and the provenance picture to {@link #provenancePngKey()}, then publishes
 * {@link JobEvent.Type#IMAGE_DONE}. The sampler has already written the per-image report at
 * {@link #reportKey()} when it is set.
 *
 * @param schemaVersion    {@link SchemaVersion#CURRENT}
 * @param tenant           the job's owner; every key below is under its prefix
 * @param jobId            the job
 * @param imageIndex       which output image, >= 0
 * @param model            the codec to decode with
 * @param seed             the job seed, recorded in the report
 * @param sourceCount      B, the number of source images the provenance indices refer to (for the hue)
 * @param latentKey        float32 {@code [L, M, M]} latent to decode
 * @param provenanceNpyKey int32 {@code [M, M]} source index per cell
 * @param provenancePngKey where to write the provenance picture
 * @param imageKey         where to write the decoded PNG
 * @param reportKey        the per-image JSON report the sampler wrote; null = none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecodeTask(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String tenant,
        @JsonProperty(required = true) String jobId,
        @JsonProperty(required = true) int imageIndex,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) long seed,
        @JsonProperty(required = true) int sourceCount,
        @JsonProperty(required = true) String latentKey,
        @JsonProperty(required = true) String provenanceNpyKey,
        @JsonProperty(required = true) String provenancePngKey,
        @JsonProperty(required = true) String imageKey,
        String reportKey) implements Message {

    public DecodeTask {
        SchemaVersion.require("DecodeTask", schemaVersion);
        Ids.require("tenant", tenant);
        Ids.require("jobId", jobId);
        Checks.atLeast("imageIndex", imageIndex, 0);
        Ids.require("model", model);
        Checks.atLeast("sourceCount", sourceCount, 1);
        Checks.ownedKey(tenant, "latentKey", latentKey);
        Checks.ownedKey(tenant, "provenanceNpyKey", provenanceNpyKey);
        Checks.ownedKey(tenant, "provenancePngKey", provenancePngKey);
        Checks.ownedKey(tenant, "imageKey", imageKey);
        if (reportKey != null) Checks.ownedKey(tenant, "reportKey", reportKey);
    }

    /** A task for image {@code imageIndex} of {@code task}'s job with the standard job keys (report included). */
    public static DecodeTask of(SampleTask task, int sourceCount) {
        String t = task.tenant();
        String id = task.jobId();
        int i = task.imageIndex();
        return new DecodeTask(SchemaVersion.CURRENT, t, id, i, task.model(), task.seed(), sourceCount,
                ObjectKeys.jobLatent(t, id, i), ObjectKeys.jobProvenanceNpy(t, id, i), ObjectKeys.jobProvenancePng(t, id, i),
                ObjectKeys.jobImage(t, id, i), ObjectKeys.jobReport(t, id, i));
    }

    /** {@code jobId/imageIndex}: spreads a job's images over all partitions. */
    @Override
    public String partitionKey() {
        return Topics.imageKey(jobId, imageIndex);
    }
}
