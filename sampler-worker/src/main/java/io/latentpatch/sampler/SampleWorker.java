package io.latentpatch.sampler;

import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.pipeline.stage.BankCache;
import io.latentpatch.pipeline.stage.SampleStage;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.KafkaRecords;
import io.latentpatch.service.PoisonRecords;
import io.latentpatch.service.JobLogScope;
import io.latentpatch.worker.StageWorker;
import io.latentpatch.worker.WorkerSettings;
import io.latentpatch.worker.ModelCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link SampleTask}s: samples the task's run of output images together ({@link SampleStage}),
 * and for each image, once its latent, provenance and report are stored, publishes SAMPLED and its
 * {@code DecodeTask}; only after the last one it acknowledges the task. A failure or a retry redoes the
 * whole run (the stores rewrite identical bytes; the gateway and decoders ignore repeated images). Several tasks run at once on the {@value Channels#POOL} pool; loaded sets and planned banks
 * are shared through a bounded {@link BankCache} (metrics {@code cache.*{cache=latentpatch.sample.banks}}).
 *
 * <p>Failures ({@link StageWorker}): transient ones retry the task with backoff; a task that cannot
 * succeed (unparseable, invalid, inputs missing or corrupt, a plan the engine rejects) or that kept
 * failing fails its image and is dead-lettered to {@code latentpatch.sample.dlq}. Tasks of cancelled
 * jobs are skipped.
 */
@ApplicationScoped
public class SampleWorker extends StageWorker {
    private static final Logger LOG = Logger.getLogger(SampleWorker.class);

    @Inject
    ModelCatalog models;
    @Inject
    SamplerSettings settings;

    @Inject
    @Channel(Channels.DECODE_TASKS)
    MutinyEmitter<String> decodeTasks;

    private SampleStage stage;
    private ExecutorService io;

    public SampleWorker() {
        super(JobEvent.Stage.SAMPLE);
    }

    @Override
    protected WorkerSettings settings() {
        return settings.worker();
    }

    @PostConstruct
    void init() {
        BankCache cache = new BankCache(settings.cache().maxEntries(), settings.cache().maxBytes().asLongValue());
        CaffeineCacheMetrics.monitor(registry(), cache.caffeine(), "latentpatch.sample.banks");
        Gauge.builder("latentpatch.sample.cache.bytes", cache, c -> c.stats().bytes()).baseUnit("bytes")
                .description("Bytes held by the bank cache (estimated from the float arrays)").register(registry());
        io = Executors.newFixedThreadPool(settings.ioThreads(), r -> {
            Thread t = new Thread(r, "sampler-io");
            t.setDaemon(true);
            return t;
        });
        stage = new SampleStage(new StageObjects(store()), cache, model -> models.codec(model).codebook().orElse(null), worker(),
                Clock.systemUTC(), io);
    }

    @PreDestroy
    void stop() {
        io.shutdown();
    }

    /** Runs the warm-up jobs, opens the configured models (default none: only a quantize finish needs a codec, for its codebook); then ready. */
    void preload(@Observes StartupEvent event) {
        warmUpStage(io);
        models.preload(preloadModels(), null, false);
    }

    @Incoming(Channels.SAMPLE_TASKS)
    @Blocking(value = Channels.POOL, ordered = false)
    public CompletionStage<Void> onTask(Message<String> message) {
        String key = KafkaRecords.keyOf(message);
        Timer.Sample timing = startTiming();
        try (JobLogScope log = logJob(PoisonRecords.jobIdOf(key, null).orElse(null))) {
            SampleTask task;
            try {
                task = parse(message.getPayload(), SampleTask.class);
            } catch (InvalidMessageException e) {
                return giveUpPoison(message, key, message.getPayload(), e);
            }
            try {
                retries().run(() -> process(task, message));
                return message.ack();
            } catch (RuntimeException e) {
                return giveUp(message, key, task.tenant(), task.jobId(), task.imageIndex(), e, FailureKind.of(e));
            }
        } finally {
            stopTiming(timing);
        }
    }

    private void process(SampleTask task, Message<String> message) {
        if (skipIfCancelled(task.tenant(), task.jobId())) return;
        // Each image goes on to a decoder as soon as it is stored, not when the whole run is.
        stage.run(task, image -> {
            // SAMPLED first: on the job's events partition it then precedes the decoder's IMAGE_DONE.
            send(events(), image.sampled(), message);
            send(decodeTasks, image.decode(), message);
            LOG.debugf("job %s image %d sampled %s%s", task.jobId(), image.decode().imageIndex(), image.timingsMs(),
                    image.cacheHit() ? " (cached bank)" : "");
        });
    }
}
