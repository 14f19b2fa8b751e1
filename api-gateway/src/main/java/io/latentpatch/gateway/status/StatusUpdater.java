package io.latentpatch.gateway.status;

import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.ObjectStore;

/**
 * Folds {@link JobEvent}s (one, or a batch of one job's) into their job's status document with the contract's pure
 * {@link JobStatus#apply(JobEvent)}: read {@code tenants/{t}/jobs/{id}/status.json} (the event names its tenant), apply, write back only when
 * the status changed (a duplicate or late event leaves it untouched). When the status document is
 * missing but the request exists (it was lost, or the gateway died between the two writes), the
 * status starts again from QUEUED. Events of unknown jobs are dropped.
 *
 * <p>Single writer: events are keyed by job id, so one consumer in the gateways' group sees all of a
 * job's events, in order; the read-modify-write needs no lock. The request path only creates the
 * initial QUEUED document before the job is published; every later write is made here.
 */
public final class StatusUpdater {

    /** What an event did. */
    public enum Outcome {
        /** The status changed and was written. */
        APPLIED,
        /** Duplicate, stale, or after a terminal state: nothing written. */
        UNCHANGED,
        /** No such job (neither status nor request stored): dropped. */
        ORPHANED
    }

    /** The outcome and, unless orphaned, the status after the event. */
    public record Result(Outcome outcome, JobStatus status) {
    }

    private final ObjectStore store;

    public StatusUpdater(ObjectStore store) {
        this.store = store;
    }

    /** Folds one event: {@link #applyAll} of one. */
    public Result apply(JobEvent event) {
        return applyAll(java.util.List.of(event));
    }

    /**
     * Folds the events of one job, in order, into its status with one read and at most one write (the
     * coalescing of a poll's batch): the document is written once when any event changed it. Events are
     * applied idempotently (per-image sets), so folding a redelivered batch again writes nothing.
     *
     * @param events one job's events (same tenant and job id), not empty
     */
    public Result applyAll(java.util.List<JobEvent> events) {
        JobEvent first = events.getFirst();
        String tenant = first.tenant();
        String jobId = first.jobId();
        for (JobEvent e : events) {
            if (!e.jobId().equals(jobId) || !e.tenant().equals(tenant)) {
                throw new IllegalArgumentException("events of job " + e.tenant() + "/" + e.jobId() + " mixed with " + tenant + "/" + jobId);
            }
        }
        JobStatus current = read(ObjectKeys.jobStatus(tenant, jobId), JobStatus.class);
        if (current == null) {
            JobRequest request = read(ObjectKeys.jobRequest(tenant, jobId), JobRequest.class);
            if (request == null) {
                return new Result(Outcome.ORPHANED, null);
            }
            current = JobStatus.queued(request);
        }
        JobStatus next = current;
        for (JobEvent e : events) {
            next = next.apply(e);
        }
        if (next.equals(current)) {
            return new Result(Outcome.UNCHANGED, current);
        }
        store.put(ObjectKeys.jobStatus(tenant, jobId), JsonCodec.shared().write(next), "application/json");
        if (next.state().isTerminal()) {
            // The job no longer counts against its tenant's concurrent-jobs limit (the retention sweep heals a miss).
            store.delete(ObjectKeys.activeJob(tenant, jobId));
        }
        return new Result(Outcome.APPLIED, next);
    }

    private <T extends io.latentpatch.contracts.Message> T read(String key, Class<T> type) {
        try {
            return JsonCodec.shared().read(store.get(key), type);
        } catch (ObjectNotFoundException e) {
            return null;
        }
    }
}
