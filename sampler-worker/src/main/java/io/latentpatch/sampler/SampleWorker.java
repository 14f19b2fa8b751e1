package io.latentpatch.sampler;

import io.latentpatch.service.KafkaRecords;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.pipeline.stage.BankCache;
import io.latentpatch.pipeline.stage.PoisonRecords;
import io.latentpatch.pipeline.stage.RetryPolicy;
import io.latentpatch.pipeline.stage.SampleStage;
import io.latentpatch.pipeline.stage.StageFailures;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.ModelCatalog;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@link SampleTask}s: samples output image i ({@link SampleStage}: latent, provenance and
 * report stored first), then publishes SAMPLED and the {@code DecodeTask}, and only then acknowledges
 * the task. Several tasks run at once on the {@value Channels#POOL} pool; loaded sets and planned banks
 * are shared through a bounded {@link BankCache}.
 *
 * <p>Failures: transient ones retry the task with backoff; a task that cannot succeed (unparseable,
 * invalid, inputs missing or corrupt, a plan the engine rejects) or that kept failing goes unchanged to
 * {@code latentpatch.sample.dlq} and its job gets a FAILED event for that image. Tasks of cancelled jobs
 * are skipped.
 */
@ApplicationScoped
public class SampleWorker {
    static final String STAGE = "sample";
    private static final Logger LOG = Logger.getLogger(SampleWorker.class);

    @Inject
    ObjectStore store;
    @Inject
    ModelCatalog models;
    @Inject
    SamplerSettings settings;
    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Channels.DECODE_TASKS)
    MutinyEmitter<String> decodeTasks;
    @Inject
    @Channel(Channels.EVENTS)
    MutinyEmitter<String> events;
    @Inject
    @Channel(Channels.DEAD_LETTERS)
    MutinyEmitter<String> deadLetters;

    private StageObjects objects;
    private BankCache cache;
    private SampleStage stage;
    private RetryPolicy retry;
    private String worker;
    private Timer processing;
    private Counter skipped;

    @PostConstruct
    void init() {
        worker = settings.workerName().orElseGet(() -> KafkaRecords.workerName("sampler"));
        objects = new StageObjects(store);
        cache = new BankCache(settings.cache().maxEntries(), settings.cache().maxBytes().asLongValue());
        stage = new SampleStage(objects, cache, model -> models.codec(model).codebook().orElse(null), worker, Clock.systemUTC());
        SamplerSettings.Retry r = settings.retry();
        retry = new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff());
        processing = Timer.builder("latentpatch.stage.processing").description("Time to process one consumed message")
                .tag("stage", STAGE).register(registry);
        skipped = Counter.builder("latentpatch.stage.skipped").description("Messages of cancelled jobs skipped")
                .tag("stage", STAGE).register(registry);
        FunctionCounter.builder("latentpatch.sample.cache.hits", cache, c -> c.stats().hits()).register(registry);
        FunctionCounter.builder("latentpatch.sample.cache.misses", cache, c -> c.stats().misses()).register(registry);
        FunctionCounter.builder("latentpatch.sample.cache.evictions", cache, c -> c.stats().evictions()).register(registry);
        Gauge.builder("latentpatch.sample.cache.entries", cache, c -> c.stats().entries()).register(registry);
        Gauge.builder("latentpatch.sample.cache.bytes", cache, c -> c.stats().bytes()).baseUnit("bytes").register(registry);
    }

    @Incoming(Channels.SAMPLE_TASKS)
    @Blocking(value = Channels.POOL, ordered = false)
    public CompletionStage<Void> onTask(Message<String> message) {
        String key = KafkaRecords.keyOf(message);
        String value = message.getPayload();
        Timer.Sample timing = Timer.start(registry);
        try {
            SampleTask task;
            try {
                task = JsonCodec.shared().read(value, SampleTask.class);
            } catch (InvalidMessageException e) {
                return giveUp(message, key, value, PoisonRecords.jobIdOf(key, value).orElse(null), PoisonRecords.imageIndexOf(key),
                        e, "poison");
            }
            try {
                retry.run(() -> {
                    process(task);
                    return null;
                }, KafkaRecords::isTransient, RetryPolicy::sleep);
                return message.ack();
            } catch (RuntimeException e) {
                return giveUp(message, key, value, task.jobId(), task.imageIndex(), e,
                        KafkaRecords.isTransient(e) ? "retries-exhausted" : "permanent");
            }
        } finally {
            timing.stop(processing);
        }
    }

    private void process(SampleTask task) {
        if (objects.isCancelled(task.jobId())) {
            skipped.increment();
            return;
        }
        SampleStage.Result result = stage.run(task);
        // SAMPLED first: on the job's events partition it then precedes the decoder's IMAGE_DONE.
        KafkaRecords.send(events, result.sampled(), settings.sendTimeout());
        KafkaRecords.send(decodeTasks, result.decode(), settings.sendTimeout());
        LOG.debugf("job %s image %d sampled %s%s", task.jobId(), task.imageIndex(), result.timingsMs(),
                result.cacheHit() ? " (cached bank)" : "");
    }

    /**
     * Dead-letters the record and fails its job's image; acknowledges it when both are sent. If even
     * that fails, the record is nacked and the channel's own dead-letter strategy takes it.
     */
    private CompletionStage<Void> giveUp(Message<String> message, String key, String value, String jobId, Integer imageIndex,
                                         RuntimeException error, String kind) {
        String reason = StageFailures.reason(error);
        registry.counter("latentpatch.stage.failures", "stage", STAGE, "kind", kind).increment();
        LOG.warnf(kind.equals("retries-exhausted") ? error : null, "%s sample task (key %s) dead-lettered: %s", kind, key, reason);
        try {
            KafkaRecords.deadLetterAndFail(deadLetters, events, retry, key, value, JobEvent.Stage.SAMPLE, jobId, imageIndex, reason, worker,
                    settings.sendTimeout());
            return message.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot dead-letter sample task (key %s); handing it to the channel's failure strategy", key);
            return message.nack(e);
        }
    }

}
