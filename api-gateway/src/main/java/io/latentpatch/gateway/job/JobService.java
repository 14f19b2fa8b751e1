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
import org.jboss.logging.Logger;

/**
 * Job submission, status, cancellation and results, over the object store and the broker.
 *
 * <p>Accepting a job: parse → (Idempotency-Key lookup) → validate against model and source set →
 * store inline images as a new source set → write {@code request.json} and {@code status.json}
 * (QUEUED) → publish the {@link JobRequest} and wait for the broker → record the idempotency key.
 * Nothing is published for a job that fails validation; a job whose request cannot be published is
 * marked FAILED and answered with 503.
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

        String key(String jobId, int i) {
            return switch (this) {
                case IMAGE -> ObjectKeys.jobImage(jobId, i);
                case PROVENANCE_PNG -> ObjectKeys.jobProvenancePng(jobId, i);
                case PROVENANCE_NPY -> ObjectKeys.jobProvenanceNpy(jobId, i);
                case LATENT -> ObjectKeys.jobLatent(jobId, i);
                case REPORT -> ObjectKeys.jobReport(jobId, i);
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
    private final JobValidator validator;
    private final SecureRandom seeds = new SecureRandom();
    private final ReentrantLock[] keyLocks = new ReentrantLock[LOCK_STRIPES];
    private final Map<String, JobRequest> requests = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JobRequest> eldest) {
                    return size() > REQUEST_CACHE;
                }
            });

    public JobService(@RequestPathStore.RequestPath ObjectStore store, ModelRegistry models, SourceSetService sets, JobPublisher publisher,
                      GatewayMetrics metrics, GatewayConfig config, StallMonitor stalls) {
        this.stalls = stalls;
        this.store = store;
        this.models = models;
        this.sets = sets;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
        this.parser = new JobSubmissionParser(config.jobs().defaultModel());
        this.validator = new JobValidator(config.jobs().maxCount());
        for (int i = 0; i < LOCK_STRIPES; i++) {
            keyLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Accepts a job from a request body.
     *
     * @param body           the JSON body
     * @param idempotencyKey the {@code Idempotency-Key} header, or null
     */
    public Submitted submit(byte[] body, String idempotencyKey) {
        String key = Idempotency.checkKey(idempotencyKey);
        JobSubmission submission = parser.parse(body);
        if (key == null) {
            return create(submission);
        }
        // One replica serialises requests with the same key; across replicas the window between the
        // lookup and the record write is small (see README: two replicas racing on one key may both create).
        ReentrantLock lock = keyLocks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            String recordKey = ObjectKeys.idempotencyRecord(key);
            Idempotency.Record existing = readRecord(recordKey);
            switch (Idempotency.decide(existing, submission.bodyHash())) {
                case REPLAY -> {
                    metrics.jobReplayed();
                    return new Submitted(status(existing.jobId()), request(existing.jobId()), true);
                }
                case CONFLICT -> throw Idempotency.conflict(existing);
                default -> {
                    Submitted created = create(submission);
                    store.put(recordKey, new Idempotency.Record(submission.bodyHash(), created.request().jobId(),
                            Instant.now()).toJson(), "application/json");
                    return created;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Submitted create(JobSubmission s) {
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
            set = sets.find(s.sourceSetId()).orElse(null);
            if (set == null) {
                errors.add(new FieldError("/sourceSetId", "no source set '" + s.sourceSetId() + "'; upload one with POST"
                        + " /v1/source-sets or send the images inline"));
            }
        }
        if (model != null && set != null) {
            errors.addAll(validator.checkParams(s.params(), model, set, p -> ContractMapping.regionFor(p, store::find)));
            String reference = s.params().referenceImage();
            if (reference != null && !(reference.startsWith(ObjectKeys.sourceReferencesPrefix(set.setId())) && store.exists(reference))) {
                errors.add(new FieldError("/params/referenceImage", "no reference image '" + reference + "' uploaded for source set "
                        + set.setId() + "; upload it with POST /v1/source-sets/" + set.setId() + "/references and use the key it returns"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        if (inline != null) {
            sets.store(inline, set);
        }
        String jobId = Ids.newId();
        try (JobLogScope log = JobLogScope.of(jobId)) {
            long seed = s.seed() != null ? s.seed() : seeds.nextLong() & Long.MAX_VALUE;
            JobRequest request = JobRequest.of(jobId, set.setId(), s.model(), s.count(), seed, s.params(), Instant.now());
            JobStatus queued = JobStatus.queued(request);
            store.put(ObjectKeys.jobRequest(jobId), JsonCodec.shared().write(request), "application/json");
            store.put(ObjectKeys.jobStatus(jobId), JsonCodec.shared().write(queued), "application/json");
            try {
                publisher.publish(request);
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not publish job %s", jobId);
                JobStatus failed = queued.apply(JobEvent.failed(jobId, JobEvent.Stage.GATEWAY, null,
                        "the job could not be queued: the message broker did not accept it", null, Instant.now()));
                store.put(ObjectKeys.jobStatus(jobId), JsonCodec.shared().write(failed), "application/json");
                throw new ApiProblem(ProblemType.BROKER_UNAVAILABLE, "job " + jobId + " could not be queued: the message"
                        + " broker did not accept it; retry in a few seconds");
            }
            requests.put(jobId, request);
            stalls.track(queued);
            metrics.jobAccepted();
            LOG.infof("job %s accepted: %d images from set %s with %s, seed %d", jobId, s.count(), set.setId(), s.model(), seed);
            return new Submitted(queued, request, false);
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

    /** The stored status of {@code jobId}; 404 problem when there is no such job. */
    public JobStatus status(String jobId) {
        if (!Ids.isValid(jobId)) {
            throw unknownJob(jobId);
        }
        try {
            return JsonCodec.shared().read(store.get(ObjectKeys.jobStatus(jobId)), JobStatus.class);
        } catch (ObjectNotFoundException e) {
            throw unknownJob(jobId);
        }
    }

    /** The accepted request of {@code jobId} (immutable, so cached); 404 problem when there is no such job. */
    public JobRequest request(String jobId) {
        JobRequest cached = requests.get(jobId);
        if (cached != null) {
            return cached;
        }
        if (!Ids.isValid(jobId)) {
            throw unknownJob(jobId);
        }
        try {
            JobRequest r = JsonCodec.shared().read(store.get(ObjectKeys.jobRequest(jobId)), JobRequest.class);
            requests.put(jobId, r);
            return r;
        } catch (ObjectNotFoundException e) {
            throw unknownJob(jobId);
        }
    }

    /**
     * Cancels a running job: writes the cancelled marker (workers skip the job's remaining tasks) and
     * publishes a CANCELLED event, which the status writer records. Returns the status as stored now.
     */
    public JobStatus cancel(String jobId) {
        JobStatus current = status(jobId);
        if (current.state().isTerminal()) {
            throw new ApiProblem(ProblemType.JOB_FINISHED, "job " + jobId + " is already " + current.state()
                    + (current.finishedAt() == null ? "" : " (since " + current.finishedAt() + ")") + "; nothing to cancel");
        }
        store.put(ObjectKeys.jobCancelled(jobId), new byte[0], "application/octet-stream");
        try {
            publisher.publish(JobEvent.cancelled(jobId, "cancelled by a client request", null, Instant.now()));
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
    public InputStream open(String jobId, Artifact artifact, String index) {
        JobStatus s = status(jobId);
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
            return store.openStream(artifact.key(jobId, i));
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
    public Page list(int offset, int limit) {
        List<ObjectInfo> requestsFound = new ArrayList<>();
        for (ObjectInfo o : store.list(ObjectKeys.JOBS)) {
            String[] parts = o.key().split("/");
            if (parts.length == 3 && parts[2].equals("request.json")) requestsFound.add(o);
        }
        List<Submitted> page = Paging.recentFirst(requestsFound, offset, limit, o -> {
            String jobId = o.key().split("/")[1];
            try {
                return Optional.of(new Submitted(status(jobId), request(jobId), false));
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
    public void writeArchive(String jobId, OutputStream out) throws IOException {
        String prefix = ObjectKeys.jobPrefix(jobId);
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
    public JobStatus archivable(String jobId) {
        JobStatus s = status(jobId);
        if (!s.state().isTerminal()) {
            throw new ApiProblem(ProblemType.JOB_RUNNING, "job " + jobId + " is " + s.state() + " (" + s.done() + "/"
                    + s.total() + " images done); its archive is available once it has finished");
        }
        return s;
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
