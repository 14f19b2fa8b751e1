package io.latentpatch.benchmarks;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.pca.Covariance;
import io.latentpatch.core.pca.PcaFit;
import io.latentpatch.core.pca.SymmetricEigen;
import io.latentpatch.core.pca.TopEigen;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The pixel codec's PCA: 16 grids of L = 768 channels on a 16×16 grid (pixel-f16 on 256×256 images), r = 16, so
 * N = 4 096 cell vectors. {@code data = faces} reads {@code shared/data/faces/face_0000…0015.png} (directory from
 * {@code -Dlatentpatch.faces}, default {@code ../shared/data/faces}); {@code synthetic} is a power-law spectrum
 * that needs no files.
 *
 * <ul>
 *   <li>{@code fitReference}: the previous path, scalar covariance + full Householder/QL ({@link PcaFit#fitReference}).</li>
 *   <li>{@code fit}: the current path, {@link Covariance} + {@link TopEigen} ({@link PcaFit#fit}).</li>
 *   <li>{@code scatter}, {@code topEigen}, {@code fullEigen}: the phases alone (the eigensolvers on the fitted
 *       covariance); the reference covariance alone is {@code fitReference − fullEigen}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class PcaFitBenchmark {
    private static final int CHANNELS = 768;
    private static final int GRID = 16;
    private static final int SOURCES = 16;
    private static final int DIMS = 16;

    @Param({"faces", "synthetic"})
    public String data;

    private List<LatentGrid> grids;
    private double[] mean;
    private double[] covariance;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        MachineInfo.print();
        grids = data.equals("faces") ? faces() : synthetic();
        mean = new double[CHANNELS];
        for (LatentGrid g : grids) {
            for (int c = 0; c < CHANNELS; c++) for (int p = 0; p < g.cells(); p++) mean[c] += g.data()[c * g.cells() + p];
        }
        for (int c = 0; c < CHANNELS; c++) mean[c] /= SOURCES * GRID * GRID;
        covariance = Covariance.scatter(grids, mean);
        for (int i = 0; i < covariance.length; i++) covariance[i] /= SOURCES * GRID * GRID - 1;
        int basis = TopEigen.of(covariance, CHANNELS, DIMS).basisSize();
        System.out.println("data=" + data + " L=" + CHANNELS + " N=" + SOURCES * GRID * GRID + " r=" + DIMS
                + " krylov_basis=" + basis + (basis == CHANNELS ? " (fell back to the full solver)" : ""));
    }

    @Benchmark
    public Object fitReference() {
        return PcaFit.fitReference(grids, DIMS);
    }

    @Benchmark
    public Object fit() {
        return PcaFit.fit(grids, DIMS);
    }

    @Benchmark
    public Object scatter() {
        return Covariance.scatter(grids, mean);
    }

    @Benchmark
    public Object topEigen() {
        return TopEigen.of(covariance, CHANNELS, DIMS);
    }

    @Benchmark
    public Object fullEigen() {
        return SymmetricEigen.of(covariance, CHANNELS);
    }

    private static List<LatentGrid> faces() throws IOException {
        Path dir = Path.of(System.getProperty("latentpatch.faces", "../shared/data/faces"));
        if (!Files.isRegularFile(dir.resolve("face_0015.png"))) {
            throw new IllegalStateException("data=faces needs face_0000…0015.png in " + dir.toAbsolutePath()
                    + " (set -Dlatentpatch.faces=DIR, or run with -p data=synthetic)");
        }
        int f = GRID;
        List<LatentGrid> out = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            BufferedImage img = ImageIO.read(dir.resolve(String.format("face_%04d.png", i)).toFile());
            if (img.getWidth() != 256 || img.getHeight() != 256) {
                throw new IllegalStateException("face_" + i + " is " + img.getWidth() + "x" + img.getHeight() + ", expected 256x256");
            }
            float[] d = new float[CHANNELS * GRID * GRID];
            // the pixel-f16 layout: channel (c·16 + dy)·16 + dx of cell (gy, gx) is colour c of pixel (16gy + dy, 16gx + dx)
            for (int gy = 0; gy < GRID; gy++) {
                for (int gx = 0; gx < GRID; gx++) {
                    for (int c = 0; c < 3; c++) {
                        for (int dy = 0; dy < f; dy++) {
                            for (int dx = 0; dx < f; dx++) {
                                int v = (img.getRGB(gx * f + dx, gy * f + dy) >> (16 - 8 * c)) & 255;
                                d[(((c * f + dy) * f + dx) * GRID + gy) * GRID + gx] = v / 255f;
                            }
                        }
                    }
                }
            }
            out.add(new LatentGrid(CHANNELS, GRID, d));
        }
        return out;
    }

    /** Cells = 0.5 + Σ_k a_k·g·u_k over 96 random directions u_k with a_k ∝ (k + 1)^−0.75, plus small noise. */
    private static List<LatentGrid> synthetic() {
        SplittableRandom rnd = new SplittableRandom(7);
        int k = 96;
        double[][] u = new double[k][CHANNELS];
        for (double[] row : u) for (int c = 0; c < CHANNELS; c++) row[c] = rnd.nextGaussian() / Math.sqrt(CHANNELS);
        List<LatentGrid> out = new ArrayList<>();
        int cells = GRID * GRID;
        for (int b = 0; b < SOURCES; b++) {
            float[] d = new float[CHANNELS * cells];
            double[] v = new double[CHANNELS];
            for (int p = 0; p < cells; p++) {
                java.util.Arrays.fill(v, 0.5);
                for (int j = 0; j < k; j++) {
                    double a = 2.0 * Math.pow(j + 1, -0.75) * rnd.nextGaussian();
                    for (int c = 0; c < CHANNELS; c++) v[c] += a * u[j][c];
                }
                for (int c = 0; c < CHANNELS; c++) d[c * cells + p] = (float) (v[c] + 0.01 * rnd.nextGaussian());
            }
            out.add(new LatentGrid(CHANNELS, GRID, d));
        }
        return out;
    }
}
