package io.latentpatch.pipeline.stage;

import io.latentpatch.imaging.RgbImage;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.contracts.DecodeTask;
import io.latentpatch.contracts.JobEvent;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.provenance.ProvenancePicture;
import io.latentpatch.planning.EncodedSources;
import io.latentpatch.storage.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The decoder worker's step: a batch of {@link DecodeTask}s becomes stored images
 * ({@code jobs/{id}/images/{i}.png}) and provenance pictures ({@code provenance/{i}.png}, hue = source /
 * B with B = {@link DecodeTask#sourceCount()}), one IMAGE_DONE event per image.
 *
 * <p>The latents of a batch are grouped by model (and shape) and each group is decoded in one codec
 * call, so a GPU sees the whole batch; the codec itself splits calls larger than its
 * {@code maxBatch}. A task whose inputs are missing or malformed, or whose group the codec rejects,
 * fails alone (in {@link Result#failed()}) and the rest of the batch is still stored. An unreachable
 * store ({@link StoreUnavailableException}) aborts the whole batch so the caller can retry it: every
 * output is rewritten with identical bytes.
 *
 * <p>Thread-safe when the store and the codecs are.
 */
public final class DecodeStage {
    public static final String LOAD = "load";
    public static final String DECODE = "decode";
    public static final String WRITE = "write";

    /** The codec for a model name; unknown names throw {@link IllegalArgumentException}. */
    @FunctionalInterface
    public interface Codecs {
        Codec codec(String model);
    }

    /** An image stored, and its event. */
    public record Done(DecodeTask task, JobEvent event) {}

    /** A task that cannot be decoded, and why (permanent). */
    public record Failure(DecodeTask task, RuntimeException error) {}

    /**
     * @param codecCalls codec calls made (one per model and shape group)
     * @param timingsMs  the whole batch's load, decode and write times (wall clock)
     */
    public record Result(List<Done> done, List<Failure> failed, int codecCalls, Map<String, Long> timingsMs) {}

    private record Loaded(DecodeTask task, LatentGrid latent, int[] provenance) {}

    private record Group(String model, int channels, int size) {}

    private final StageObjects objects;
    private final String worker;
    private final Clock clock;
    private final Executor io;

    /** Loads and stores one object after the other on the calling thread. */
    public DecodeStage(StageObjects objects, String worker, Clock clock) {
        this(objects, worker, clock, Runnable::run);
    }

    /**
     * @param io runs the per-task loads and stores (PNG encoding included) of a batch concurrently; the
     *           decode itself stays on the calling thread. Store round trips dominate a batch's time
     *           otherwise (about 2 × 10 ms per image against S3Proxy on 2 cores).
     */
    public DecodeStage(StageObjects objects, String worker, Clock clock, Executor io) {
        this.objects = Objects.requireNonNull(objects, "objects");
        this.worker = worker;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.io = Objects.requireNonNull(io, "io");
    }

    /**
     * Decodes and stores {@code tasks}.
     *
     * @throws StoreUnavailableException when the store cannot be reached (retry the batch)
     */
    public Result run(List<DecodeTask> tasks, Codecs codecs) {
        List<Done> done = new ArrayList<>(tasks.size());
        List<Failure> failed = new ArrayList<>();
        long start = System.nanoTime();
        List<CompletableFuture<Loaded>> loads = new ArrayList<>(tasks.size());
        for (DecodeTask task : tasks) {
            loads.add(CompletableFuture.supplyAsync(() -> {
                LatentGrid latent = objects.latent(task.latentKey());
                return new Loaded(task, latent, objects.provenance(task.provenanceNpyKey(), latent.size()));
            }, io));
        }
        Map<Group, List<Loaded>> groups = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            try {
                Loaded l = join(loads.get(i));
                groups.computeIfAbsent(new Group(l.task().model(), l.latent().channels(), l.latent().size()), g -> new ArrayList<>()).add(l);
            } catch (StageInputException e) {
                failed.add(new Failure(tasks.get(i), e));
            }
        }
        long loadNanos = System.nanoTime() - start;
        long decodeNanos = 0;
        long writeNanos = 0;
        int calls = 0;
        for (Map.Entry<Group, List<Loaded>> entry : groups.entrySet()) {
            List<Loaded> group = entry.getValue();
            long t = System.nanoTime();
            ImageBatch images;
            try {
                images = decode(entry.getKey(), group, codecs);
                calls++;
            } catch (StoreUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                for (Loaded l : group) failed.add(new Failure(l.task(), e));
                continue;
            }
            long decoded = System.nanoTime();
            decodeNanos += decoded - t;
            int h = images.height();
            int w = images.width();
            long perImageDecode = (decoded - t) / group.size();
            long writeStart = System.nanoTime();
            // Two tasks per image (the image, its provenance picture): both PNGs of an image code and store at once.
            List<CompletableFuture<Long>> writes = new ArrayList<>(2 * group.size());
            for (int i = 0; i < group.size(); i++) {
                Loaded l = group.get(i);
                float[] chw = images.image(i);
                writes.add(CompletableFuture.supplyAsync(() -> writeImage(l, chw, h, w), io));
                writes.add(CompletableFuture.supplyAsync(() -> writeProvenance(l, h, w), io));
            }
            awaitAll(writes);
            for (int i = 0; i < group.size(); i++) {
                long wrote = Math.max(join(writes.get(2 * i)), join(writes.get(2 * i + 1)));
                DecodeTask task = group.get(i).task();
                Map<String, Long> timings = Map.of(
                        LOAD, loadNanos / tasks.size() / 1_000_000,
                        DECODE, perImageDecode / 1_000_000,
                        WRITE, wrote / 1_000_000);
                done.add(new Done(task, JobEvent.imageDone(task.tenant(), task.jobId(), task.imageIndex(), timings, worker, clock.instant())));
            }
            writeNanos += System.nanoTime() - writeStart;
        }
        Map<String, Long> batch = new LinkedHashMap<>();
        batch.put(LOAD, loadNanos / 1_000_000);
        batch.put(DECODE, decodeNanos / 1_000_000);
        batch.put(WRITE, writeNanos / 1_000_000);
        return new Result(List.copyOf(done), List.copyOf(failed), calls, batch);
    }

    /** Codes and stores one image as PNG; returns the nanoseconds it took. */
    private long writeImage(Loaded l, float[] chw, int h, int w) {
        long t = System.nanoTime();
        objects.store().put(l.task().imageKey(), PngWriter.encodeChw(chw, h, w), StageObjects.PNG);
        return System.nanoTime() - t;
    }

    /** Draws, codes and stores one provenance picture ({@code h × w}, like the image); returns the nanoseconds it took. */
    private long writeProvenance(Loaded l, int h, int w) {
        long t = System.nanoTime();
        DecodeTask task = l.task();
        int[] pixels = ProvenancePicture.pixels(l.provenance(), l.latent().size(), task.sourceCount(), w, h);
        objects.store().put(task.provenancePngKey(), PngWriter.encode(new RgbImage(w, h, pixels)), StageObjects.PNG);
        return System.nanoTime() - t;
    }

    /** Waits for every future (none keeps running after the batch), then rethrows the first failure as is. */
    private static void awaitAll(List<? extends CompletableFuture<?>> futures) {
        RuntimeException first = null;
        for (CompletableFuture<?> f : futures) {
            try {
                join(f);
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
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

    /** One codec call for the whole group. */
    private static ImageBatch decode(Group group, List<Loaded> loaded, Codecs codecs) {
        Codec codec = codecs.codec(group.model());
        if (codec.latentChannels() != group.channels()) {
            throw new StageInputException("latents of model " + group.model() + " have " + group.channels()
                    + " channels but the model expects " + codec.latentChannels());
        }
        List<LatentGrid> latents = new ArrayList<>(loaded.size());
        for (Loaded l : loaded) latents.add(l.latent());
        return codec.decode(SourceEncoding.toBatch(latents));
    }
}
