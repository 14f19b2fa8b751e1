package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * Progress or outcome of a job, published by any stage to {@link Topics#EVENTS} (key = job id) and
 * folded into the job's {@link JobStatus} by the gateway with {@link JobStatus#apply(JobEvent)}.
 *
 * <p>Delivery is at least once: an event may arrive twice; {@code apply} counts it once.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT}
 * @param tenant        the job's owner (its status document is under {@link ObjectKeys#jobsPrefix(String)})
 * @param jobId         the job
 * @param type          what happened
 * @param stage         who reports it
 * @param imageIndex    the image it concerns: required for {@code SAMPLED} and {@code IMAGE_DONE},
 *                      optional for {@code FAILED}, else null
 * @param timingsMs     named durations in milliseconds spent on this step (e.g. {@code encode},
 *                      {@code pca}, {@code sample}, {@code decode}); empty when none
 * @param reason        why: required for {@code FAILED}, optional for {@code CANCELLED}
 * @param worker        which replica reported it (host name or pod), optional, for operators
 * @param timestamp     when it happened (UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobEvent(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String tenant,
        @JsonProperty(required = true) String jobId,
        @JsonProperty(required = true) Type type,
        @JsonProperty(required = true) Stage stage,
        Integer imageIndex,
        Map<String, Long> timingsMs,
        String reason,
        String worker,
        @JsonProperty(required = true) Instant timestamp) implements Message {

    /** What happened. */
    public enum Type {
        /** The encoder picked up the job. */
        ENCODING_STARTED,
        /**
         * Source latents and PCA basis are stored. The encoder publishes this (and waits for the
         * acknowledgement) before the sample tasks, so it precedes every {@code SAMPLED}.
         */
        ENCODED,
        /** Image {@code imageIndex} was sampled; its decode task is published. */
        SAMPLED,
        /** Image {@code imageIndex} is decoded and stored. */
        IMAGE_DONE,
        /** The job cannot complete; {@code reason} says why. */
        FAILED,
        /** A user cancelled the job. */
        CANCELLED
    }

    /** The service that reports an event. */
    public enum Stage {
        GATEWAY, ENCODE, SAMPLE, DECODE
    }

    public JobEvent {
        SchemaVersion.require("JobEvent", schemaVersion);
        Ids.require("tenant", tenant);
        Ids.require("jobId", jobId);
        Checks.required("type", type);
        Checks.required("stage", stage);
        Checks.atLeast("imageIndex", imageIndex, 0);
        boolean perImage = type == Type.SAMPLED || type == Type.IMAGE_DONE;
        if (perImage && imageIndex == null) {
            throw new InvalidMessageException(type + " events need an imageIndex");
        }
        if (imageIndex != null && !perImage && type != Type.FAILED) {
            throw new InvalidMessageException(type + " events concern the whole job; got imageIndex " + imageIndex);
        }
        if (type == Type.FAILED) {
            Checks.requiredText("reason of a FAILED event", reason);
        }
        timingsMs = Checks.sortedMillis("timingsMs", timingsMs);
        Checks.required("timestamp", timestamp);
    }

    /** The encoder picked up {@code tenant}'s job {@code jobId}. */
    public static JobEvent encodingStarted(String tenant, String jobId, String worker, Instant at) {
        return new JobEvent(SchemaVersion.CURRENT, tenant, jobId, Type.ENCODING_STARTED, Stage.ENCODE, null, null, null, worker, at);
    }

    /** The encoder stored the latents and basis and published the sample tasks. */
    public static JobEvent encoded(String tenant, String jobId, Map<String, Long> timingsMs, String worker, Instant at) {
        return new JobEvent(SchemaVersion.CURRENT, tenant, jobId, Type.ENCODED, Stage.ENCODE, null, timingsMs, null, worker, at);
    }

    /** The sampler stored image {@code imageIndex}'s latent and published its decode task. */
    public static JobEvent sampled(String tenant, String jobId, int imageIndex, Map<String, Long> timingsMs, String worker, Instant at) {
        return new JobEvent(SchemaVersion.CURRENT, tenant, jobId, Type.SAMPLED, Stage.SAMPLE, imageIndex, timingsMs, null, worker, at);
    }

    /** The decoder stored image {@code imageIndex}. */
    public static JobEvent imageDone(String tenant, String jobId, int imageIndex, Map<String, Long> timingsMs, String worker, Instant at) {
        return new JobEvent(SchemaVersion.CURRENT, tenant, jobId, Type.IMAGE_DONE, Stage.DECODE, imageIndex, timingsMs, null, worker, at);
    }

    /** {@code stage} gave up on the job (on image {@code imageIndex}, or null for the whole job). */
    public static JobEvent failed(String tenant, String jobId, Stage stage, Integer imageIndex, String reason, String worker, Instant at) {
        return new JobEvent(SchemaVersion.CURRENT, tenant, jobId, Type.FAILED, stage, imageIndex, null, reason, worker, at);
    }

    /** A user cancelled the job through the gateway. */
    public static JobEvent cancelled(String tenant, String jobId, String reason, String worker, Instant at) {
        return new JobEvent(SchemaVersion.CURRENT, tenant, jobId, Type.CANCELLED, Stage.GATEWAY, null, null, reason, worker, at);
    }

    /** The job id: a job's events stay in order on one partition. */
    @Override
    public String partitionKey() {
        return jobId;
    }
}
