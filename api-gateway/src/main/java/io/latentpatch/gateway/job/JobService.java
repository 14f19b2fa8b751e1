package io.latentpatch.gateway.job;

import io.latentpatch.contracts.Ids;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JobStatus;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.GatewayConfig;
import io.latentpatch.gateway.GatewayMetrics;
import io.latentpatch.gateway.problem.ApiProblem;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.gateway.problem.ProblemType;
import io.latentpatch.gateway.sourceset.SourceSetService;
import io.latentpatch.gateway.sourceset.SourceSetUpload;
import io.latentpatch.planning.ContractMapping;
import io.latentpatch.contracts.ModelInfo;
import io.latentpatch.service.JobLogScope;
import io.latentpatch.service.ModelRegistry;
import io.latentpatch.storage.ObjectNotFoundException;
import io.latentpatch.gateway.Paging;
import io.latentpatch.gateway.RequestPathStore;
import io.latentpatch.gateway.status.StallMonitor;
import io.latentpatch.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import io.latentpatch.storage.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import io.latentpatch.gateway.access.Access;
import io.latentpatch.gateway.access.TenantLimits;
import io.latentpatch.gateway.access.TenantUsage;
import org.jboss.logging.Logger;

/**
 * Job submission, status, cancellation and results, over the object store and the broker.
 *
 * <p>Accepting a job: parse → (Idempotency-Key: claim the key with a conditional PENDING record) →
 * validate against model and source set → store inline images as a new source set → write
 * {@code request.json} and the initial {@code status.json} (QUEUED, conditional create) → publish the
 * {@link JobRequest} and wait for the broker → mark the key PUBLISHED. Nothing is published for a job
 * that fails validation; a job whose request cannot be published gets a FAILED event and a 503. After
 * its creation the status document is written only by the events consumer ({@code JobStatusWriter}).
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final int LOCK_STRIPES = 64;
    private static final int REQUEST_CACHE = 1024;

    /** A job as submitted: its current status, its request, and whether an earlier submission created it. */
    public record Submitted(JobStatus status, JobRequest request, boolean replayed) {
    }

    /** The files a finished image has, with their keys and media types. */
    public enum Artifact {
        IMAGE("image/png"), PROVENANCE_PNG("image/png"), PROVENANCE_NPY("application/octet-stream"),
        LATENT("application/octet-stream"), REPORT("application/json");

        private final String mediaType;

        Artifact(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        String key(String tenant, String jobId, int i) {
            return switch (this) {
                case IMAGE -> ObjectKeys.jobImage(tenant, jobId, i);
                case PROVENANCE_PNG -> ObjectKeys.jobProvenancePng(tenant, jobId, i);
                case PROVENANCE_NPY -> ObjectKeys.jobProvenanceNpy(tenant, jobId, i);
                case LATENT -> ObjectKeys.jobLatent(tenant, jobId, i);
                case REPORT -> ObjectKeys.jobReport(tenant, jobId, i);
            };
        }

        String describe(int i) {
            return switch (this) {
                case IMAGE -> "image " + i;
                case PROVENANCE_PNG -> "the provenance picture of image " + i;
                case PROVENANCE_NPY -> "the provenance map of image " + i;
                case LATENT -> "the latent of image " + i;
                case REPORT -> "the report of image " + i;
            };
        }
    }

    private final ObjectStore store;
    private final ModelRegistry models;
    private final SourceSetService sets;
    private final JobPublisher publisher;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final StallMonitor stalls;
    private final JobSubmissionParser parser;
    private final Access access;
    private final TenantUsage usage;
    private final ReentrantLock[] tenantLocks = new ReentrantLock[LOCK_STRIPES];
    private final SecureRandom seeds = new SecureRandom();
    private final ReentrantLock[] keyLocks = new ReentrantLock[LOCK_STRIPES];
    private final PurgeSettler settler;
    private final Map<String, JobRequest> requests = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JobRequest> eldest) {
                    return size() > REQUEST_CACHE;
                }
            });

    public JobService(@RequestPathStore.RequestPath ObjectStore store, ModelRegistry models, SourceSetService sets, JobPublisher publisher,
                      GatewayMetrics metrics, GatewayConfig config, StallMonitor stalls, Access access, PurgeSettler settler) {
        this.access = access;
        this.settler = settler;
        this.usage = new TenantUsage(store);
        this.stalls = stalls;
        this.store = store;
        this.models = models;
        this.sets = sets;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.parser = new JobSubmissionParser(config.jobs().defaultModel());
        for (int i = 0; i < LOCK_STRIPES; i++) {
            keyLocks[i] = new ReentrantLock();
            tenantLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Accepts a job of {@code tenant} from a request body.
     *
     * @param body           the JSON body
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     */
    public Submitted submit(String tenant, byte[] body, String idempotencyKey) {
        String key = Idempotency.checkKey(idempotencyKey);
        JobSubmission submission = parser.parse(body);
        if (key == null) {
            return create(tenant, submission, Ids.newId());
        }
        // One replica serialises requests with the same key (a second one waits and replays); across
        // replicas the conditional create of the PENDING record lets exactly one request claim the key.
        ReentrantLock lock = keyLocks[Math.floorMod((tenant + "/" + key).hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            String recordKey = ObjectKeys.idempotencyRecord(tenant, key);
            Idempotency.Record existing = readRecord(recordKey);
            if (existing == null) {
                Idempotency.Record claim = new Idempotency.Record(submission.bodyHash(), Ids.newId(), Instant.now(),
                        Idempotency.State.PENDING);
                boolean won = store.putIfAbsent(recordKey, claim.toJson(), "application/json");
                existing = won ? claim : readRecord(recordKey);
                if (claim.equals(existing)) {
                    // Ours (a retried conditional create that had written answers "taken" and reads back our claim).
                    return createClaimed(tenant, submission, recordKey, claim);
                }
                if (existing == null) {
                    // Claimed by another request that has failed and released the key since: let the client resend.
                    throw Idempotency.inFlight(claim);
                }
            }
            switch (Idempotency.decide(existing, submission.bodyHash(), Instant.now())) {
                case REPLAY -> {
                    metrics.jobReplayed();
                    return new Submitted(status(tenant, existing.jobId()), request(tenant, existing.jobId()), true);
                }
                case CONFLICT -> throw Idempotency.conflict(existing);
                case IN_FLIGHT -> throw Idempotency.inFlight(existing);
                default -> {
                    return complete(tenant, submission, recordKey, existing);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Creates the job a PENDING record claimed and marks it PUBLISHED; releases the key when nothing was queued. */
    private Submitted createClaimed(String tenant, JobSubmission submission, String recordKey, Idempotency.Record claim) {
        Submitted created;
        try {
            created = create(tenant, submission, claim.jobId());
        } catch (RuntimeException e) {
            // Refused (validation, limits) or not queued (503): the key is free again for a corrected or retried request.
            store.delete(recordKey);
            throw e;
        }
        store.put(recordKey, claim.published().toJson(), "application/json");
        return created;
    }

    /**
     * Completes the job of a PENDING record whose creator died (older than the grace): publishes the
     * stored request again (same job id, same seed) when it was stored, else creates the job under the
     * recorded id; then marks the record PUBLISHED. A job that was already published is published a
     * second time, which the pipeline absorbs (requests and events are applied at least once).
     */
    private Submitted complete(String tenant, JobSubmission submission, String recordKey, Idempotency.Record pending) {
        LOG.infof("completing job %s of %s left PENDING since %s", pending.jobId(), tenant, pending.createdAt());
        Optional<JobRequest> stored = store.find(ObjectKeys.jobRequest(tenant, pending.jobId()))
                .map(b -> JsonCodec.shared().read(b, JobRequest.class));
        if (stored.isEmpty()) {
            return createClaimed(tenant, submission, recordKey, pending);
        }
        Submitted done = publishStored(tenant, stored.get(), true);
        store.put(recordKey, pending.published().toJson(), "application/json");
        return done;
    }

    private Submitted create(String tenant, JobSubmission s, String jobId) {
        TenantLimits limits = access.limits(tenant);
        JobValidator validator = new JobValidator(limits.imagesPerJob());
        List<FieldError> errors = new ArrayList<>(validator.checkCount(s.count()));
        ModelInfo model = model(s.model(), errors);
        SourceSetManifest set;
        SourceSetUpload.Accepted inline = null;
        if (s.hasInlineImages()) {
            if (s.images().size() > config.jobs().maxInlineImages()) {
                throw new ApiProblem(ProblemType.UPLOAD_LIMIT, 413, s.images().size() + " inline images is more than the"
                        + " limit of " + config.jobs().maxInlineImages() + "; upload larger sets with POST /v1/source-sets",
                        List.of(new FieldError("/images", "too many inline images")));
            }
            SourceSetUpload upload = sets.validator();
            String labels = s.labels() == null ? null
                    : upload.labelsText(s.labels().getBytes(StandardCharsets.UTF_8), "/labels");
            inline = upload.validate(s.images(), labels, "/images");
            set = sets.manifestFor(inline, Ids.newId());
        } else {
            set = sets.find(tenant, s.sourceSetId()).orElse(null);
            if (set == null) {
                errors.add(new FieldError("/sourceSetId", "no source set '" + s.sourceSetId() + "'; upload one with POST"
                        + " /v1/source-sets or send the images inline"));
            }
        }
        if (model != null && set != null) {
            // A mask is read only from the caller's own set: any other key reads as "no such mask".
            String masks = ObjectKeys.sourcePrefix(tenant, set.setId()) + "masks/";
            errors.addAll(validator.checkParams(s.params(), model, set, p -> ContractMapping.regionFor(p,
                    k -> k.startsWith(masks) && ObjectKeys.isSafeKey(k) ? store.find(k) : Optional.empty())));
            String reference = s.params().referenceImage();
            if (reference != null && !(reference.startsWith(ObjectKeys.sourceReferencesPrefix(tenant, set.setId()))
                    && ObjectKeys.isSafeKey(reference) && store.exists(reference))) {
                errors.add(new FieldError("/params/referenceImage", "no reference image '" + reference + "' uploaded for source set "
                        + set.setId() + "; upload it with POST /v1/source-sets/" + set.setId() + "/references and use the key it returns"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        // One replica admits one job of a tenant at a time, so its counts cannot be overtaken by its own requests.
        ReentrantLock lock = tenantLocks[Math.floorMod(tenant.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            checkLimits(tenant, limits, s.count(), inline == null ? 0 : inline.totalBytes());
            if (inline != null) {
                sets.store(tenant, inline, set);
            }
            return accept(tenant, s, set, jobId);
        } finally {
            lock.unlock();
        }
    }

    /** 429 when the tenant runs its most jobs or used its images of the day; 403 when its store is full. */
    private void checkLimits(String tenant, TenantLimits limits, int count, long newBytes) {
        int active = usage.activeJobs(tenant);
        if (active >= limits.concurrentJobs()) {
            throw ApiProblem.retryLater(ProblemType.CONCURRENT_JOBS, "tenant " + tenant + " already has " + active
                    + " jobs queued or running, its limit; submit again when one has finished", 10);
        }
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long todays = usage.imagesOn(tenant, today);
        if (todays + count > limits.imagesPerDay()) {
            long untilMidnight = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds() + 1;
            throw ApiProblem.retryLater(ProblemType.DAILY_IMAGES, "tenant " + tenant + " asked for " + todays + " of its "
                    + limits.imagesPerDay() + " images today (UTC); " + count + " more would exceed it; the allowance renews at"
                    + " midnight UTC", untilMidnight);
        }
        checkStorage(tenant, limits, newBytes);
    }

    /** 403 storage-quota-exceeded when {@code tenant}'s stored bytes plus {@code newBytes} pass its quota. */
    public void checkStorage(String tenant, TenantLimits limits, long newBytes) {
        long stored = usage.storedBytes(tenant);
        if (stored + newBytes > limits.storedBytes()) {
            throw new ApiProblem(ProblemType.STORAGE_QUOTA, "tenant " + tenant + " stores " + stored + " bytes of its quota of "
                    + limits.storedBytes() + (newBytes > 0 ? " and this request adds " + newBytes : "")
                    + "; delete source sets (DELETE /v1/source-sets/{id}) or finished jobs (DELETE /v1/jobs/{id}?purge=true)");
        }
    }

    private Submitted accept(String tenant, JobSubmission s, SourceSetManifest set, String jobId) {
        try (JobLogScope log = JobLogScope.of(jobId)) {
            long seed = s.seed() != null ? s.seed() : seeds.nextLong() & Long.MAX_VALUE;
            JobRequest request = JobRequest.of(tenant, jobId, set.setId(), s.model(), s.count(), seed, s.params(), Instant.now());
            // Conditional: two completions of one abandoned Idempotency-Key agree on the first stored request (and seed).
            if (!store.putIfAbsent(ObjectKeys.jobRequest(tenant, jobId), JsonCodec.shared().write(request), "application/json")) {
                request = JsonCodec.shared().read(store.get(ObjectKeys.jobRequest(tenant, jobId)), JobRequest.class);
            }
            Submitted accepted = publishStored(tenant, request, false);
            LOG.infof("job %s of %s accepted: %d images from set %s with %s, seed %d", jobId, tenant, request.count(),
                    request.sourceSetId(), request.model(), request.seed());
            return accepted;
        }
    }

    /**
     * Writes the job's bookkeeping and its initial QUEUED status, then publishes its stored request.
     *
     * <p>The events consumer ({@code JobStatusWriter}) is the one writer of {@code status.json}; the
     * request path only creates the initial document, conditionally (never replacing one) and before
     * the request is published, so no event of the job can exist yet to be overwritten. When the broker
     * does not take the request, the FAILED status is published as an event for the consumer to apply.
     */
    private Submitted publishStored(String tenant, JobRequest request, boolean replayed) {
        String jobId = request.jobId();
        JobStatus queued = JobStatus.queued(request);
        store.putIfAbsent(ObjectKeys.jobStatus(tenant, jobId), JsonCodec.shared().write(queued), "application/json");
        store.put(ObjectKeys.activeJob(tenant, jobId), new byte[0], "application/octet-stream");
        store.put(ObjectKeys.jobOwner(jobId), tenant.getBytes(StandardCharsets.UTF_8), "text/plain");
        store.put(ObjectKeys.usageEntry(tenant, LocalDate.ofInstant(request.createdAt(), ZoneOffset.UTC), jobId, request.count()),
                new byte[0], "application/octet-stream");
        try {
            publisher.publish(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not publish job %s", jobId);
            failUnqueued(tenant, jobId);
            throw new ApiProblem(ProblemType.BROKER_UNAVAILABLE, "job " + jobId + " could not be queued: the message"
                    + " broker did not accept it; retry in a few seconds");
        }
        requests.put(cacheKey(tenant, jobId), request);
        stalls.track(queued);
        if (!replayed) metrics.jobAccepted();
        return new Submitted(replayed ? status(tenant, jobId) : queued, request, replayed);
    }

    /**
     * Reports a job whose request the broker refused: a FAILED event for the status writer, and the job
     * no longer counts as active. When the broker refuses the event too, the status stays QUEUED (the
     * stall monitor flags it) rather than being written from here.
     */
    private void failUnqueued(String tenant, String jobId) {
        store.delete(ObjectKeys.activeJob(tenant, jobId));
        try {
            publisher.publish(JobEvent.failed(tenant, jobId, JobEvent.Stage.GATEWAY, null,
                    "the job could not be queued: the message broker did not accept it", null, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warnf("the FAILED event of unqueued job %s was not accepted either (%s); its status stays QUEUED", jobId,
                    e.getMessage());
        }
    }

    private ModelInfo model(String name, List<FieldError> errors) {
        Optional<ModelInfo> info = models.find(name);
        if (info.isEmpty()) {
            List<String> known = models.available();
            errors.add(new FieldError("/model", "unknown model '" + name + "'; available: "
                    + (known.isEmpty() ? "none yet (no worker has published a model; is an encoder running?)" : String.join(", ", known))));
            return null;
        }
        return info.get();
    }

    /** The stored status of {@code tenant}'s job {@code jobId}; 404 problem when it has no such job. */
    public JobStatus status(String tenant, String jobId) {
        if (!Ids.isValid(jobId)) {
            throw unknownJob(jobId);
        }
        try {
            return JsonCodec.shared().read(store.get(ObjectKeys.jobStatus(tenant, jobId)), JobStatus.class);
        } catch (ObjectNotFoundException e) {
            throw unknownJob(jobId);
        }
    }

    /** The accepted request of {@code jobId} (immutable, so cached); 404 problem when there is no such job. */
    public JobRequest request(String tenant, String jobId) {
        JobRequest cached = requests.get(cacheKey(tenant, jobId));
        if (cached != null) {
            return cached;
        }
        if (!Ids.isValid(jobId)) {
            throw unknownJob(jobId);
        }
        try {
            JobRequest r = JsonCodec.shared().read(store.get(ObjectKeys.jobRequest(tenant, jobId)), JobRequest.class);
            requests.put(cacheKey(tenant, jobId), r);
            return r;
        } catch (ObjectNotFoundException e) {
            throw unknownJob(jobId);
        }
    }

    /**
     * Cancels a running job: writes the cancelled marker (workers skip the job's remaining tasks) and
     * publishes a CANCELLED event, which the status writer records. Returns the status as stored now.
     */
    public JobStatus cancel(String tenant, String jobId) {
        JobStatus current = status(tenant, jobId);
        if (current.state().isTerminal()) {
            throw new ApiProblem(ProblemType.JOB_FINISHED, "job " + jobId + " is already " + current.state()
                    + (current.finishedAt() == null ? "" : " (since " + current.finishedAt() + ")") + "; nothing to cancel");
        }
        store.put(ObjectKeys.jobCancelled(tenant, jobId), new byte[0], "application/octet-stream");
        try {
            publisher.publish(JobEvent.cancelled(tenant, jobId, "cancelled by a client request", null, Instant.now()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not publish the cancel of job %s", jobId);
            throw new ApiProblem(ProblemType.BROKER_UNAVAILABLE, "job " + jobId + " is marked cancelled (workers stop"
                    + " working on it) but its status could not be updated: the broker did not accept the event; retry");
        }
        metrics.jobCancelled();
        LOG.infof("job %s cancel requested (was %s, %d/%d done)", jobId, current.state(), current.done(), current.total());
        return current;
    }

    /** Opens one result file of image {@code index}; 404 problem when the job, index or file does not exist. */
    public InputStream open(String tenant, String jobId, Artifact artifact, String index) {
        JobStatus s = status(tenant, jobId);
        int i;
        try {
            i = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            i = -1;
        }
        if (i < 0 || i >= s.total()) {
            throw ApiProblem.notFound("job " + jobId + " has " + s.total() + " images (0.." + (s.total() - 1) + "), not "
                    + index);
        }
        try {
            return store.openStream(artifact.key(tenant, jobId, i));
        } catch (ObjectNotFoundException e) {
            throw ApiProblem.notFound(artifact.describe(i) + " of job " + jobId
                    + " is not there " + (s.state().isTerminal() ? "(the job is " + s.state() + ")"
                    : "yet (the job is " + s.state() + ", " + s.done() + "/" + s.total() + " images done)"));
        }
    }

    /** A page of jobs, most recent first: each one's status and request, and how many jobs there are in all. */
    public record Page(List<Submitted> items, int total) {
    }

    /**
     * The jobs whose request is stored, most recently accepted first (by the request object's time),
     * {@code limit} of them from {@code offset}; only the page's documents are read.
     */
    public Page list(String tenant, int offset, int limit) {
        String root = ObjectKeys.jobsPrefix(tenant);
        List<ObjectInfo> requestsFound = new ArrayList<>();
        for (ObjectInfo o : store.list(root)) {
            String[] parts = o.key().substring(root.length()).split("/");
            if (parts.length == 2 && parts[1].equals("request.json")) requestsFound.add(o);
        }
        List<Submitted> page = Paging.recentFirst(requestsFound, offset, limit, o -> {
            String jobId = o.key().substring(root.length()).split("/")[0];
            try {
                return Optional.of(new Submitted(status(tenant, jobId), request(tenant, jobId), false));
            } catch (ApiProblem e) {
                LOG.debugf("job %s listed but not readable: %s", jobId, e.getMessage());
                return Optional.empty();
            }
        }, j -> j.request().createdAt());
        return new Page(page, requestsFound.size());
    }


    /**
     * Writes every stored file of a finished job as a zip to {@code out}, entry names relative to the job
     * ({@code request.json}, {@code images/0.png}, ...), streamed one object at a time. Call
     * {@link #archivable} first, so that a refusal is answered before the body starts.
     */
    public void writeArchive(String tenant, String jobId, OutputStream out) throws IOException {
        String prefix = ObjectKeys.jobPrefix(tenant, jobId);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(1);
            for (ObjectInfo o : store.list(prefix)) {
                String name = o.key().substring(prefix.length());
                if (name.equals("cancelled")) continue;
                ZipEntry entry = new ZipEntry(name);
                if (o.lastModified() != null) entry.setTime(o.lastModified().toEpochMilli());
                zip.putNextEntry(entry);
                try (InputStream in = store.openStream(o.key())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
    }

    /** The status of a job whose archive may be downloaded: 404 unknown, 409 while it still runs. */
    public JobStatus archivable(String tenant, String jobId) {
        JobStatus s = status(tenant, jobId);
        if (!s.state().isTerminal()) {
            throw new ApiProblem(ProblemType.JOB_RUNNING, "job " + jobId + " is " + s.state() + " (" + s.done() + "/"
                    + s.total() + " images done); its archive is available once it has finished");
        }
        return s;
    }

    /**
     * Deletes a finished job of {@code tenant} and every file it has (results, request, status) but its empty cancelled
     * marker, kept as a tombstone; 404 when it has no such job, 409 while it runs (cancel it first: a running job's
     * workers would write again). Returns the objects deleted.
     */
    public int purge(String tenant, String jobId) {
        JobStatus s = status(tenant, jobId);
        if (!s.state().isTerminal()) {
            throw new ApiProblem(ProblemType.JOB_RUNNING, "job " + jobId + " is " + s.state() + "; cancel it (DELETE /v1/jobs/"
                    + jobId + ") and purge it once it is CANCELLED");
        }
        // The cancelled marker stays as the job's tombstone: a task of the job still queued (or redelivered) is skipped
        // instead of writing its image into a purged job. The retention sweep removes it, and any late write, later.
        String tombstone = ObjectKeys.jobCancelled(tenant, jobId);
        store.put(tombstone, new byte[0], "application/octet-stream");
        int n = store.deletePrefix(ObjectKeys.jobPrefix(tenant, jobId), java.util.Set.of(tombstone));
        settler.schedule(jobId, ObjectKeys.jobPrefix(tenant, jobId), tombstone);
        store.delete(ObjectKeys.activeJob(tenant, jobId));
        store.delete(ObjectKeys.jobOwner(jobId));
        requests.remove(cacheKey(tenant, jobId));
        LOG.infof("job %s of %s purged: %d objects deleted", jobId, tenant, n);
        return n;
    }

    private static String cacheKey(String tenant, String jobId) {
        return tenant + "/" + jobId;
    }

    private Idempotency.Record readRecord(String key) {
        try {
            return Idempotency.Record.fromJson(store.get(key));
        } catch (ObjectNotFoundException e) {
            return null;
        }
    }

    private static ApiProblem unknownJob(String jobId) {
        return ApiProblem.notFound("no job '" + jobId + "'");
    }
}
