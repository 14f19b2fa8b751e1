package io.latentpatch.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status document of a job, {@link ObjectKeys#jobStatus(String)}: written only by the gateway,
 * which folds the job's {@link JobEvent}s into it with {@link #apply(JobEvent)}; any gateway
 * replica serves polls from it.
 *
 * <p>Lifecycle: {@code QUEUED → ENCODING → SAMPLING → DECODING → SUCCEEDED | FAILED | CANCELLED}.
 * The state only moves forward (an event that arrives late never moves it back) and the three
 * terminal states are sticky.
 *
 * @param schemaVersion    {@link SchemaVersion#CURRENT}
 * @param jobId            the job
 * @param state            where the job is
 * @param total            images requested
 * @param done             images decoded and stored, = {@code completed.size()}
 * @param sampled          indices of images whose {@code SAMPLED} event was counted (ascending, distinct;
 *                         an image may be completed before its {@code SAMPLED} event arrives)
 * @param completed        indices of images done (ascending, distinct), so a redelivered
 *                         {@code IMAGE_DONE} counts once
 * @param timingsMs        named stage durations in ms, summed over the events counted (e.g. {@code encode},
 *                         {@code sample} = total sampling time over all images)
 * @param reason           why the job failed or was cancelled; null otherwise
 * @param failedStage      the stage that failed (FAILED only)
 * @param failedImageIndex the image it failed on, when the failure was about one image
 * @param createdAt        when the job was accepted
 * @param startedAt        when encoding started; null before
 * @param encodedAt        when encoding finished; null before
 * @param finishedAt       when the job reached a terminal state; null before
 * @param updatedAt        time of the latest event applied
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobStatus(
        @JsonProperty(required = true) int schemaVersion,
        @JsonProperty(required = true) String jobId,
        @JsonProperty(required = true) State state,
        @JsonProperty(required = true) int total,
        @JsonProperty(required = true) int done,
        List<Integer> sampled,
        List<Integer> completed,
        Map<String, Long> timingsMs,
        String reason,
        JobEvent.Stage failedStage,
        Integer failedImageIndex,
        @JsonProperty(required = true) Instant createdAt,
        Instant startedAt,
        Instant encodedAt,
        Instant finishedAt,
        @JsonProperty(required = true) Instant updatedAt) implements Message {

    /** Job states in lifecycle order. */
    public enum State {
        QUEUED, ENCODING, SAMPLING, DECODING, SUCCEEDED, FAILED, CANCELLED;

        /** True for SUCCEEDED, FAILED and CANCELLED: no event changes such a status. */
        public boolean isTerminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    public JobStatus {
        SchemaVersion.require("JobStatus", schemaVersion);
        Ids.require("jobId", jobId);
        Checks.required("state", state);
        Checks.inRange("total", total, 1, JobRequest.MAX_COUNT);
        sampled = indexSet("sampled", sampled, total);
        completed = indexSet("completed", completed, total);
        if (done != completed.size()) {
            throw new InvalidMessageException("done is " + done + " but completed lists " + completed.size() + " images");
        }
        if (state == State.SUCCEEDED && done != total) {
            throw new InvalidMessageException("state SUCCEEDED with only " + done + " of " + total + " images done");
        }
        if (state == State.FAILED) {
            Checks.requiredText("reason of a FAILED job", reason);
        }
        timingsMs = Checks.sortedMillis("timingsMs", timingsMs);
        Checks.required("createdAt", createdAt);
        Checks.required("updatedAt", updatedAt);
    }

    /** The status of a freshly accepted job: QUEUED, nothing done. */
    public static JobStatus queued(JobRequest request) {
        return new JobStatus(SchemaVersion.CURRENT, request.jobId(), State.QUEUED, request.count(), 0, List.of(), List.of(),
                Map.of(), null, null, null, request.createdAt(), null, null, null, request.createdAt());
    }

    /** {@code done / total}, in [0, 1]. */
    public double fractionDone() {
        return (double) done / total;
    }

    /**
     * The status after {@code event}. Pure: returns a new status, or {@code this} (the same
     * instance) when the event changes nothing: a duplicate (same type and image already
     * counted) or any event once the state is terminal. So the caller can skip the write when
     * {@code next == current}.
     *
     * @throws IllegalArgumentException  if the event is for another job (a caller bug)
     * @throws InvalidMessageException   if the event names an image outside {@code 0..total-1}
     */
    public JobStatus apply(JobEvent event) {
        if (!event.jobId().equals(jobId)) {
            throw new IllegalArgumentException("event for job " + event.jobId() + " applied to the status of job " + jobId);
        }
        if (state.isTerminal()) {
            return this;
        }
        Instant at = event.timestamp();
        Instant updated = updatedAt.isAfter(at) ? updatedAt : at;
        switch (event.type()) {
            case ENCODING_STARTED -> {
                if (startedAt != null) {
                    return this;
                }
                return copy(atLeast(State.ENCODING), done, sampled, completed, timingsMs, at, encodedAt, null, updated);
            }
            case ENCODED -> {
                if (encodedAt != null) {
                    return this;
                }
                return copy(atLeast(State.SAMPLING), done, sampled, completed, plus(event.timingsMs()), startedAt, at,
                        null, updated);
            }
            case SAMPLED -> {
                int i = imageIndexOf(event);
                List<Integer> s = with(sampled, i);
                if (s == sampled) {
                    return this;
                }
                return copy(atLeast(State.DECODING), done, s, completed, plus(event.timingsMs()), startedAt, encodedAt,
                        null, updated);
            }
            case IMAGE_DONE -> {
                int i = imageIndexOf(event);
                List<Integer> c = with(completed, i);
                if (c == completed) {
                    return this;
                }
                int d = done + 1;
                boolean finished = d == total;
                return copy(finished ? State.SUCCEEDED : atLeast(State.DECODING), d, sampled, c,
                        plus(event.timingsMs()), startedAt, encodedAt, finished ? at : null, updated);
            }
            case FAILED -> {
                return new JobStatus(schemaVersion, jobId, State.FAILED, total, done, sampled, completed, timingsMs,
                        event.reason(), event.stage(), event.imageIndex(), createdAt, startedAt, encodedAt, at, updated);
            }
            case CANCELLED -> {
                String why = event.reason() == null ? "cancelled" : event.reason();
                return new JobStatus(schemaVersion, jobId, State.CANCELLED, total, done, sampled, completed, timingsMs,
                        why, null, null, createdAt, startedAt, encodedAt, at, updated);
            }
            default -> throw new IllegalStateException("unhandled event type " + event.type());
        }
    }

    private JobStatus copy(State s, int d, List<Integer> smp, List<Integer> cmp, Map<String, Long> t,
                           Instant started, Instant encoded, Instant finished, Instant updated) {
        return new JobStatus(schemaVersion, jobId, s, total, d, smp, cmp, t, reason, failedStage, failedImageIndex,
                createdAt, started, encoded, finished, updated);
    }

    private State atLeast(State s) {
        return state.ordinal() >= s.ordinal() ? state : s;
    }

    private int imageIndexOf(JobEvent event) {
        int i = event.imageIndex();
        if (i >= total) {
            throw new InvalidMessageException(event.type() + " for image " + i + " but job " + jobId + " has " + total
                    + " images (0.." + (total - 1) + ")");
        }
        return i;
    }

    private Map<String, Long> plus(Map<String, Long> more) {
        if (more.isEmpty()) {
            return timingsMs;
        }
        Map<String, Long> sum = new HashMap<>(timingsMs);
        more.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    /** {@code list} with {@code i} inserted in order, or the same list when it already holds {@code i}. */
    private static List<Integer> with(List<Integer> list, int i) {
        int pos = Collections.binarySearch(list, i);
        if (pos >= 0) {
            return list;
        }
        List<Integer> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(-pos - 1, i);
        return copy;
    }

    private static List<Integer> indexSet(String field, List<Integer> list, int total) {
        List<Integer> copy = Checks.copyOrNull(field, list);
        if (copy == null) {
            return List.of();
        }
        int previous = -1;
        for (int i : copy) {
            if (i <= previous || i >= total) {
                throw new InvalidMessageException(field + " must hold ascending, distinct indices in 0.." + (total - 1)
                        + ", got " + copy);
            }
            previous = i;
        }
        return copy;
    }

    /** The job id, so the document's key and the job's event key agree. */
    @Override
    public String partitionKey() {
        return jobId;
    }
}
