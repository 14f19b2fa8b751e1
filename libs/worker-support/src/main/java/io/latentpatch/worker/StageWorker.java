package io.latentpatch.worker;

import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.pipeline.stage.StageWarmup;
import io.latentpatch.service.JobLogScope;
import io.latentpatch.service.KafkaRecords;
import io.latentpatch.service.PoisonRecords;
import io.latentpatch.service.Retries;
import io.latentpatch.service.StageFailures;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * What the three workers share around their stage (here, not in service-support: the gateway indexes that
 * module, and its messaging would take this class's {@code @Channel} emitter for one of its own channels): parsing a consumed record, skipping cancelled jobs,
 * running the step under one retry layer ({@link Retries}), publishing, and giving a record up.
 *
 * <p>Giving up: a FAILED event for the record's job (when it can be told, even from a poison record) is
 * sent first, then the record is nacked; the channel's {@code failure-strategy=dead-letter-queue} writes it
 * unchanged to {@code <topic>.dlq} with the reason in the connector's {@code dead-letter-reason} header and
 * commits past it. Metrics: {@code latentpatch.stage.processing} (timer), {@code latentpatch.stage.skipped},
 * {@code latentpatch.stage.failures} (by kind), all tagged with the stage.
 */
public abstract class StageWorker {
    /** Every worker's outgoing channel of {@code JobEvent}s ({@code latentpatch.events}, key job id). */
    public static final String EVENTS = "job-events";

    private static final Logger LOG = Logger.getLogger(StageWorker.class);

    /** Why a record was given up (the {@code kind} tag of {@code latentpatch.stage.failures}). */
    public enum FailureKind {
        /** Not a message of this topic at all. */
        POISON,
        /** A valid message that can never succeed (invalid inputs, a plan the engine rejects). */
        PERMANENT,
        /** Transient failures that outlasted the retries. */
        RETRIES_EXHAUSTED;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind for a failure that ended a guarded step. */
        public static FailureKind of(Throwable error) {
            return KafkaRecords.isTransient(error) ? RETRIES_EXHAUSTED : PERMANENT;
        }
    }

    /** Carries the reason a user reads to the dead-letter header (the connector writes its message). */
    public static final class DeadLetterReason extends RuntimeException {
        public DeadLetterReason(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    private final JobEvent.Stage stage;

    @Inject
    ObjectStore store;
    @Inject
    MeterRegistry registry;
    @Inject
    @Channel(EVENTS)
    MutinyEmitter<String> events;

    private String worker;
    private Retries retries;
    private Timer processing;
    private Counter skipped;

    protected StageWorker(JobEvent.Stage stage) {
        this.stage = stage;
    }

    /** This worker's settings (its {@code @ConfigMapping} includes the shared group). */
    protected abstract WorkerSettings settings();

    /** The emitter of {@code latentpatch.events} (channel {@value #EVENTS}). */
    protected final MutinyEmitter<String> events() {
        return events;
    }

    @PostConstruct
    void initStageWorker() {
        String stageName = stageName();
        worker = settings().workerName().orElseGet(() -> KafkaRecords.workerName(stageName + "-worker"));
        retries = Retries.of(stageName + "-step", settings().retry());
        processing = Timer.builder("latentpatch.stage.processing").description("Time to process one consumed message or batch")
                .tag("stage", stageName).register(registry);
        skipped = Counter.builder("latentpatch.stage.skipped").description("Messages of cancelled jobs skipped")
                .tag("stage", stageName).register(registry);
    }

    /** {@code encode}, {@code sample} or {@code decode}. */
    public final String stageName() {
        return stage.name().toLowerCase(Locale.ROOT);
    }

    /** This replica's name in events and logs. */
    protected final String worker() {
        return worker;
    }

    protected final ObjectStore store() {
        return store;
    }

    protected final MeterRegistry registry() {
        return registry;
    }

    /** The one retry layer of this worker's step. */
    protected final Retries retries() {
        return retries;
    }

    /**
     * Runs {@code warm-up-jobs} built-in jobs through this worker's stage code ({@link StageWarmup}, an in-memory store,
     * the worker's {@code io} pool), called at start-up before the models are preloaded, so before the worker is
     * ready. A failure is logged, not fatal: the worker still serves jobs, only its first one is slower.
     */
    protected final void warmUpStage(java.util.concurrent.Executor io) {
        int jobs = settings().warmUpJobs();
        if (jobs <= 0) return;
        try {
            StageWarmup.Report r = StageWarmup.run(stage, jobs, io);
            LOG.infof("warmed up the %s stage with %d built-in job(s) of %d images in %d ms (last: %s)", stageName(), r.rounds(),
                    StageWarmup.IMAGES, r.millis(), r.stageMs());
        } catch (RuntimeException e) {
            LOG.warnf(e, "the %s stage's warm-up job failed (the first job will be slower): %s", stageName(), e.getMessage());
        }
    }

    /** The {@code preload-models} setting: {@code all}, {@code none} or model names ({@link ModelCatalog#preload}). */
    protected final List<String> preloadModels() {
        return settings().preloadModels();
    }

    /** Starts timing one consumed message; give the sample to {@link #stopTiming}. */
    protected final Timer.Sample startTiming() {
        return Timer.start(registry);
    }

    protected final void stopTiming(Timer.Sample sample) {
        sample.stop(processing);
    }

    /** Parses a consumed value; an unparseable or invalid one is an {@link InvalidMessageException}. */
    protected static <T extends io.latentpatch.contracts.Message> T parse(String value, Class<T> type) {
        return JsonCodec.shared().read(value, type);
    }

    /** True (and counted) when the job was cancelled: its messages are acknowledged without work. */
    protected final boolean skipIfCancelled(String tenant, String jobId) {
        boolean cancelled = store.exists(ObjectKeys.jobCancelled(tenant, jobId));
        if (cancelled) skipped.increment();
        return cancelled;
    }

    /** Counts messages of cancelled jobs skipped without asking the store again. */
    protected final void countSkipped(int n) {
        skipped.increment(n);
    }

    /**
     * Sends one message keyed by its partition key, in the trace of the consumed {@code cause}, and waits for the
     * acknowledgement.
     */
    protected final void send(MutinyEmitter<String> emitter, io.latentpatch.contracts.Message value, Message<?> cause) {
        KafkaRecords.send(emitter, value, cause, settings().sendTimeout());
    }

    /** Sends messages in order, at most {@code publish-window} unacknowledged, all in the trace of {@code cause}, and waits for all. */
    protected final void sendAll(MutinyEmitter<String> emitter, List<? extends io.latentpatch.contracts.Message> values, Message<?> cause) {
        KafkaRecords.sendAll(emitter, values, v -> cause, settings().publishWindow(), settings().sendTimeout());
    }

    /** {@link #sendAll(MutinyEmitter, List, Message)} with each value in the trace of its own consumed record. */
    protected final <V extends io.latentpatch.contracts.Message> void sendAll(MutinyEmitter<String> emitter, List<V> values,
                                                                             java.util.function.Function<? super V, Message<?>> causeOf) {
        KafkaRecords.sendAll(emitter, values, causeOf, settings().publishWindow(), settings().sendTimeout());
    }

    /**
     * Puts the job id of a consumed record into the logging context ({@code %X{jobId}} in the text format, the
     * {@code mdc} of JSON lines) until the returned scope closes; {@code jobId} may list several jobs (a batch).
     */
    protected static JobLogScope logJob(String jobId) {
        return JobLogScope.of(jobId);
    }

    /**
     * Gives a consumed record up: fails its job (the image {@code imageIndex}, or the whole job when null)
     * with the reason, then nacks the record so the channel dead-letters it. When the job (or its tenant) of a
     * poison record cannot be told, only the dead letter is written.
     */
    protected final CompletionStage<Void> giveUp(Message<?> message, String key, String tenant, String jobId, Integer imageIndex,
                                                 Throwable error, FailureKind kind) {
        try (JobLogScope scope = jobId != null ? logJob(jobId) : null) {
            return giveUpInScope(message, key, tenant, jobId, imageIndex, error, kind);
        }
    }

    private CompletionStage<Void> giveUpInScope(Message<?> message, String key, String tenant, String jobId, Integer imageIndex,
                                                Throwable error, FailureKind kind) {
        String reason = StageFailures.reason(error);
        registry.counter("latentpatch.stage.failures", "stage", stageName(), "kind", kind.tag()).increment();
        LOG.warnf(kind == FailureKind.RETRIES_EXHAUSTED ? error : null, "%s %s record (key %s, job %s) dead-lettered: %s",
                kind.tag(), stageName(), key, jobId, reason);
        if (jobId != null && tenant != null) {
            try {
                retries.run(() -> send(events(), JobEvent.failed(tenant, jobId, stage, imageIndex, reason, worker, Instant.now()), message));
            } catch (RuntimeException e) {
                // The dead letter still records it; the job's status catches up when an operator replays the DLQ.
                LOG.errorf(e, "cannot publish FAILED for job %s (key %s): %s", jobId, key, e.getMessage());
            }
        }
        return message.nack(new DeadLetterReason(reason, error));
    }

    /** {@link #giveUp} for a record whose value could not be parsed: the job comes from its key or JSON. */
    protected final CompletionStage<Void> giveUpPoison(Message<?> message, String key, String value, InvalidMessageException error) {
        String jobId = PoisonRecords.jobIdOf(key, value).orElse(null);
        String tenant = PoisonRecords.tenantOf(value).orElseGet(() -> jobId == null ? null : ownerOf(jobId));
        return giveUp(message, key, tenant, jobId, PoisonRecords.imageIndexOf(key), error, FailureKind.POISON);
    }

    /** The tenant the gateway recorded for {@code jobId} ({@link ObjectKeys#jobOwner}), or null when unknown. */
    private String ownerOf(String jobId) {
        try {
            return store.find(ObjectKeys.jobOwner(jobId)).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).strip())
                    .filter(io.latentpatch.contracts.Ids::isValid).orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the owner of job %s: %s", jobId, e.getMessage());
            return null;
        }
    }
}
