package io.latentpatch.pipeline.stage;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.ImageRejectedException;
import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.codec.Codec;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.contracts.JobRequest;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SampleTask;
import io.latentpatch.contracts.SourceSetAlignment;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.pipeline.SourceAligner;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.pca.PcaBasis;
import io.latentpatch.planning.ContractMapping;
import io.latentpatch.planning.EncodedSources;
import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.planning.JobPlanner;
import io.latentpatch.planning.EditRegion;
import io.latentpatch.pipeline.SourceNormalizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The encoder worker's step: a {@link JobRequest} becomes stored source latents and PCA, and the
 * {@link SampleTask}s to fan out (runs of consecutive output images).
 *
 * <p>For a set not yet encoded with the job's model, each uploaded image
 * ({@link ObjectKeys#sourceImage}) is normalised with {@link SourceNormalizer} to the codec's square
 * side, encoded alone (one codec call per image, as {@code latentpatch generate} does) and the latents
 * stored as one float32 {@code [B, L, M, M]} {@code latents.npy} (one object, written only once every image is
 * encoded: its presence with the set's image count and the model's shape means "encoded"; the normalised pixels are
 * not stored, since nothing reads them back). A set already encoded
 * for that model is reused, not encoded again. The PCA for the
 * job's r is fitted on all B images and stored as {@code mean.npy} + {@code basis.npy}, or reused. The latents are
 * stored on the {@code io} executor while the PCA is fitted and the job planned (for the pixel codec they are 12.6 MB
 * for 16 images, the stage's largest write), and awaited before any task is returned or any failure thrown.
 *
 * <p>The whole job is then planned once with {@link JobPlanner} (the same call the sampler makes per
 * image), so a job that cannot run fails here, before any task is published, with the engine's
 * message ({@link IllegalArgumentException}).
 *
 * <p>A set uploaded with {@code align=true} ({@link SourceSetManifest#align}) is FFHQ-aligned instead of
 * centre-cropped ({@link SourceAligner}, the same pixels as {@code generate --align}): every image is aligned in memory
 * first, so a picture without a usable face fails the job naming the file before anything is stored (or, with
 * {@code align.failures = skip}, is left out). The aligned images are stored at {@link ObjectKeys#sourceAlignedImage}
 * and then the {@link SourceSetAlignment} at {@link ObjectKeys#sourceAlignment} (once per set, by the first model that
 * encodes it; later models align exactly the images it kept), and the set the engine sees is its kept images
 * ({@link StageObjects#sourceSet}). The aligned pixels are what the codec encodes.
 *
 * <p>A job with an outside reference / edit target ({@code params.referenceImage}) also gets that image
 * normalised and encoded like a source, its latent stored at {@link ObjectKeys#jobReferenceLatent}.
 *
 * <p>Thread-safe when the store and the codec are.
 */
public final class EncodeStage {
    /** Timing key present only when images were encoded. */
    public static final String ENCODE = "encode";
    /** Timing key present only when the images of a set uploaded with {@code align=true} were aligned. */
    public static final String ALIGN = "align";
    /** Timing key: loading stored latents of a set encoded before. */
    public static final String LOAD = "load";
    public static final String PCA = "pca";
    public static final String PLAN = "plan";
    /** Timing key present only for a job with an outside reference / edit target ({@code params.referenceImage}). */
    public static final String REFERENCE = "reference";
    /**
     * Timing key present only when images were encoded: waiting, after the PCA and the plan, for {@code latents.npy}
     * to be stored (the store overlaps them; this is what it did not hide).
     */
    public static final String STORE = "store";
    /** Not a duration: the number of images encoded for this job (0 when the set was reused). */
    public static final String ENCODED_IMAGES = "encodedImages";

    /**
     * What a job's encoding produced.
     *
     * @param tasks         the output images in runs of at most {@code imagesPerSampleTask}, in index order
     * @param encoded       the ENCODED event with {@link #timingsMs}
     * @param reused        the set was already encoded for this model
     * @param imagesEncoded images run through the encoder (0 when reused)
     * @param pcaReused     the PCA for r was already stored
     */
    public record Result(List<SampleTask> tasks, JobEvent encoded, boolean reused, int imagesEncoded, boolean pcaReused,
                         Map<String, Long> timingsMs) {}

    private final StageObjects objects;
    private final SourceNormalizer normalizer;
    private final SetAligner aligner;
    private final String worker;
    private final Clock clock;
    private final Executor io;
    private final int readAhead;
    private final int imagesPerSampleTask;

    /** The aligner of a stage built without alignment models: every set uploaded with {@code align=true} fails. */
    static final Supplier<SourceAligner> NO_ALIGNER = () -> {
        throw new StageInputException("this encoder cannot align faces (no alignment models configured)");
    };

    /** A stage that refuses sets uploaded with {@code align=true}, reading images on the calling thread. */
    public EncodeStage(StageObjects objects, ImageLoader loader, String worker, Clock clock) {
        this(objects, loader, NO_ALIGNER, worker, clock, Runnable::run, 1);
    }

    /** A stage that refuses sets uploaded with {@code align=true}, reading images ahead on {@code io}. */
    public EncodeStage(StageObjects objects, ImageLoader loader, String worker, Clock clock, Executor io, int readAhead) {
        this(objects, loader, NO_ALIGNER, worker, clock, io, readAhead);
    }

    /** A stage that aligns with {@code aligner}, reading images on the calling thread. */
    public EncodeStage(StageObjects objects, ImageLoader loader, Supplier<SourceAligner> aligner, String worker, Clock clock) {
        this(objects, loader, aligner, worker, clock, Runnable::run, 1);
    }

    /**
     * @param aligner   for sets uploaded with {@code align=true}, asked on the first such set (the landmark model is
     *                  large); it throws, with a message naming the missing file, when this worker cannot align
     * @param worker    this replica's name for events (host or pod name)
     * @param io        reads and normalises source images ahead of the codec, so store round trips and PNG
     *                  decoding overlap the encoding; the codec runs on the calling
     *                  thread, one image per call in index order, so the latents do not depend on it
     * @param readAhead images read and normalised ahead of the one being encoded (≥ 1; bounds the memory held)
     */
    public EncodeStage(StageObjects objects, ImageLoader loader, Supplier<SourceAligner> aligner, String worker, Clock clock,
                       Executor io, int readAhead) {
        this(objects, loader, aligner, worker, clock, io, readAhead, 1);
    }

    /**
     * The full form of {@link #EncodeStage(StageObjects, ImageLoader, Supplier, String, Clock, Executor, int)}.
     *
     * @param imagesPerSampleTask images per {@link SampleTask} (1..{@value SampleTask#MAX_IMAGES}): a sampler samples a
     *                            task's images together, in one pass over the bank per step, while separate tasks spread
     *                            over sampler replicas; results do not depend on it
     */
    public EncodeStage(StageObjects objects, ImageLoader loader, Supplier<SourceAligner> aligner, String worker, Clock clock,
                       Executor io, int readAhead, int imagesPerSampleTask) {
        // Checked here too, so a worker with a bad setting fails at start-up rather than on its first job.
        this.imagesPerSampleTask = SampleTask.checkImagesPerTask(imagesPerSampleTask);
        this.objects = Objects.requireNonNull(objects, "objects");
        this.normalizer = new SourceNormalizer(Objects.requireNonNull(loader, "loader"));
        this.aligner = new SetAligner(aligner);
        this.worker = worker;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.io = Objects.requireNonNull(io, "io");
        if (readAhead < 1) throw new IllegalArgumentException("read-ahead must be >= 1, got " + readAhead);
        this.readAhead = readAhead;
    }

    /** The ENCODING_STARTED event for {@code job}, published before the work starts. */
    public JobEvent started(JobRequest job) {
        return JobEvent.encodingStarted(job.tenant(), job.jobId(), worker, clock.instant());
    }

    /**
     * Encodes (or reuses) the job's source set with {@code codec}, which must be the codec named by
     * {@code job.model()}, and plans the job.
     *
     * @throws IllegalArgumentException when the job cannot run (bad parameters for this set and model,
     *                                  a filter matching fewer than two images, a missing mask): permanent
     * @throws StageInputException      when the set or one of its images is missing or unreadable: permanent
     */
    public Result run(JobRequest job, Codec codec) {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t = System.nanoTime();
        String tenant = job.tenant();
        String set = job.sourceSetId();
        String model = job.model();
        SourceSetManifest uploaded = objects.manifest(tenant, set);
        SourceSetAlignment alignment = uploaded.align() == null ? null : objects.alignment(tenant, set);
        // The set the engine sees: an aligned set's kept images only.
        SourceSetManifest manifest = alignment == null ? uploaded : restrict(alignment, uploaded);
        GenerationSpec spec = ContractMapping.toSpec(job.params());
        EditRegion region = ContractMapping.regionFor(job.params(), objects.store()::find);
        String referenceKey = job.params().referenceImage();
        // Cheap checks first, so a hopeless job fails before anything is encoded.
        JobPlanner.checkModeInputs(spec, referenceKey != null, region != null);
        int r = spec.resolvePcaDims(codec.latentChannels());

        String latentsKey = ObjectKeys.sourceLatents(tenant, set, model);
        List<LatentGrid> latents = uploaded.align() != null && alignment == null ? null
                : reusableLatents(manifest, codec, latentsKey);
        boolean reused = latents != null;
        int encodedImages = 0;
        // latents.npy is stored while the PCA is fitted and the job planned, and awaited before any task is returned
        CompletableFuture<Void> storing = null;
        if (reused) {
            t = lap(timings, LOAD, t);
        } else if (uploaded.align() != null) {
            int size = codec.preferredImageSize();
            SetAligner.Aligned aligned = aligner.align(uploaded, alignment, size, i -> objects.require(
                    ObjectKeys.sourceImage(tenant, set, i), "source image " + i + " (" + uploaded.fileNames().get(i) + ") of set "
                            + set + " is missing"));
            // Stored once per set: a later model with another input side keeps the first one's aligned images.
            if (alignment == null) SetAligner.store(objects, tenant, aligned);
            manifest = restrict(aligned.alignment(), uploaded);
            t = lap(timings, ALIGN, t);
            latents = encodeSet(aligned.chw().size(), codec, aligned.chw()::get);
            storing = storeLatents(latentsKey, latents);
            encodedImages = latents.size();
            t = lap(timings, ENCODE, t);
        } else {
            SourceSetManifest images = manifest;
            int size = codec.preferredImageSize();
            latents = encodeSet(images.imageCount(), codec, i -> normalized(tenant, images, i, size));
            storing = storeLatents(latentsKey, latents);
            encodedImages = latents.size();
            t = lap(timings, ENCODE, t);
        }

        JobPlanner.Plan plan;
        EncodedSources encoded;
        boolean pcaReused = false;
        try {
            String meanKey = ObjectKeys.pcaMean(tenant, set, model, r);
            String basisKey = ObjectKeys.pcaBasis(tenant, set, model, r);
            PcaBasis pca = null;
            if (reused && objects.store().exists(basisKey)) {
                pca = objects.pca(meanKey, basisKey);
                pcaReused = pca.dims() == r && pca.channels() == codec.latentChannels();
            }
            if (pcaReused) {
                encoded = EncodedSources.of(latents, pca);
            } else {
                encoded = EncodedSources.fit(latents, r);
                objects.putPca(meanKey, basisKey, encoded.pca());
            }
            t = lap(timings, PCA, t);

            JobPlanner.OutsideImage outside = null;
            if (referenceKey != null) {
                outside = new JobPlanner.OutsideImage(encodeReference(job, referenceKey, codec));
                t = lap(timings, REFERENCE, t);
            }
            boolean[] mask = region == null ? null : region.onGrid(encoded.gridSize());
            plan = JobPlanner.plan(spec, encoded, ContractMapping.sourceNames(manifest),
                    ContractMapping.labels(manifest), outside, mask);
            t = lap(timings, PLAN, t);
        } catch (RuntimeException | Error e) {
            // Nothing of this call keeps running after it fails (a retry would race with it).
            if (storing != null) quietlyAwait(List.of(storing));
            throw e;
        }
        if (storing != null) {
            join(storing);
            lap(timings, STORE, t);
        }
        timings.put(ENCODED_IMAGES, (long) encodedImages);

        List<Integer> sourceIndices = plan.sourceIds().length == encoded.count() ? null : toList(plan.sourceIds());
        List<SampleTask> tasks = SampleTask.forJob(job, imagesPerSampleTask, r, sourceIndices, null);
        JobEvent event = JobEvent.encoded(job.tenant(), job.jobId(), timings, worker, clock.instant());
        return new Result(tasks, event, reused, encodedImages, pcaReused, Map.copyOf(timings));
    }

    /** Stores the set's latents on {@code io} (the calling thread when the stage was built without one). */
    private CompletableFuture<Void> storeLatents(String key, List<LatentGrid> latents) {
        return CompletableFuture.runAsync(() -> objects.putLatents(key, latents), io);
    }

    /** The stored latents when the set is completely encoded for this model and shape, else null. */
    private List<LatentGrid> reusableLatents(SourceSetManifest manifest, Codec codec, String latentsKey) {
        // latents.npy is one object written after every image was encoded: present means complete
        if (!objects.store().exists(latentsKey)) return null;
        List<LatentGrid> latents = objects.latents(latentsKey);
        int m = codec.preferredImageSize() / codec.downscale();
        LatentGrid first = latents.get(0);
        // A set re-uploaded under the same id, or a model whose shape changed: encode again.
        if (latents.size() != manifest.imageCount() || first.channels() != codec.latentChannels() || first.size() != m) return null;
        return latents;
    }

    /**
     * Encodes images {@code 0 .. n−1} of the set in index order: the uploads normalised from the store, or an aligned
     * set's images. Up to {@code readAhead} images are produced by {@code image} on {@code io} ahead of the codec; no
     * read is still running when this returns or throws.
     */
    private List<LatentGrid> encodeSet(int n, Codec codec, IntFunction<float[]> image) {
        int size = codec.preferredImageSize();
        List<CompletableFuture<float[]>> read = new ArrayList<>(n);
        List<LatentGrid> latents = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                while (read.size() < Math.min(n, i + readAhead)) {
                    int j = read.size();
                    read.add(CompletableFuture.supplyAsync(() -> image.apply(j), io));
                }
                float[] chw = join(read.get(i));
                read.set(i, null); // the codec input is held only until it is encoded
                latents.addAll(SourceEncoding.encodeImages(codec, List.of(chw), size));
            }
        } catch (RuntimeException | Error e) {
            // Nothing of this call keeps running after it fails (a retry would race with it).
            quietlyAwait(read);
            throw e;
        }
        return latents;
    }

    private static SourceSetManifest restrict(SourceSetAlignment alignment, SourceSetManifest uploaded) {
        try {
            return alignment.restrict(uploaded);
        } catch (io.latentpatch.contracts.InvalidMessageException e) {
            throw new StageInputException(e.getMessage(), e);
        }
    }

    /** Source image {@code i}, read from the store and normalised to the codec's side. */
    private float[] normalized(String tenant, SourceSetManifest manifest, int i, int size) {
        String set = manifest.setId();
        String key = ObjectKeys.sourceImage(tenant, set, i);
        byte[] bytes = objects.require(key, "source image " + i + " (" + manifest.fileNames().get(i) + ") of set " + set + " is missing");
        try {
            return normalizer.normalize(bytes, manifest.fileNames().get(i), size);
        } catch (ImageRejectedException e) {
            throw new StageInputException("source image " + i + " (" + manifest.fileNames().get(i) + ") of set " + set
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void quietlyAwait(List<? extends CompletableFuture<?>> futures) {
        for (CompletableFuture<?> f : futures) {
            if (f == null) continue;
            try {
                f.join();
            } catch (RuntimeException ignored) {
                // the first failure is the one reported
            }
        }
    }

    /** The future's value, rethrowing what the task threw (store outages included) as is. */
    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Normalises and encodes the job's outside image exactly as {@code generate --reference FILE} does, and stores its
     * latent at {@link ObjectKeys#jobReferenceLatent} for the sampler (deterministic: a redelivery rewrites the same bytes).
     */
    private LatentGrid encodeReference(JobRequest job, String key, Codec codec) {
        int size = codec.preferredImageSize();
        byte[] bytes = objects.require(key, "the reference image " + key + " of job " + job.jobId() + " is missing");
        float[] chw;
        try {
            chw = normalizer.normalize(bytes, key, size);
        } catch (ImageRejectedException e) {
            throw new StageInputException("the reference image " + key + " of job " + job.jobId() + " cannot be read: "
                    + e.getMessage(), e);
        }
        LatentGrid latent = SourceEncoding.encodeImages(codec, List.of(chw), size).get(0);
        objects.putLatent(ObjectKeys.jobReferenceLatent(job.tenant(), job.jobId()), latent);
        return latent;
    }

    private static List<Integer> toList(int[] ids) {
        List<Integer> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(id);
        return out;
    }

    static long lap(Map<String, Long> timings, String stage, long since) {
        long now = System.nanoTime();
        timings.put(stage, (now - since) / 1_000_000);
        return now;
    }
}
