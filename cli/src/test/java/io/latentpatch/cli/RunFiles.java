package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.npy.Npy;
import io.latentpatch.core.npy.NpyArray;
import io.latentpatch.imaging.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Reads what {@code latentpatch generate} wrote into a directory, and checks the properties every run must have. */
final class RunFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {}

    /** {@code i.latent.npy}: float32 [L, M, M]. */
    static LatentGrid latent(Path dir, int i) {
        try {
            return Npy.readGrid(dir.resolve(i + ".latent.npy"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code i.provenance.npy}: int32 [M, M], row-major, −1 = reference/target cell. */
    static int[] provenance(Path dir, int i, int m) {
        try {
            NpyArray a = Npy.read(dir.resolve(i + ".provenance.npy"));
            assertThat(a.shape()).as("%d.provenance.npy shape", i).containsExactly(m, m);
            assertThat(a.type()).isEqualTo(NpyArray.Type.INT32);
            return a.ints();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG as 8-bit RGB. */
    static RgbImage png(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image).as("readable PNG %s", file).isNotNull();
            int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            for (int i = 0; i < rgb.length; i++) rgb[i] &= 0xFFFFFF;
            return new RgbImage(image.getWidth(), image.getHeight(), rgb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CHW floats {@code value / 255} of an 8-bit picture file, read with ImageIO (independent of the CLI's loader). */
    static float[] chw(Path file) {
        RgbImage image = png(file);
        return image.toChw();
    }

    static JsonNode report(Path dir) {
        try {
            return JSON.readTree(dir.resolve("report.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** report.json without {@code timingsMs}, the one field that may differ between identical runs. */
    static JsonNode reportWithoutTimings(Path dir) {
        ObjectNode node = (ObjectNode) report(dir);
        assertThat(node.has("timingsMs")).as("report.json of %s has timingsMs", dir).isTrue();
        node.remove("timingsMs");
        return node;
    }

    /** Every file of the directory by name, with its bytes. */
    static TreeMap<String, byte[]> files(Path dir) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path p : listing.toList()) out.put(p.getFileName().toString(), Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The files a run of {@code count} outputs writes, by name. */
    static List<String> expectedNames(int count) {
        List<String> names = new java.util.ArrayList<>(List.of("outputs.png", "pca.npz", "report.json", "sources.png"));
        for (int i = 0; i < count; i++) {
            names.addAll(List.of(i + ".png", i + ".provenance.png", i + ".provenance.npy", i + ".latent.npy"));
        }
        return names;
    }

    /**
     * The copy finish: cell (y, x) of {@code i.latent.npy} equals, float for float, cell (y, x) of the latent of the
     * source {@code i.provenance.npy} names there ({@code target} for −1).
     */
    static void assertCopiedFromProvenance(Path dir, int count, List<LatentGrid> sources, LatentGrid target) {
        int m = sources.get(0).size();
        int channels = sources.get(0).channels();
        for (int i = 0; i < count; i++) {
            LatentGrid latent = latent(dir, i);
            int[] provenance = provenance(dir, i, m);
            assertThat(latent.channels()).isEqualTo(channels);
            assertThat(latent.size()).isEqualTo(m);
            for (int y = 0; y < m; y++) {
                for (int x = 0; x < m; x++) {
                    int id = provenance[y * m + x];
                    assertThat(id).as("output %d cell (%d, %d) provenance", i, y, x).isBetween(target == null ? 0 : -1, sources.size() - 1);
                    LatentGrid from = id == -1 ? target : sources.get(id);
                    float[] expected = from.cellVector(y, x);
                    float[] actual = latent.cellVector(y, x);
                    if (!java.util.Arrays.equals(expected, actual)) {
                        throw new AssertionError("output " + i + " cell (" + y + ", " + x + ") is not source " + id + "'s vector");
                    }
                }
            }
        }
    }
}
