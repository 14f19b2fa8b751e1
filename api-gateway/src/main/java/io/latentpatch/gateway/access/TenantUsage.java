package io.latentpatch.gateway.access;

import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import java.time.LocalDate;

/**
 * What a tenant uses now, counted from the object store so every gateway replica sees the same numbers: jobs not
 * finished (markers under {@link ObjectKeys#activeJobsPrefix}), images accepted today (entries under
 * {@link ObjectKeys#usageDayPrefix}) and bytes stored under its prefix. One listing each.
 */
public final class TenantUsage {

    private final ObjectStore store;

    public TenantUsage(ObjectStore store) {
        this.store = store;
    }

    /** Jobs of {@code tenant} accepted and not yet finished. */
    public int activeJobs(String tenant) {
        return store.list(ObjectKeys.activeJobsPrefix(tenant)).size();
    }

    /** Images {@code tenant}'s jobs accepted on UTC day {@code day} asked for. */
    public long imagesOn(String tenant, LocalDate day) {
        long sum = 0;
        for (ObjectInfo o : store.list(ObjectKeys.usageDayPrefix(tenant, day))) sum += ObjectKeys.usageCountOf(o.key());
        return sum;
    }

    /** Bytes of every object under {@code tenant}'s prefix. */
    public long storedBytes(String tenant) {
        long sum = 0;
        for (ObjectInfo o : store.list(ObjectKeys.tenantPrefix(tenant))) sum += Math.max(0, o.size());
        return sum;
    }
}
