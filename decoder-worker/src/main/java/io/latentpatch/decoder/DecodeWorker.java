package io.latentpatch.decoder;

import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.InvalidMessageException;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.pipeline.stage.DecodeStage;
import io.latentpatch.pipeline.stage.StageObjects;
import io.latentpatch.service.PoisonRecords;
import io.latentpatch.service.JobLogScope;
import io.latentpatch.worker.StageWorker;
import io.latentpatch.worker.WorkerSettings;
import io.latentpatch.worker.ModelCatalog;
import io.latentpatch.pipeline.ModelWarmup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * <p>Failures are per record ({@link StageWorker}): an unparseable or invalid record, or a task whose
 * inputs are missing or corrupt, fails its image and is dead-lettered to {@code latentpatch.decode.dlq},
 * and the rest of the batch is stored. A store or broker outage retries the whole batch with backoff
 * (outputs are rewritten with identical bytes), then gives its records up. Tasks of cancelled jobs are skipped.
 */
@ApplicationScoped
public class DecodeWorker extends StageWorker {
    private static final Logger LOG = Logger.getLogger(DecodeWorker.class);

    @Inject
    ModelCatalog models;
    @Inject
    DecoderSettings settings;


    private DecodeStage stage;
    private ExecutorService io;
    private DistributionSummary batchSize;
    private Counter images;

    /** A consumed record and the task it holds. */
    private record Item(KafkaRecord<String, String> record, DecodeTask task) {}

    public DecodeWorker() {
        super(JobEvent.Stage.DECODE);
    }

    @Override
    protected WorkerSettings settings() {
        return settings.worker();
    }

    @PostConstruct
    void init() {
        io = Executors.newFixedThreadPool(settings.ioThreads(), r -> {
            Thread t = new Thread(r, "decoder-io");
            t.setDaemon(true);
            return t;
        });
        stage = new DecodeStage(new StageObjects(store()), worker(), Clock.systemUTC(), io);
        batchSize = DistributionSummary.builder("latentpatch.decode.batch.size").description("Decode tasks per consumed batch")
                .register(registry());
        images = Counter.builder("latentpatch.decode.images").description("Images decoded and stored").register(registry());
    }

    @PreDestroy
    void stop() {
        io.shutdown();
    }

    /** Runs the stage warm-up jobs, then opens and warms up the configured models (the worker is unready until then), so the first batch waits for neither. */
    void preload(@Observes StartupEvent event) {
        warmUpStage(io);
        models.preload(preloadModels(), ModelWarmup.Network.DECODER, settings().warmUp());
    }

    @Incoming(Channels.DECODE_TASKS)
    @Blocking
    public CompletionStage<Void> onBatch(KafkaRecordBatch<String, String> batch) {
        Timer.Sample timing = startTiming();
        List<CompletionStage<Void>> givenUp = new ArrayList<>();
        try (JobLogScope log = logJob(jobsOf(batch))) {
            List<Item> items = new ArrayList<>();
            for (KafkaRecord<String, String> record : batch.getRecords()) {
                try {
                    items.add(new Item(record, parse(record.getPayload(), DecodeTask.class)));
                } catch (InvalidMessageException e) {
                    givenUp.add(giveUpPoison(record, record.getKey(), record.getPayload(), e));
                }
            }
            batchSize.record(batch.getRecords().size());
            try {
                List<Item> live = retries().get(() -> withoutCancelled(items));
                if (!live.isEmpty()) decode(live, givenUp);
            } catch (RuntimeException e) {
                // The store stayed unreachable (or something unexpected): every task of the batch gives up.
                for (Item i : items) givenUp.add(giveUp(i.record(), i.record().getKey(), i.task().tenant(), i.task().jobId(), i.task().imageIndex(), e,
                        FailureKind.of(e)));
            }
        } finally {
            stopTiming(timing);
        }
        // Dead letters first, then the batch's offsets: nothing is committed past a record still being dead-lettered.
        return CompletableFuture.allOf(givenUp.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .thenCompose(done -> batch.ack());
    }

    private void decode(List<Item> items, List<CompletionStage<Void>> givenUp) {
        List<DecodeTask> tasks = new ArrayList<>(items.size());
        for (Item i : items) tasks.add(i.task());
        // One retry layer: the whole batch (stores rewrite identical bytes) and its events.
        Map<DecodeTask, Item> byTask = new HashMap<>();
        for (Item i : items) byTask.put(i.task(), i);
        DecodeStage.Result result = retries().get(() -> {
            DecodeStage.Result r = stage.run(tasks, models::codec);
            List<DecodeStage.Done> done = r.done();
            // Each IMAGE_DONE continues the trace of its own task's record.
            Map<JobEvent, KafkaRecord<String, String>> causes = new java.util.IdentityHashMap<>();
            for (DecodeStage.Done d : done) causes.put(d.event(), byTask.get(d.task()).record());
            sendAll(events(), done.stream().map(DecodeStage.Done::event).toList(), causes::get);
            return r;
        });
        images.increment(result.done().size());
        for (DecodeStage.Failure f : result.failed()) {
            Item i = byTask.get(f.task());
            givenUp.add(giveUp(i.record(), i.record().getKey(), f.task().tenant(), f.task().jobId(), f.task().imageIndex(), f.error(), FailureKind.PERMANENT));
        }
        LOG.debugf("decoded a batch of %d (%d codec calls, %d failed): %s", tasks.size(), result.codecCalls(), result.failed().size(),
                result.timingsMs());
    }

    /** The distinct job ids of a batch's keys ({@code jobId/i}), comma-separated, for the logging context. */
    private static String jobsOf(KafkaRecordBatch<String, String> batch) {
        java.util.Set<String> jobs = new java.util.LinkedHashSet<>();
        for (KafkaRecord<String, String> r : batch.getRecords()) PoisonRecords.jobIdOf(r.getKey(), null).ifPresent(jobs::add);
        return jobs.isEmpty() ? null : String.join(",", jobs);
    }

    /** Drops tasks of cancelled jobs (one HEAD per job in the batch). */
    private List<Item> withoutCancelled(List<Item> items) {
        Map<String, Boolean> cancelled = new HashMap<>();
        List<Item> live = new ArrayList<>(items.size());
        for (Item i : items) {
            String job = ObjectKeys.jobPrefix(i.task().tenant(), i.task().jobId());
            Boolean c = cancelled.get(job);
            if (c == null) {
                c = skipIfCancelled(i.task().tenant(), i.task().jobId()); // asks the store and counts this task when cancelled
                cancelled.put(job, c);
            } else if (c) {
                countSkipped(1);
            }
            if (!c) live.add(i);
        }
        return live;
    }
}
