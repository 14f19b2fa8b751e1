package io.latentpatch.encoder;

import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.stage.EncodeStage;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.KafkaRecords;
import io.latentpatch.service.PoisonRecords;
import io.latentpatch.service.JobLogScope;
import io.latentpatch.worker.StageWorker;
import io.latentpatch.worker.WorkerSettings;
import io.latentpatch.worker.ModelCatalog;
import io.latentpatch.pipeline.ModelWarmup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
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
 * <p>Failures ({@link StageWorker}): transient ones (store outage, broker not acknowledging) retry the
 * whole step with backoff; a request that cannot succeed (unparseable, invalid, unknown model, a plan the
 * engine rejects, a missing source set) or that kept failing fails its job and is dead-lettered to
 * {@code latentpatch.encode.dlq}. Requests of cancelled jobs are skipped.
 */
@ApplicationScoped
public class EncodeWorker extends StageWorker {
    private static final Logger LOG = Logger.getLogger(EncodeWorker.class);

    @Inject
    ModelCatalog models;
    @Inject
    EncoderSettings settings;

    @Inject
    @Channel(Channels.SAMPLE_TASKS)
    MutinyEmitter<String> sampleTasks;

    private EncodeStage stage;
    private ExecutorService io;
    private Counter reused;
    private Counter encodedImages;

    public EncodeWorker() {
        super(JobEvent.Stage.ENCODE);
    }

    @Override
    protected WorkerSettings settings() {
        return settings.worker();
    }

    @PostConstruct
    void init() {
        io = Executors.newFixedThreadPool(settings.ioThreads(), r -> {
            Thread t = new Thread(r, "encoder-io");
            t.setDaemon(true);
            return t;
        });
        stage = new EncodeStage(new StageObjects(store()), new ImageLoader(), new AlignerLoader(settings.align()), worker(), Clock.systemUTC(), io, settings.ioThreads(),
                settings.imagesPerSampleTask());
        reused = Counter.builder("latentpatch.encode.sets.reused").description("Jobs whose source set was already encoded")
                .register(registry());
        encodedImages = Counter.builder("latentpatch.encode.images").description("Source images run through the encoder")
                .register(registry());
    }

    @PreDestroy
    void stop() {
        io.shutdown();
    }

    /** Runs the stage warm-up jobs, then opens and warms up the configured models (the worker is unready until then), so the first job waits for neither. */
    void preload(@Observes StartupEvent event) {
        warmUpStage(io);
        models.preload(preloadModels(), ModelWarmup.Network.ENCODER, settings().warmUp());
    }

    @Incoming(Channels.JOB_REQUESTS)
    @Blocking
    public CompletionStage<Void> onRequest(Message<String> message) {
        String key = KafkaRecords.keyOf(message);
        Timer.Sample timing = startTiming();
        try (JobLogScope log = logJob(PoisonRecords.jobIdOf(key, null).orElse(null))) {
            JobRequest job;
            try {
                job = parse(message.getPayload(), JobRequest.class);
            } catch (InvalidMessageException e) {
                return giveUpPoison(message, key, message.getPayload(), e);
            }
            try {
                retries().run(() -> process(job, message));
                return message.ack();
            } catch (RuntimeException e) {
                return giveUp(message, key, job.tenant(), job.jobId(), null, e, FailureKind.of(e));
            }
        } finally {
            stopTiming(timing);
        }
    }

    private void process(JobRequest job, Message<String> message) {
        if (skipIfCancelled(job.tenant(), job.jobId())) {
            LOG.infof("job %s is cancelled; request skipped", job.jobId());
            return;
        }
        send(events(), stage.started(job), message);
        EncodeStage.Result result = stage.run(job, models.codec(job.model()));
        if (result.reused()) reused.increment();
        encodedImages.increment(result.imagesEncoded());
        // ENCODED before the tasks, so it precedes every SAMPLED of the job.
        send(events(), result.encoded(), message);
        sendAll(sampleTasks, result.tasks(), message);
        LOG.infof("job %s: set %s with %s %s, %d sample tasks published, %s", job.jobId(), job.sourceSetId(), job.model(),
                result.reused() ? "reused" : "encoded", result.tasks().size(), result.timingsMs());
    }
}
