package io.latentpatch.gateway.retention;

import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.storage.ObjectInfo;
import io.latentpatch.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One pass of retention over the store (plain class; {@link RetentionSweeper} schedules it):
 * <ul>
 *   <li>a source set whose manifest is older than {@code sourceSets} is deleted with everything under its prefix;</li>
 *   <li>a job accepted longer than {@code jobs} ago is deleted with its files once it has finished (a running job is
 *       kept, and taken by a later pass);</li>
 *   <li>usage entries of days before yesterday (UTC) are deleted, and active-job markers of jobs that finished or no
 *       longer exist (a status writer that died between its two writes) are removed;</li>
 *   <li>a purged job is only its tombstone (the cancelled marker, so that its late tasks are skipped): anything a task
 *       wrote beside it after the purge is deleted, and the tombstone itself once it is older than {@code jobs}.</li>
 * </ul>
 * A zero duration keeps that kind forever. Every delete is idempotent, so passes of several replicas may overlap.
 */
public final class RetentionSweep {

    /** What one pass deleted. */
    public record Outcome(int sourceSets, int jobs, int objects) {
    }

    private record Item(String tenant, String id) {
    }

    private final ObjectStore store;
    private final Duration sourceSets;
    private final Duration jobs;
    private final Clock clock;

    public RetentionSweep(ObjectStore store, Duration sourceSets, Duration jobs, Clock clock) {
        this.store = store;
        this.sourceSets = requireNonNegative("source-sets", sourceSets);
        this.jobs = requireNonNegative("jobs", jobs);
        this.clock = clock;
    }

    /** Sweeps every tenant. */
    public Outcome run() {
        return sweep(store.list(ObjectKeys.TENANTS));
    }

    /** Sweeps one tenant only. */
    public Outcome run(String tenant) {
        return sweep(store.list(ObjectKeys.tenantPrefix(tenant)));
    }

    private Outcome sweep(List<ObjectInfo> objects) {
        Instant now = clock.instant();
        LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        Set<Item> expiredSets = new LinkedHashSet<>();
        Set<Item> oldJobs = new LinkedHashSet<>();
        List<Item> activeMarkers = new ArrayList<>();
        Set<Item> withRequest = new LinkedHashSet<>();
        Set<Item> withFiles = new LinkedHashSet<>(); // jobs with an object besides their cancelled marker
        java.util.Map<Item, ObjectInfo> tombstones = new java.util.LinkedHashMap<>();
        int deleted = 0;
        for (ObjectInfo o : objects) {
            String tenant = ObjectKeys.tenantOf(o.key());
            if (tenant == null) continue;
            String[] p = o.key().substring(ObjectKeys.tenantPrefix(tenant).length()).split("/");
            switch (p[0]) {
                case "sources" -> {
                    if (p.length == 3 && p[2].equals("manifest.json") && older(o, sourceSets, now)) expiredSets.add(new Item(tenant, p[1]));
                }
                case "jobs" -> {
                    if (p.length < 3) continue;
                    Item job = new Item(tenant, p[1]);
                    if (p.length == 3 && p[2].equals("cancelled")) tombstones.put(job, o);
                    else withFiles.add(job);
                    if (p.length == 3 && p[2].equals("request.json")) {
                        withRequest.add(job);
                        if (older(o, jobs, now)) oldJobs.add(job);
                    }
                }
                case "active" -> {
                    if (p.length == 2) activeMarkers.add(new Item(tenant, p[1]));
                }
                case "usage" -> {
                    if (p.length == 3 && before(p[1], yesterday)) {
                        store.delete(o.key());
                        deleted++;
                    }
                }
                default -> { }
            }
        }
        int sets = 0;
        for (Item s : expiredSets) {
            deleted += store.deletePrefix(ObjectKeys.sourcePrefix(s.tenant(), s.id()));
            sets++;
        }
        int jobsDeleted = 0;
        for (Item j : oldJobs) {
            Optional<JobStatus> status = status(j);
            if (status.isPresent() && !status.get().state().isTerminal()) continue;
            deleted += store.deletePrefix(ObjectKeys.jobPrefix(j.tenant(), j.id()));
            store.delete(ObjectKeys.activeJob(j.tenant(), j.id()));
            store.delete(ObjectKeys.jobOwner(j.id()));
            jobsDeleted++;
        }
        for (var t : tombstones.entrySet()) {
            Item j = t.getKey();
            if (withRequest.contains(j)) continue; // a cancelled job, not a purged one
            String tombstone = t.getValue().key();
            // what a task wrote after the purge; the listing above says whether there is any
            if (withFiles.contains(j)) deleted += store.deletePrefix(ObjectKeys.jobPrefix(j.tenant(), j.id()), Set.of(tombstone));
            if (older(t.getValue(), jobs, now)) {
                store.delete(tombstone);
                deleted++;
            }
        }
        for (Item a : activeMarkers) {
            Optional<JobStatus> status = status(a);
            if (status.isEmpty() || status.get().state().isTerminal()) store.delete(ObjectKeys.activeJob(a.tenant(), a.id()));
        }
        return new Outcome(sets, jobsDeleted, deleted);
    }

    private Optional<JobStatus> status(Item job) {
        try {
            return store.find(ObjectKeys.jobStatus(job.tenant(), job.id())).map(b -> JsonCodec.shared().read(b, JobStatus.class));
        } catch (InvalidMessageException e) {
            return Optional.empty(); // unreadable: treated as finished, so an expired job does not stay forever
        }
    }

    private static boolean older(ObjectInfo o, Duration age, Instant now) {
        return !age.isZero() && o.lastModified() != null && o.lastModified().plus(age).isBefore(now);
    }

    private static boolean before(String day, LocalDate limit) {
        try {
            return LocalDate.parse(day).isBefore(limit);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Duration requireNonNegative(String what, Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("latentpatch.gateway.retention." + what + " must not be negative, got " + d);
        return d;
    }
}
