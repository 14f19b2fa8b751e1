package io.latentpatch.pipeline.stage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import io.latentpatch.core.provenance.CopyReport;
import io.latentpatch.core.sampler.PatchSampler;
import io.latentpatch.core.sampler.SampleResult;
import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.planning.ContractMapping;
import io.latentpatch.planning.EncodedSources;
import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.planning.JobPlanner;
import io.latentpatch.planning.OutputFinisher;
import io.latentpatch.codec.Codecs;
import io.latentpatch.planning.EditRegion;
import io.latentpatch.planning.ReportJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The sampler worker's step: one {@link SampleTask} becomes, for each output image i of its run, a latent
 * ({@code jobs/{id}/latents/{i}.npy}, float32 [L, M, M]), provenance ({@code provenance/{i}.npy}, int32
 * [M, M]) and report ({@code reports/{i}.json}), all three stored before image i's {@link DecodeTask} is
 * handed over.
 *
 * <p>Exactly the in-process steps: the stored latents and PCA wrapped by {@link EncodedSources#of},
 * {@link JobPlanner#plan} with the set's names and labels and the job's region, {@link PatchSampler}
 * for the run's images with the job seed (as {@code generate} samples a job's images together),
 * {@link OutputFinisher}. So the bytes equal {@code latentpatch
 * generate}'s {@code i.latent.npy} / {@code i.provenance.npy} for the same inputs and seed.
 *
 * <p>Loaded sources and planned banks are kept in a {@link BankCache}, keyed by the stored objects and
 * the job's parameters: the tasks of one job (and of other jobs with the same set, model, r and
 * parameters) plan once. Thread-safe.
 */
public final class SampleStage {
    public static final String LOAD = "load";
    public static final String SAMPLE = "sample";
    public static final String WRITE = "write";

    /** Where the sampler finds a model's codebook (only the quantize finish needs one); null when it has none. */
    @FunctionalInterface
    public interface Codebooks {
        float[] codebook(String model);
    }

    /**
     * One sampled image.
     *
     * @param decode   the task for the decoder
     * @param sampled  the SAMPLED event, with {@link #timingsMs}
     * @param cacheHit the planned bank came from the cache
     */
    public record Result(DecodeTask decode, JobEvent sampled, Map<String, Long> timingsMs, boolean cacheHit) {}

    /** A job planned on a loaded set: what every task of that job shares. */
    record PlannedJob(List<String> names, EncodedSources sources, JobPlanner.Plan plan) {}

    private record SourcesKey(String latentsKey, String meanKey, String basisKey) {}

    private record PlanKey(SourcesKey sources, String setId, List<Integer> sourceIndices, GenerationParams params) {}

    private final StageObjects objects;
    private final BankCache cache;
    private final Codebooks codebooks;
    private final String worker;
    private final Clock clock;
    private final PatchSampler sampler = new PatchSampler();
    private final Executor io;

    /** Stores an image's three objects one after the other on the calling thread. */
    public SampleStage(StageObjects objects, BankCache cache, Codebooks codebooks, String worker, Clock clock) {
        this(objects, cache, codebooks, worker, clock, Runnable::run);
    }

    /**
     * @param io stores an image's latent, provenance and report concurrently (three store round trips that
     *           would otherwise run one after the other); all three are stored when {@link #run} returns
     */
    public SampleStage(StageObjects objects, BankCache cache, Codebooks codebooks, String worker, Clock clock, Executor io) {
        this.io = Objects.requireNonNull(io, "io");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.codebooks = Objects.requireNonNull(codebooks, "codebooks");
        this.worker = worker;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Samples, finishes and stores the task's images; returns them in index order. See {@link #run(SampleTask, Consumer)}.
     */
    public List<Result> run(SampleTask task) {
        List<Result> out = new ArrayList<>(task.images());
        run(task, out::add);
        return List.copyOf(out);
    }

    /**
     * Samples the task's run of images together (one lockstep pass over the bank per step, on the calling thread),
     * then finishes and stores them one by one, handing each to {@code stored} in index order once its three objects
     * are stored; the next image's finish overlaps the previous one's stores. Each image's bytes equal a one-image
     * task's: its generator is seeded by (job seed, its index).
     *
     * <p>Before each image after the first the job's cancel marker is checked (the worker checked before the first);
     * once it is there, the images not yet stored are dropped and the call returns after the ones handed over.
     *
     * <p>Timings per image: {@value #LOAD} on the run's first image (the others share its plan), {@value #SAMPLE} the
     * run's sampling divided over its images plus the image's own finish, {@value #WRITE} its stores; so sums over
     * images are the stage's work.
     *
     * @throws IllegalArgumentException when the job cannot be planned or sampled (permanent; the engine's message)
     * @throws StageInputException      when a stored input is missing or malformed (permanent)
     */
    public void run(SampleTask task, Consumer<Result> stored) {
        long t = System.nanoTime();
        boolean[] planned = {false};
        PlannedJob job = planned(task, planned);
        boolean hit = !planned[0];
        long loadNanos = System.nanoTime() - t;

        JobPlanner.Plan plan = job.plan();
        t = System.nanoTime();
        List<SampleResult> samples = sampler.sampleMany(plan.bank(), plan.params(), plan.request(), task.seed(), task.imageIndex(),
                task.images(), 1);
        long samplingShare = (System.nanoTime() - t) / task.images();
        float[] codebook = plan.params().finish() == SamplerParams.Finish.QUANTIZE ? codebooks.codebook(task.model()) : null;
        PixelBlocks pixelLayout = Codecs.pixelLayout(task.model()).orElse(null);
        Pending pending = null;
        try {
            for (int n = 0; n < samples.size(); n++) {
                // A job cancelled during the run stores none of the run's later images: the purge's second pass comes
                // one task's time after the purge, and a run of several images would outlast it.
                if (n > 0 && objects.isCancelled(task.tenant(), task.jobId())) break;
                SampleResult sample = samples.get(n);
                Map<String, Long> timings = new LinkedHashMap<>();
                timings.put(LOAD, n == 0 ? loadNanos / 1_000_000 : 0L);
                t = System.nanoTime();
                LatentGrid latent = OutputFinisher.finish(sample, plan, job.sources(), codebook, pixelLayout);
                timings.put(SAMPLE, (samplingShare + System.nanoTime() - t) / 1_000_000);
                Pending previous = pending;
                pending = store(task.image(task.imageIndex() + n), job, sample, latent, timings, hit);
                if (previous != null) stored.accept(previous.await());
            }
            stored.accept(pending.await());
        } catch (RuntimeException | Error e) {
            // No store of this call keeps running after it fails (a retry would race with it).
            if (pending != null) pending.settle();
            throw e;
        }
    }

    /** An image whose three objects are being stored. */
    private final class Pending {
        private final List<CompletableFuture<Void>> writes;
        private final long started = System.nanoTime();
        private final SampleTask task;
        private final DecodeTask decode;
        private final Map<String, Long> timings;
        private final boolean hit;

        Pending(SampleTask task, DecodeTask decode, List<CompletableFuture<Void>> writes, Map<String, Long> timings, boolean hit) {
            this.task = task;
            this.decode = decode;
            this.writes = writes;
            this.timings = timings;
            this.hit = hit;
        }

        /** The image's result once all three objects are stored; the first failure as is otherwise. */
        Result await() {
            awaitAll(writes);
            timings.put(WRITE, (System.nanoTime() - started) / 1_000_000);
            JobEvent event = JobEvent.sampled(task.tenant(), task.jobId(), task.imageIndex(), timings, worker, clock.instant());
            return new Result(decode, event, Map.copyOf(timings), hit);
        }

        /** Waits for every write to end, ignoring how. */
        void settle() {
            for (CompletableFuture<Void> f : writes) {
                try {
                    f.join();
                } catch (RuntimeException ignored) {
                    // the caller is already failing with its own error
                }
            }
        }
    }

    private Pending store(SampleTask task, PlannedJob job, SampleResult sample, LatentGrid latent, Map<String, Long> timings, boolean hit) {
        DecodeTask decode = DecodeTask.of(task, job.plan().sourceCount());
        int m = job.sources().gridSize();
        int[] provenance = sample.provenance();
        byte[] report = report(task, job, sample, provenance).getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<Void>> writes = List.of(
                CompletableFuture.runAsync(() -> objects.putLatent(decode.latentKey(), latent), io),
                CompletableFuture.runAsync(() -> objects.putProvenance(decode.provenanceNpyKey(), m, provenance), io),
                CompletableFuture.runAsync(() -> objects.store().put(decode.reportKey(), report, StageObjects.JSON), io));
        return new Pending(task, decode, writes, timings, hit);
    }

    /** Waits for every write, then rethrows the first failure (store outages included) as is. */
    private static void awaitAll(List<CompletableFuture<Void>> writes) {
        RuntimeException first = null;
        for (CompletableFuture<Void> f : writes) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (first == null) first = e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (first != null) throw first;
    }

    /** The cached plan for the task's job shape, loading sources and planning on a miss. */
    private PlannedJob planned(SampleTask task, boolean[] planned) {
        SourcesKey sourcesKey = new SourcesKey(task.sourceLatentsKey(), task.pcaMeanKey(), task.pcaBasisKey());
        PlanKey key = new PlanKey(sourcesKey, task.setId(), task.sourceIndices(), task.params());
        PlannedJob job = cache.get(key, () -> {
            planned[0] = true;
            return plan(task, sourcesKey);
        }, p -> p.plan().bank().bytes() + 1024L * p.names().size());
        checkSourceIndices(task, job.plan());
        return job;
    }

    private PlannedJob plan(SampleTask task, SourcesKey sourcesKey) {
        SourceSetManifest manifest = objects.sourceSet(task.tenant(), task.setId());
        EncodedSources sources = cache.get(sourcesKey, () -> load(sourcesKey), SampleStage::weight);
        if (sources.count() != manifest.imageCount()) {
            throw new StageInputException(sourcesKey.latentsKey() + " holds " + sources.count() + " latents but set "
                    + task.setId() + " has " + manifest.imageCount() + " images");
        }
        GenerationSpec spec = ContractMapping.toSpec(task.params());
        EditRegion region = ContractMapping.regionFor(task.params(), objects.store()::find);
        boolean[] mask = region == null ? null : region.onGrid(sources.gridSize());
        List<String> names = ContractMapping.sourceNames(manifest);
        // The encoder stored the outside image's latent under this job; jobs that share a plan key name the same
        // image and model, so they have the same latent.
        JobPlanner.OutsideImage outside = task.params().referenceImage() == null ? null
                : new JobPlanner.OutsideImage(objects.latent(ObjectKeys.jobReferenceLatent(task.tenant(), task.jobId())));
        JobPlanner.Plan plan = JobPlanner.plan(spec, sources, names, ContractMapping.labels(manifest), outside, mask);
        return new PlannedJob(names, sources, plan);
    }

    private EncodedSources load(SourcesKey key) {
        List<LatentGrid> latents = objects.latents(key.latentsKey());
        try {
            return EncodedSources.of(latents, objects.pca(key.meanKey(), key.basisKey()));
        } catch (IllegalArgumentException e) {
            if (e instanceof StageInputException) throw e;
            throw new StageInputException("source latents " + key.latentsKey() + " do not fit PCA " + key.basisKey() + ": "
                    + e.getMessage(), e);
        }
    }

    private static long weight(EncodedSources s) {
        LatentGrid z = s.latents().get(0);
        return 4L * s.count() * z.data().length + 4L * (s.pca().mean().length + s.pca().components().length);
    }

    /** The encoder planned the same job; a disagreement means the task and the stored set do not belong together. */
    private static void checkSourceIndices(SampleTask task, JobPlanner.Plan plan) {
        int[] ids = plan.sourceIds();
        List<Integer> expected = task.sourceIndices();
        boolean same;
        if (expected == null) {
            same = ids.length == plan.sourceCount();
        } else {
            same = expected.size() == ids.length;
            for (int i = 0; same && i < ids.length; i++) same = expected.get(i) == ids[i];
        }
        if (!same) {
            throw new StageInputException("the task's source indices " + (expected == null ? "(all " + plan.sourceCount() + ")" : expected)
                    + " differ from the plan's " + java.util.Arrays.toString(ids) + " for set " + task.setId()
                    + "; the set's labels changed after the job was encoded");
        }
    }

    /** {@code reports/{i}.json}: a function of the inputs only, so a redelivery rewrites the same bytes. */
    private static String report(SampleTask task, PlannedJob job, SampleResult sample, int[] provenance) {
        JobPlanner.Plan plan = job.plan();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("schemaVersion", ReportJson.SCHEMA_VERSION);
        root.put("jobId", task.jobId());
        root.put("index", task.imageIndex());
        root.put("model", task.model());
        root.put("seed", task.seed());
        root.put("imageSeed", sample.imageSeed());
        root.put("mode", ContractMapping.toSpec(task.params()).mode().label());
        root.set("params", ReportJson.params(plan.params()));
        root.putObject("pca").put("components", job.sources().pca().dims());
        ArrayNode candidates = root.putArray("candidateSources");
        for (int id : plan.sourceIds()) candidates.add(id);
        CopyReport copy = CopyReport.of(provenance, job.sources().gridSize(), plan.sourceCount());
        root.set("copyReport", ReportJson.copyReport(copy, new ArrayList<>(job.names())));
        return ReportJson.toJson(root);
    }
}
