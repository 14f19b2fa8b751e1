package io.latentpatch.encoder;

import io.latentpatch.service.KafkaRecords;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.pipeline.stage.EncodeStage;
import io.latentpatch.pipeline.stage.PoisonRecords;
import io.latentpatch.pipeline.stage.RetryPolicy;
import io.latentpatch.pipeline.stage.StageFailures;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.ModelCatalog;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link JobRequest}s: encodes the job's source set (or reuses it), fits the PCA, then
 * publishes ENCODING_STARTED, ENCODED and one {@code SampleTask} per output image, and only then
 * acknowledges the request (offsets are committed after). The work itself is {@link EncodeStage}.
 *
 * <p>Failures: transient ones (store outage, broker not acknowledging) retry the whole step with
 * backoff; a request that cannot succeed (unparseable, invalid, unknown model, a plan the engine
 * rejects, a missing source set) or that kept failing goes unchanged to {@code latentpatch.encode.dlq}
 * and its job gets a FAILED event with the reason. Requests of cancelled jobs are skipped.
 */
@ApplicationScoped
public class EncodeWorker {
    static final String STAGE = "encode";
    private static final Logger LOG = Logger.getLogger(EncodeWorker.class);

    @Inject
    ObjectStore store;
    @Inject
    ModelCatalog models;
    @Inject
    EncoderSettings settings;
    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Channels.SAMPLE_TASKS)
    MutinyEmitter<String> sampleTasks;
    @Inject
    @Channel(Channels.EVENTS)
    MutinyEmitter<String> events;
    @Inject
    @Channel(Channels.DEAD_LETTERS)
    MutinyEmitter<String> deadLetters;

    private StageObjects objects;
    private EncodeStage stage;
    private RetryPolicy retry;
    private String worker;
    private Timer processing;
    private Counter reused;
    private Counter encodedImages;
    private Counter skipped;

    @PostConstruct
    void init() {
        worker = settings.workerName().orElseGet(() -> KafkaRecords.workerName("encoder"));
        objects = new StageObjects(store);
        stage = new EncodeStage(objects, new ImageLoader(), worker, Clock.systemUTC());
        EncoderSettings.Retry r = settings.retry();
        retry = new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff());
        processing = Timer.builder("latentpatch.stage.processing").description("Time to process one consumed message")
                .tag("stage", STAGE).register(registry);
        reused = Counter.builder("latentpatch.encode.sets.reused").description("Jobs whose source set was already encoded")
                .register(registry);
        encodedImages = Counter.builder("latentpatch.encode.images").description("Source images run through the encoder")
                .register(registry);
        skipped = Counter.builder("latentpatch.stage.skipped").description("Messages of cancelled jobs skipped")
                .tag("stage", STAGE).register(registry);
    }

    /** Opens the configured models now, so the first job does not wait for them. */
    void preload(@Observes StartupEvent event) {
        for (String model : settings.preloadModels().orElse(List.of())) models.codec(model);
    }

    @Incoming(Channels.JOB_REQUESTS)
    @Blocking
    public CompletionStage<Void> onRequest(Message<String> message) {
        String key = KafkaRecords.keyOf(message);
        String value = message.getPayload();
        Timer.Sample timing = Timer.start(registry);
        try {
            JobRequest job;
            try {
                job = JsonCodec.shared().read(value, JobRequest.class);
            } catch (InvalidMessageException e) {
                return giveUp(message, key, value, PoisonRecords.jobIdOf(key, value).orElse(null), e, "poison");
            }
            try {
                retry.run(() -> {
                    process(job);
                    return null;
                }, KafkaRecords::isTransient, RetryPolicy::sleep);
                return message.ack();
            } catch (RuntimeException e) {
                return giveUp(message, key, value, job.jobId(), e, KafkaRecords.isTransient(e) ? "retries-exhausted" : "permanent");
            }
        } finally {
            timing.stop(processing);
        }
    }

    private void process(JobRequest job) {
        if (objects.isCancelled(job.jobId())) {
            skipped.increment();
            LOG.infof("job %s is cancelled; request skipped", job.jobId());
            return;
        }
        KafkaRecords.send(events, stage.started(job), settings.sendTimeout());
        EncodeStage.Result result = stage.run(job, models.codec(job.model()));
        if (result.reused()) reused.increment();
        encodedImages.increment(result.imagesEncoded());
        // ENCODED before the tasks, so it precedes every SAMPLED of the job.
        KafkaRecords.send(events, result.encoded(), settings.sendTimeout());
        KafkaRecords.sendAll(sampleTasks, result.tasks(), settings.publishWindow(), settings.sendTimeout());
        LOG.infof("job %s: set %s with %s %s, %d sample tasks published, %s", job.jobId(), job.sourceSetId(), job.model(),
                result.reused() ? "reused" : "encoded", result.tasks().size(), result.timingsMs());
    }

    /**
     * Dead-letters the record and fails its job; acknowledges it when both are sent. If even that
     * fails, the record is nacked and the channel's own dead-letter strategy takes it.
     */
    private CompletionStage<Void> giveUp(Message<String> message, String key, String value, String jobId, RuntimeException error,
                                         String kind) {
        String reason = StageFailures.reason(error);
        registry.counter("latentpatch.stage.failures", "stage", STAGE, "kind", kind).increment();
        LOG.warnf(kind.equals("permanent") || kind.equals("poison") ? null : error, "%s request (key %s, job %s) dead-lettered: %s",
                kind, key, jobId, reason);
        try {
            KafkaRecords.deadLetterAndFail(deadLetters, events, retry, key, value, JobEvent.Stage.ENCODE, jobId, null, reason, worker,
                    settings.sendTimeout());
            return message.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot dead-letter request (key %s); handing it to the channel's failure strategy", key);
            return message.nack(e);
        }
    }

}
