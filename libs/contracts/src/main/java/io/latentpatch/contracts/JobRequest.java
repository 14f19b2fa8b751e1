package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A generation job as accepted by the gateway: published to {@link Topics#ENCODE} (key = job id)
 * and stored at {@link ObjectKeys#jobRequest(String)}.
 *
 * <p>Inline uploads are first stored as a source set, so a job always names one.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT}
 * @param tenant        who owns the job: every key it reads or writes is under {@link ObjectKeys#tenantPrefix(String)}
 * @param jobId         the job's id ({@link Ids})
 * @param sourceSetId   the source set to copy from ({@link ObjectKeys#sourcePrefix(String)})
 * @param model         the codec, e.g. {@code taef2} or {@code pixel-f16}
 * @param count         number of images to generate, 1..{@link #MAX_COUNT}
 * @param seed          the job seed; image i draws from a generator seeded by (seed, i)
 * @param params        method and parameters; {@link GenerationParams#DEFAULTS} when absent
 * @param createdAt     when the gateway accepted the job (UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRequest(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String tenant,
        @JsonProperty(required = true) String jobId,
        @JsonProperty(required = true) String sourceSetId,
        @JsonProperty(required = true) String model,
        @JsonProperty(required = true) int count,
        @JsonProperty(required = true) long seed,
        GenerationParams params,
        @JsonProperty(required = true) Instant createdAt) implements Message {

    /** Most images one job may ask for. */
    public static final int MAX_COUNT = 10_000;

    public JobRequest {
        SchemaVersion.require("JobRequest", schemaVersion);
        Ids.require("tenant", tenant);
        Ids.require("jobId", jobId);
        Ids.require("sourceSetId", sourceSetId);
        Ids.require("model", model);
        Checks.inRange("count", count, 1, MAX_COUNT);
        params = params == null ? GenerationParams.DEFAULTS : params;
        Checks.keysOf(tenant, params);
        Checks.required("createdAt", createdAt);
    }

    /** A request at the current schema version. */
    public static JobRequest of(String tenant, String jobId, String sourceSetId, String model, int count, long seed,
                                GenerationParams params, Instant createdAt) {
        return new JobRequest(SchemaVersion.CURRENT, tenant, jobId, sourceSetId, model, count, seed, params, createdAt);
    }

    /** The job id: all of a job's requests go to one partition. */
    @Override
    public String partitionKey() {
        return jobId;
    }
}
