package io.latentpatch.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.codec.Codec;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.core.evaluation.Coverage;
import io.latentpatch.core.evaluation.FeatureSpace;
import io.latentpatch.core.evaluation.SeamEnergy;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.core.provenance.CopyReport;
import io.latentpatch.core.provenance.ProvenancePicture;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import io.latentpatch.pipeline.SourceEncoding;
import io.latentpatch.pipeline.SourceImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of a run ({@code latentpatch evaluate}): diversity and copy distance in a feature space (each image
 * through a codec's encoder, latent average-pooled to 4×4 cells — {@link FeatureSpace}), coverage of the sources from
 * the provenance maps ({@link Coverage}), memorisation (the largest 4-connected single-source region of each output
 * as a fraction of the grid, flagged above a threshold, with the output's nearest source) and seam energy on the
 * decoded pixels ({@link SeamEnergy}). Writes {@value #JSON_FILE} and {@value #PICTURE_FILE} (each output beside its
 * provenance map and its nearest source).
 */
public final class Evaluation {
    public static final String JSON_FILE = "evaluation.json";
    public static final String PICTURE_FILE = "evaluation.png";
    /** Memorisation flag threshold used when none is given. */
    public static final double DEFAULT_THRESHOLD = 0.25;
    private static final int THUMB = 128;

    /** One output of a run: its decoded image and provenance grid (row-major {@code [M·M]}). */
    public record Output(int index, RgbImage image, int[] provenance, int gridSize) {}

    /** What was measured. */
    public record Result(ObjectNode json, RgbImage picture, double diversity, double copyDistance, Coverage coverage,
                         double seamRatio, int flagged) {}

    private Evaluation() {}

    /** The outputs of a run directory: {@code i.png} and {@code i.provenance.npy} for i = 0, 1, … while both exist. */
    public static List<Output> readRun(Path dir, ImageLoader loader) {
        List<Output> outputs = new ArrayList<>();
        for (int i = 0; Files.isRegularFile(dir.resolve(i + ".png")) && Files.isRegularFile(dir.resolve(i + ".provenance.npy")); i++) {
            NpyArray p;
            try {
                p = Npy.read(dir.resolve(i + ".provenance.npy"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(i + ".provenance.npy") + ": " + e.getMessage(), e);
            }
            if (p.rank() != 2 || p.dim(0) != p.dim(1) || p.type() != NpyArray.Type.INT32) {
                throw new IllegalArgumentException(dir.resolve(i + ".provenance.npy") + " is " + p.shapeString()
                        + ", expected int32 [M, M]");
            }
            outputs.add(new Output(i, loader.read(dir.resolve(i + ".png")), p.ints(), p.dim(0)));
        }
        if (outputs.size() < 2) {
            throw new IllegalArgumentException(dir + " holds " + outputs.size() + " outputs (i.png with i.provenance.npy); evaluating needs at least 2");
        }
        return outputs;
    }

    /**
     * Evaluates {@code outputs} against their {@code sources} (in the run's source order, so provenance indices name
     * them) with {@code features} as the feature encoder.
     */
    public static Result evaluate(List<Output> outputs, List<SourceImage> sources, Codec features, String featureName,
                                  double threshold) {
        int size = features.preferredImageSize();
        int b = sources.size();
        float[][] src = new float[b][];
        for (int s = 0; s < b; s++) src[s] = feature(features, resized(sources.get(s).chw(), size), size);
        float[][] out = new float[outputs.size()][];
        int[][] provenances = new int[outputs.size()][];
        SeamEnergy seams = new SeamEnergy();
        for (int o = 0; o < outputs.size(); o++) {
            Output output = outputs.get(o);
            out[o] = feature(features, resized(output.image().toChw(), output.image().width(), size), size);
            provenances[o] = output.provenance();
            if (output.image().width() == output.image().height() && output.image().width() % output.gridSize() == 0) {
                seams.add(output.image().rgb(), output.image().width(), output.provenance(), output.gridSize());
            }
        }
        double diversity = FeatureSpace.diversity(out, src);
        double copy = FeatureSpace.copyDistance(out, src);
        Coverage coverage = Coverage.of(provenances, b);

        ObjectNode root = JsonCodec.shared().mapper().createObjectNode();
        root.put("schemaVersion", 1);
        root.put("featureModel", featureName);
        root.put("outputs", outputs.size());
        ArrayNode names = root.putArray("sources");
        for (SourceImage s : sources) names.add(s.name());
        root.put("diversity", diversity);
        root.put("copyDistance", copy);
        ObjectNode cov = root.putObject("coverage");
        cov.put("normalizedEntropy", coverage.normalizedEntropy());
        cov.put("dominatingFraction", coverage.dominatingFraction());
        ObjectNode shares = cov.putObject("shares");
        for (int s = 0; s < b; s++) shares.put(sources.get(s).name(), coverage.shares()[s]);
        ObjectNode mem = root.putObject("memorisation");
        mem.put("threshold", threshold);
        ArrayNode per = root.putArray("perOutput");
        int flagged = 0;
        List<List<RgbImage>> triples = new ArrayList<>();
        for (int o = 0; o < outputs.size(); o++) {
            Output output = outputs.get(o);
            CopyReport copyReport = CopyReport.of(output.provenance(), output.gridSize(), b);
            int nearest = FeatureSpace.nearest(out[o], src);
            boolean flag = copyReport.largestRegionFraction() > threshold;
            if (flag) flagged++;
            ObjectNode node = per.addObject();
            node.put("index", output.index());
            node.put("dominantSource", coverage.dominant()[o]);
            node.put("largestRegionFraction", copyReport.largestRegionFraction());
            node.put("largestRegionSource", copyReport.largestRegionSource());
            node.put("nearestSource", nearest);
            node.put("nearestSourceDistance", FeatureSpace.distance(out[o], src[nearest]));
            node.put("memorised", flag);
            int side = output.image().width();
            triples.add(List.of(output.image(),
                    new RgbImage(side, side, ProvenancePicture.pixels(output.provenance(), output.gridSize(), b, side)),
                    RgbImage.fromChw(resized(sources.get(nearest).chw(), side), side, side)));
        }
        mem.put("flagged", flagged);
        mem.put("flaggedFraction", (double) flagged / outputs.size());
        ObjectNode seam = root.putObject("seamEnergy");
        putFinite(seam, "ratio", seams.ratio());
        putFinite(seam, "meanAcross", seams.meanAcross());
        putFinite(seam, "meanInside", seams.meanInside());
        RgbImage picture = ContactSheet.groups(triples, THUMB, 4);
        return new Result(root, picture, diversity, copy, coverage, seams.ratio(), flagged);
    }

    /** Writes {@value #JSON_FILE} and {@value #PICTURE_FILE} into {@code dir}. */
    public static void write(Path dir, Result result) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(JSON_FILE), JsonCodec.shared().writePretty(result.json()), StandardCharsets.UTF_8);
            PngWriter.write(dir.resolve(PICTURE_FILE), result.picture());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static float[] feature(Codec codec, float[] chw, int size) {
        LatentGrid latent = SourceEncoding.encodeImages(codec, List.of(chw), size).get(0);
        return FeatureSpace.pooled(latent);
    }

    /** A square CHW image resized to {@code size} (the feature codec's side); the same array when it already is. */
    private static float[] resized(float[] chw, int size) {
        int side = (int) Math.round(Math.sqrt(chw.length / 3.0));
        return resized(chw, side, size);
    }

    private static float[] resized(float[] chw, int side, int size) {
        if (side == size) return chw;
        return io.latentpatch.core.resample.Resize.bilinear(new LatentGrid(3, side, chw), size).data();
    }

    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) node.put(field, value);
        else node.putNull(field);
    }
}
