package io.latentpatch.decoder;

import io.latentpatch.service.KafkaRecords;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.pipeline.stage.DecodeStage;
import io.latentpatch.pipeline.stage.PoisonRecords;
import io.latentpatch.pipeline.stage.RetryPolicy;
import io.latentpatch.pipeline.stage.StageFailures;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.ModelCatalog;
import io.latentpatch.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@link DecodeTask}s in batches (up to {@code latentpatch.decoder.max-batch} per poll, the
 * broker holding a fetch up to {@code max-wait-ms} to fill one) and decodes each batch with one codec
 * call per model ({@link DecodeStage}): images and provenance pictures are stored, then one IMAGE_DONE
 * per image is published, and only then is the batch acknowledged. The codec runs on CUDA when the
 * ONNX Runtime build and the host have it, else on the CPU ({@code latentpatch.models.provider=auto}).
 *
 * <p>Failures are per task: an unparseable or invalid record, or a task whose inputs are missing or
 * corrupt, goes unchanged to {@code latentpatch.decode.dlq} with a FAILED event for its image, and
 * the rest of the batch is stored. A store or broker outage retries the whole batch with backoff
 * (outputs are rewritten with identical bytes), then dead-letters it. Tasks of cancelled jobs are skipped.
 */
@ApplicationScoped
public class DecodeWorker {
    static final String STAGE = "decode";
    private static final Logger LOG = Logger.getLogger(DecodeWorker.class);

    @Inject
    ObjectStore store;
    @Inject
    ModelCatalog models;
    @Inject
    DecoderSettings settings;
    @Inject
    MeterRegistry registry;

    @Inject
    @Channel(Channels.EVENTS)
    MutinyEmitter<String> events;
    @Inject
    @Channel(Channels.DEAD_LETTERS)
    MutinyEmitter<String> deadLetters;

    private StageObjects objects;
    private DecodeStage stage;
    private ExecutorService io;
    private RetryPolicy retry;
    private String worker;
    private Timer processing;
    private DistributionSummary batchSize;
    private Counter images;
    private Counter skipped;

    /** A consumed record that became a task, or did not. */
    private record Item(String key, String value, DecodeTask task) {}

    @PostConstruct
    void init() {
        worker = settings.workerName().orElseGet(() -> KafkaRecords.workerName("decoder"));
        objects = new StageObjects(store);
        io = Executors.newFixedThreadPool(settings.ioThreads(), r -> {
            Thread t = new Thread(r, "decoder-io");
            t.setDaemon(true);
            return t;
        });
        stage = new DecodeStage(objects, worker, Clock.systemUTC(), io);
        DecoderSettings.Retry r = settings.retry();
        retry = new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.maxBackoff());
        processing = Timer.builder("latentpatch.stage.processing").description("Time to process one consumed batch")
                .tag("stage", STAGE).register(registry);
        batchSize = DistributionSummary.builder("latentpatch.decode.batch.size").description("Decode tasks per consumed batch")
                .register(registry);
        images = Counter.builder("latentpatch.decode.images").description("Images decoded and stored").register(registry);
        skipped = Counter.builder("latentpatch.stage.skipped").description("Messages of cancelled jobs skipped")
                .tag("stage", STAGE).register(registry);
    }

    @PreDestroy
    void stop() {
        io.shutdown();
    }

    /** Opens the configured models now, so the first batch does not wait for them. */
    void preload(@Observes StartupEvent event) {
        for (String model : settings.preloadModels().orElse(List.of())) models.codec(model);
    }

    @Incoming(Channels.DECODE_TASKS)
    @Blocking
    public CompletionStage<Void> onBatch(KafkaRecordBatch<String, String> batch) {
        Timer.Sample timing = Timer.start(registry);
        try {
            int unparseable = 0;
            List<Item> items = new ArrayList<>();
            for (KafkaRecord<String, String> record : batch.getRecords()) {
                try {
                    items.add(new Item(record.getKey(), record.getPayload(), JsonCodec.shared().read(record.getPayload(), DecodeTask.class)));
                } catch (InvalidMessageException e) {
                    unparseable++;
                    giveUp(record.getKey(), record.getPayload(), PoisonRecords.jobIdOf(record.getKey(), record.getPayload()).orElse(null),
                            PoisonRecords.imageIndexOf(record.getKey()), e, "poison");
                }
            }
            batchSize.record(items.size() + unparseable);
            List<Item> live;
            try {
                live = withoutCancelled(items);
            } catch (RuntimeException e) {
                // The store stayed unreachable even for the cancel check: the batch's tasks give up.
                for (Item i : items) giveUp(i.key(), i.value(), i.task().jobId(), i.task().imageIndex(), e, "retries-exhausted");
                live = List.of();
            }
            if (!live.isEmpty()) decode(live);
            return batch.ack();
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot dead-letter part of a batch of %d decode tasks; handing it to the channel's failure strategy",
                    batch.getRecords().size());
            return batch.nack(e);
        } finally {
            timing.stop(processing);
        }
    }

    private void decode(List<Item> items) {
        List<DecodeTask> tasks = new ArrayList<>(items.size());
        for (Item i : items) tasks.add(i.task());
        DecodeStage.Result result;
        try {
            result = retry.run(() -> stage.run(tasks, models::codec), KafkaRecords::isTransient, RetryPolicy::sleep);
        } catch (RuntimeException e) {
            // The store stayed unreachable (or something unexpected): every task of the batch gives up.
            for (Item i : items) giveUp(i.key(), i.value(), i.task().jobId(), i.task().imageIndex(), e,
                    KafkaRecords.isTransient(e) ? "retries-exhausted" : "permanent");
            return;
        }
        List<JobEvent> done = new ArrayList<>(result.done().size());
        for (DecodeStage.Done d : result.done()) done.add(d.event());
        retry.run(() -> {
            KafkaRecords.sendAll(events, done, settings.publishWindow(), settings.sendTimeout());
            return null;
        }, KafkaRecords::isTransient, RetryPolicy::sleep);
        images.increment(done.size());
        Map<DecodeTask, Item> byTask = new HashMap<>();
        for (Item i : items) byTask.put(i.task(), i);
        for (DecodeStage.Failure f : result.failed()) {
            Item i = byTask.get(f.task());
            giveUp(i.key(), i.value(), f.task().jobId(), f.task().imageIndex(), f.error(), "permanent");
        }
        LOG.debugf("decoded a batch of %d (%d codec calls, %d failed): %s", tasks.size(), result.codecCalls(), result.failed().size(),
                result.timingsMs());
    }

    /** Drops tasks of cancelled jobs (one HEAD per job in the batch). */
    private List<Item> withoutCancelled(List<Item> items) {
        Map<String, Boolean> cancelled = new HashMap<>();
        List<Item> live = new ArrayList<>(items.size());
        for (Item i : items) {
            String job = i.task().jobId();
            boolean c = cancelled.computeIfAbsent(job, id -> retry.run(() -> objects.isCancelled(id), KafkaRecords::isTransient,
                    RetryPolicy::sleep));
            if (c) skipped.increment();
            else live.add(i);
        }
        return live;
    }

    /** Dead-letters one record and fails its job's image; throws when even that cannot be sent. */
    private void giveUp(String key, String value, String jobId, Integer imageIndex, RuntimeException error, String kind) {
        String reason = StageFailures.reason(error);
        registry.counter("latentpatch.stage.failures", "stage", STAGE, "kind", kind).increment();
        LOG.warnf(kind.equals("retries-exhausted") ? error : null, "%s decode task (key %s) dead-lettered: %s", kind, key, reason);
        KafkaRecords.deadLetterAndFail(deadLetters, events, retry, key, value, JobEvent.Stage.DECODE, jobId, imageIndex, reason, worker,
                    settings.sendTimeout());
    }

}
