package io.latentpatch.gateway.status;

import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.storage.ObjectStore;

/**
 * Folds one {@link JobEvent} into its job's status document with the contract's pure
 * {@link JobStatus#apply(JobEvent)}: read {@code tenants/{t}/jobs/{id}/status.json} (the event names its tenant), apply, write back only when
 * the status changed (a duplicate or late event leaves it untouched). When the status document is
 * missing but the request exists (it was lost, or the gateway died between the two writes), the
 * status starts again from QUEUED. Events of unknown jobs are dropped.
 *
 * <p>Single writer: events are keyed by job id, so one consumer in the gateways' group sees all of a
 * job's events, in order; the read-modify-write needs no lock.
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

    public Result apply(JobEvent event) {
        String tenant = event.tenant();
        String jobId = event.jobId();
        JobStatus current = read(ObjectKeys.jobStatus(tenant, jobId), JobStatus.class);
        if (current == null) {
            JobRequest request = read(ObjectKeys.jobRequest(tenant, jobId), JobRequest.class);
            if (request == null) {
                return new Result(Outcome.ORPHANED, null);
            }
            current = JobStatus.queued(request);
        }
        JobStatus next = current.apply(event);
        if (next == current) {
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
