package io.latentpatch.cli;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.Codecs;
import io.latentpatch.codec.ExecutionProvider;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.generate.AlignedSources;
import io.latentpatch.generate.Evaluation;
import io.latentpatch.generate.Generation;
import io.latentpatch.planning.GenerationSpec;
import io.latentpatch.planning.JobPlanner;
import io.latentpatch.generate.OutputWriter;
import io.latentpatch.planning.EditRegion;
import io.latentpatch.generate.RunReport;
import io.latentpatch.generate.SourceLoading;
import io.latentpatch.pipeline.SourceNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latentpatch generate}: the whole method in one process. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Generates new images from a few source images: encode, PCA, multi-scale patch sampling, decode.",
            "Without --sources it uses the built-in labelled synthetic portraits; without --model the built-in pixel codec."
        })
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--sources", split = ",", paramLabel = "DIR|FILE",
            description = "Source images: a directory (all PNG/JPEG in it) or files; default: the built-in sample set.")
    List<Path> sources;

    @Option(names = "--model", paramLabel = "pixel|DIR", defaultValue = Codecs.DEFAULT_SPEC,
            description = "Codec: pixel (pixel-f16), pixel-f8, or a model directory with model.json (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--count", defaultValue = "16", description = "Number of images to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Job seed; same command and seed give identical files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "out/generate", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--reference", paramLabel = "FILE|INDEX",
            description = "Reference (reference mode) or target (edit mode): a source index or an image file.")
    String reference;

    @Option(names = "--region", paramLabel = "NAMES|MASK.png",
            description = "Edit mode: named regions (eyes,mouth,nose,left-eye,right-eye,eyebrows,hair,face) or a mask PNG (white = edit).")
    String region;

    @Option(names = "--labels", paramLabel = "FILE", description = "Per-source labels, CSV or JSON (attributes mode); default: labels.csv or labels.json inside the --sources directory.")
    Path labels;

    @Mixin
    EngineOptions engine;

    @Mixin
    AlignOptions alignment;

    @Option(names = "--threads", description = "Sampler threads (default: available processors).")
    Integer threads;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "Where ONNX models run (default: ${DEFAULT-VALUE}: CUDA when present, else CPU).")
    String device;

    @Option(names = "--decode-batch", defaultValue = "8", description = "Latents per decoder call (default: ${DEFAULT-VALUE}).")
    int decodeBatch;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--evaluate", description = "Then measure the run as `latentpatch evaluate` does (evaluation.json, evaluation.png).")
    boolean evaluate;

    @Option(names = "--evaluate-model", paramLabel = "DIR|pixel",
            description = "Feature encoder of --evaluate (default: ../shared/models/taef2 beside the repository).")
    String evaluateModel;

    /** Stage times of the last run in ms (load-model … write), in execution order; empty before one. */
    private Map<String, Long> lastTimings = Map.of();

    /** Stage times of the last completed run in ms, in execution order ({@code bench pipeline} reads them). */
    Map<String, Long> timings() {
        return lastTimings;
    }

    @Override
    public Integer call() throws IOException {
        ProgressBar progress = quiet ? ProgressBar.silent() : ProgressBar.onStderr();
        List<Path> evaluationSources = sources;
        long start = System.nanoTime();
        ImageLoader loader = new ImageLoader();
        Integer referenceIndex = null;
        Path referenceFile = null;
        if (reference != null) {
            if (reference.matches("\\d+")) referenceIndex = Integer.parseInt(reference);
            else referenceFile = Path.of(reference);
        }
        EditRegion editRegion = parseRegion(region);
        List<String> regionNames = editRegion instanceof EditRegion.Named named ? named.names() : null;
        GenerationSpec spec = engine.toSpec(referenceIndex, regionNames);
        if (spec.mode() == GenerationSpec.Mode.EDIT && editRegion == null) {
            throw new IllegalArgumentException("edit mode needs --region, e.g. --region eyes,mouth or --region mask.png");
        }
        JobPlanner.checkModeInputs(spec, referenceFile != null, editRegion != null);

        Map<String, Long> timings = new LinkedHashMap<>();
        long t = System.nanoTime();
        try (Codec codec = Codecs.open(model, CodecOptions.defaults().withProvider(parseProvider(device)))) {
            timings.put("load-model", (System.nanoTime() - t) / 1_000_000);
            t = System.nanoTime();
            int size = codec.preferredImageSize();
            SourceLabels explicitLabels = labels == null ? null : SourceLoading.readLabels(labels);
            SourceLoading.Alignment align = alignment.loading(loader);
            if (align != null && (sources == null || sources.isEmpty())) {
                throw new IllegalArgumentException("--align needs --sources (the built-in portraits are aligned already)");
            }
            SourceLoading.Loaded loaded = sources == null || sources.isEmpty()
                    ? SourceLoading.builtIn(size, loader)
                    : SourceLoading.fromFiles(sources, size, loader, explicitLabels, align);
            for (String skippedFile : loaded.skipped()) System.err.println("latentpatch: skipped " + skippedFile);
            SourceLabels sourceLabels = explicitLabels != null ? explicitLabels : loaded.labels();
            float[] outside = referenceFile == null ? null : new SourceNormalizer(loader).normalize(referenceFile, size);
            timings.put("load-images", (System.nanoTime() - t) / 1_000_000);
            System.err.printf(Locale.ROOT, "latentpatch: %s, codec %s (L=%d, grid %d), %s mode, %d outputs, seed %d%n",
                    loaded.description(), codec.name(), codec.latentChannels(), size / codec.downscale(),
                    spec.mode().label(), count, seed);

            Generation.Input input = new Generation.Input(codec, loaded.images(), sourceLabels, spec, outside, editRegion,
                    count, seed, threads == null ? Runtime.getRuntime().availableProcessors() : threads, decodeBatch);
            Generation.Result result = Generation.run(input, progress);
            timings.putAll(result.timingsMs());
            t = System.nanoTime();
            Map<String, Long> reported = new LinkedHashMap<>(timings);
            String report = io.latentpatch.planning.ReportJson.toJson(RunReport.build(codec, input, result, reported));
            OutputWriter.write(out, loaded.images(), result, report);
            if (loaded.aligned() != null) {
                Path alignedDir = AlignedSources.write(out, loaded, size);
                System.err.println("latentpatch: aligned sources and their transforms in " + alignedDir);
                evaluationSources = List.of(alignedDir);
            }
            timings.put("write", (System.nanoTime() - t) / 1_000_000);
            System.out.printf(Locale.ROOT, "wrote %d images to %s (outputs.png, sources.png, report.json) in %.1f s%n",
                    count, out.toAbsolutePath().normalize(), (System.nanoTime() - start) / 1e9);
            System.out.println("stage times (ms): " + timings);
            lastTimings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        }
        if (evaluate) {
            Evaluation.Result figures = EvaluateCommand.run(out, evaluationSources, evaluateModel, Evaluation.DEFAULT_THRESHOLD, out);
            System.out.printf(Locale.ROOT, "evaluation: diversity %.3f, copy distance %.3f, coverage entropy %.3f (evaluation.json)%n",
                    figures.diversity(), figures.copyDistance(), figures.coverage().normalizedEntropy());
        }
        return 0;
    }

    static ExecutionProvider parseProvider(String text) {
        return GenerationSpec.parseEnum(ExecutionProvider.class, text, "device");
    }

    static EditRegion parseRegion(String text) throws IOException {
        if (text == null) return null;
        Path file = Path.of(text);
        if (text.toLowerCase(Locale.ROOT).endsWith(".png") || Files.isRegularFile(file)) {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("region mask " + file + " does not exist");
            var picture = ImageIO.read(file.toFile());
            if (picture == null) throw new IllegalArgumentException("region mask " + file + " is not a readable image");
            return new EditRegion.Mask(picture, file.toString());
        }
        return new EditRegion.Named(new ArrayList<>(Arrays.asList(text.split(","))));
    }
}
