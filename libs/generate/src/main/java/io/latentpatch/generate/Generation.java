package io.latentpatch.generate;

import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.planning.JobPlanner;
import io.latentpatch.planning.EncodedSources;
import io.latentpatch.planning.OutputFinisher;
import io.latentpatch.planning.EditRegion;
import io.latentpatch.pipeline.SourceImage;

import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.ImageBatch;
import io.latentpatch.core.concurrent.ParallelIndices;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.core.provenance.CopyReport;
import io.latentpatch.core.sampler.PatchSampler;
import io.latentpatch.core.sampler.SampleResult;
import io.latentpatch.core.sampler.SamplerParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole method in one process: encode → PCA → plan → multi-scale sampling → finish → decode.
 * The reference the distributed pipeline must match: it uses the same steps ({@link EncodedSources},
 * {@link JobPlanner}, {@link OutputFinisher}) that the workers use one stage at a time.
 */
public final class Generation {
    private Generation() {}

    /**
     * Inputs of a run.
     *
     * @param codec        the opened codec
     * @param sources      the source images at the codec's size, in index order
     * @param labels       per-source labels (attributes mode) or null
     * @param spec         mode, method and parameters
     * @param outsideImage a reference/target image that is not a source (CHW at the codec's size) or null
     * @param region       edit region or null
     * @param count        number of outputs N
     * @param seed         job seed; output i draws from {@code SeedMixer.imageRandom(seed, i)}
     * @param threads      sampler threads (results do not depend on it)
     * @param decodeBatch  latents decoded per codec call
     */
    public record Input(Codec codec, List<SourceImage> sources, SourceLabels labels, GenerationSpec spec,
                        float[] outsideImage, EditRegion region, int count, long seed, int threads, int decodeBatch) {
        public Input {
            Objects.requireNonNull(codec, "codec");
            Objects.requireNonNull(sources, "sources");
            Objects.requireNonNull(spec, "spec");
            if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            if (decodeBatch < 1) throw new IllegalArgumentException("decode batch must be >= 1, got " + decodeBatch);
        }
    }

    /** One generated output. */
    public record Output(int index, SampleResult sample, LatentGrid latent, float[] image, CopyReport copyReport) {}

    /** Everything a run produced, with wall-clock milliseconds per stage in execution order. */
    public record Result(EncodedSources encoded, JobPlanner.Plan plan, List<Output> outputs,
                         Map<String, Long> timingsMs, int imageSize) {}

    public static Result run(Input in, Progress progress) {
        Map<String, Long> timings = new LinkedHashMap<>();
        Codec codec = in.codec();
        int size = codec.preferredImageSize();
        List<float[]> pixels = new ArrayList<>(in.sources().size());
        for (SourceImage s : in.sources()) pixels.add(s.chw());
        List<String> names = SourceImage.names(in.sources());

        long t = System.nanoTime();
        progress.update("encoding", 0, pixels.size());
        List<LatentGrid> latents = new ArrayList<>(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            latents.addAll(SourceEncoding.encodeImages(codec, List.of(pixels.get(i)), size));
            progress.update("encoding", i + 1, pixels.size());
        }
        JobPlanner.OutsideImage outside = null;
        if (in.outsideImage() != null) {
            outside = new JobPlanner.OutsideImage(SourceEncoding.encodeImages(codec, List.of(in.outsideImage()), size).get(0));
        }
        t = lap(timings, "encode", t);

        EncodedSources encoded = EncodedSources.fit(latents, in.spec().resolvePcaDims(codec.latentChannels()));
        t = lap(timings, "pca", t);

        boolean[] mask = in.region() == null ? null : in.region().onGrid(encoded.gridSize());
        JobPlanner.Plan plan = JobPlanner.plan(in.spec(), encoded, names, in.labels(), outside, mask);
        t = lap(timings, "plan", t);

        progress.update("sampling", 0, in.count());
        List<SampleResult> samples = new PatchSampler().sampleMany(plan.bank(), plan.params(), plan.request(),
                in.seed(), 0, in.count(), in.threads());
        progress.update("sampling", in.count(), in.count());
        float[] codebook = codec.codebook().orElse(null);
        PixelBlocks layout = codec.pixelLayout().orElse(null);
        List<LatentGrid> finished = finishAll(samples, plan, encoded, codebook, layout, in.threads());
        t = lap(timings, "sample", t);

        List<float[]> images = decode(codec, finished, in.decodeBatch(), progress);
        t = lap(timings, "decode", t);

        List<Output> outputs = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            SampleResult s = samples.get(i);
            outputs.add(new Output(s.imageIndex(), s, finished.get(i), images.get(i),
                    CopyReport.of(s.provenance(), encoded.gridSize(), plan.sourceCount())));
        }
        lap(timings, "report", t);
        return new Result(encoded, plan, outputs, timings, size);
    }

    /**
     * Finishes every sample (the blend is a solve per output, about 50 ms for a 256² picture), on {@code threads}
     * threads: each output is finished alone, so the result is the same on any number of threads; in output order.
     */
    static List<LatentGrid> finishAll(List<SampleResult> samples, JobPlanner.Plan plan, EncodedSources encoded, float[] codebook,
                                      PixelBlocks layout, int threads) {
        LatentGrid[] out = new LatentGrid[samples.size()];
        int workers = Math.max(1, Math.min(threads, samples.size()));
        if (workers == 1) {
            for (int i = 0; i < out.length; i++) out[i] = OutputFinisher.finish(samples.get(i), plan, encoded, codebook, layout);
            return List.of(out);
        }
        ParallelIndices.run(out.length, workers, "latentpatch-finish",
                () -> i -> out[i] = OutputFinisher.finish(samples.get(i), plan, encoded, codebook, layout));
        return List.of(out);
    }

    /** Decodes latents in batches of {@code batch}; returns one CHW image per latent. */
    public static List<float[]> decode(Codec codec, List<LatentGrid> latents, int batch, Progress progress) {
        List<float[]> images = new ArrayList<>(latents.size());
        progress.update("decoding", 0, latents.size());
        for (int from = 0; from < latents.size(); from += batch) {
            int to = Math.min(latents.size(), from + batch);
            ImageBatch decoded = codec.decode(SourceEncoding.toBatch(latents.subList(from, to)));
            int per = 3 * decoded.height() * decoded.width();
            for (int i = 0; i < to - from; i++) {
                float[] chw = new float[per];
                System.arraycopy(decoded.data(), i * per, chw, 0, per);
                images.add(chw);
            }
            progress.update("decoding", to, latents.size());
        }
        return images;
    }

    private static long lap(Map<String, Long> timings, String stage, long since) {
        long now = System.nanoTime();
        timings.put(stage, (now - since) / 1_000_000);
        return now;
    }

    /** Resolved name of the sampler method, for reports. */
    static String methodLabel(SamplerParams p) {
        return GenerationSpec.label(p.method());
    }
}
