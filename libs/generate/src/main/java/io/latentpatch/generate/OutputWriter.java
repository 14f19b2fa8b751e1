package io.latentpatch.generate;

import io.latentpatch.pipeline.SourceImage;

import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.pca.PcaFiles;
import io.latentpatch.core.provenance.ProvenancePicture;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run to a directory. Per output {@code i}: {@code i.png}, {@code i.provenance.png} (hue =
 * source / B), {@code i.provenance.npy} (int32 [M, M], −1 = reference/target cell) and
 * {@code i.latent.npy} (float32 [L, M, M], what was decoded). Per run: {@code sources.png},
 * {@code outputs.png}, {@code pca.npz} (mean, components, explained_variance) and {@code report.json}.
 */
public final class OutputWriter {
    private static final int THUMB = 128;

    private OutputWriter() {}

    public static void write(Path dir, List<SourceImage> sources, Generation.Result result, String reportJson) {
        try {
            Files.createDirectories(dir);
            int size = result.imageSize();
            int m = result.encoded().gridSize();
            int b = result.plan().sourceCount();
            List<RgbImage> images = new ArrayList<>();
            List<RgbImage> maps = new ArrayList<>();
            for (Generation.Output o : result.outputs()) {
                RgbImage image = RgbImage.fromChw(o.image(), size, size);
                int[] provenance = o.sample().provenance();
                RgbImage map = new RgbImage(size, size, ProvenancePicture.pixels(provenance, m, b, size));
                int i = o.index();
                PngWriter.write(dir.resolve(i + ".png"), image);
                PngWriter.write(dir.resolve(i + ".provenance.png"), map);
                Npy.writeInt(dir.resolve(i + ".provenance.npy"), new int[] {m, m}, provenance);
                Npy.writeGrid(dir.resolve(i + ".latent.npy"), o.latent());
                images.add(image);
                maps.add(map);
            }
            List<RgbImage> sourcePictures = new ArrayList<>();
            for (SourceImage s : sources) sourcePictures.add(RgbImage.fromChw(s.chw(), size, size));
            PngWriter.write(dir.resolve("sources.png"), ContactSheet.sources(sourcePictures, THUMB, 8));
            PngWriter.write(dir.resolve("outputs.png"), ContactSheet.outputs(images, maps, THUMB, 4));
            PcaFiles.writeNpz(dir.resolve("pca.npz"), result.encoded().pca());
            Files.writeString(dir.resolve("report.json"), reportJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outputs to " + dir + ": " + e.getMessage(), e);
        }
    }
}
