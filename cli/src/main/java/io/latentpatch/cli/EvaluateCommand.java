package io.latentpatch.cli;

import io.latentpatch.codec.Codec;
import io.latentpatch.codec.CodecOptions;
import io.latentpatch.codec.Codecs;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.generate.Evaluation;
import io.latentpatch.generate.SourceLoading;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.SourceImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentpatch evaluate}: the figures of a run (diversity, copy distance, coverage, memorisation, seam energy). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures a generate run or a fetched job: diversity and copy distance on encoder features, source coverage,",
            "memorisation and seam energy from the provenance maps. Writes evaluation.json and evaluation.png (see docs/generate.md)."
        })
final class EvaluateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A directory with i.png and i.provenance.npy per output.")
    Path run;

    @Option(names = "--sources", split = ",", paramLabel = "DIR|FILE",
            description = "The run's source images, in the run's order; default: the built-in sample set when report.json names it.")
    List<Path> sources;

    @Option(names = "--model", paramLabel = "DIR|pixel",
            description = "Feature encoder: a model directory or a built-in codec; default: ../shared/models/taef2 beside the repository.")
    String model;

    @Option(names = "--threshold", defaultValue = "0.25", description = "Flag outputs whose largest single-source region exceeds this fraction of the grid (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--out", paramLabel = "DIR", description = "Where evaluation.json and evaluation.png go (default: RUN_DIR).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Evaluation.Result result = run(run, sources, model, threshold, out == null ? run : out);
        System.out.printf(Locale.ROOT, "diversity %.3f, copy distance %.3f, coverage entropy %.3f, %.0f %% of sources dominate an output,"
                        + " %d of %d memorised, seam energy %s%n",
                result.diversity(), result.copyDistance(), result.coverage().normalizedEntropy(),
                100 * result.coverage().dominatingFraction(), result.flagged(), result.coverage().dominant().length,
                Double.isFinite(result.seamRatio()) ? String.format(Locale.ROOT, "%.3f", result.seamRatio()) : "n/a");
        System.out.println("wrote " + (out == null ? run : out).resolve(Evaluation.JSON_FILE).toAbsolutePath().normalize() + " and "
                + Evaluation.PICTURE_FILE);
        return 0;
    }

    /** Evaluates {@code runDir} and writes the results into {@code outDir}; shared with {@code generate --evaluate}. */
    static Evaluation.Result run(Path runDir, List<Path> sourcePaths, String model, double threshold, Path outDir) throws IOException {
        if (!Files.isDirectory(runDir)) throw new IllegalArgumentException("run directory " + runDir + " does not exist");
        ImageLoader loader = new ImageLoader();
        List<Evaluation.Output> outputs = Evaluation.readRun(runDir, loader);
        String spec = model != null ? model : defaultFeatureModel();
        try (Codec codec = Codecs.open(spec, CodecOptions.defaults())) {
            int size = codec.preferredImageSize();
            List<SourceImage> sourceImages = sourcePaths == null || sourcePaths.isEmpty()
                    ? builtInSourcesOf(runDir, size, loader)
                    : SourceLoading.fromFiles(sourcePaths, size, loader, null).images();
            Evaluation.Result result = Evaluation.evaluate(outputs, sourceImages, codec, codec.name(), threshold);
            Evaluation.write(outDir, result);
            return result;
        }
    }

    /** The taef2 model beside the repository; a clear error when it is not there. */
    static String defaultFeatureModel() {
        Path taef2 = StackOptions.home().resolveSibling("shared").resolve("models").resolve("taef2");
        if (!Files.isRegularFile(taef2.resolve("model.json"))) {
            throw new IllegalArgumentException("the default feature model " + taef2 + " is not there; pass --model DIR (a model"
                    + " directory) or --model pixel-f16 (the built-in pixel codec)");
        }
        return taef2.toString();
    }

    /** The built-in portraits, when the run's report.json names exactly them; otherwise --sources is needed. */
    private static List<SourceImage> builtInSourcesOf(Path runDir, int size, ImageLoader loader) throws IOException {
        Path report = runDir.resolve("report.json");
        List<SourceImage> builtIn = SourceLoading.builtIn(size, loader).images();
        if (Files.isRegularFile(report)) {
            List<String> named = new ArrayList<>();
            JsonCodec.shared().mapper().readTree(report.toFile()).path("sources").forEach(n -> named.add(n.asText()));
            if (named.equals(SourceImage.names(builtIn))) return builtIn;
        }
        throw new IllegalArgumentException("which sources made " + runDir + "? pass --sources DIR (the run's source images, in its order)");
    }
}
