package io.latentpatch.core.pca;

import io.latentpatch.core.grid.LatentGrid;
import java.util.List;
import java.util.concurrent.RecursiveAction;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The scatter matrix {@code S = Σ (z − μ)(z − μ)ᵀ} of every cell vector of a set of latent grids, the covariance
 * half of {@link PcaFit}. Public for the JMH benchmarks; not a stable API.
 *
 * <p>Arithmetic contract (what makes the result the same bytes on any machine, vector width and thread count):
 * a centred value is {@code x = (double) z[c] − μ[c]}; then for every entry {@code i ≤ j}
 * {@code S[i][j] = 0; for each cell, grids in list order, cells in raster order: S[i][j] = fma(x[i], x[j], S[i][j])},
 * evaluated in exactly that order, and {@code S[j][i] = S[i][j]}. Vector lanes carry neighbouring {@code j} of
 * the same {@code i}, and threads own disjoint rows, so neither the lane count, the tile, the chunk of cells
 * buffered at once nor the thread split changes a single operation.
 *
 * <p>Layout: the result is row-major {@code L × L}, index {@code i * L + j}. Cost {@code N·L²/2} fused
 * multiply-adds for N cells, register-tiled 4 rows × 2 vectors so that each loaded value feeds several of them.
 */
public final class Covariance {
    /** Cells centred and buffered at once: 64 × L doubles (384 KiB at L = 768) stay in a core's L2 cache. */
    static final int CHUNK_CELLS = 64;
    /** Below this many multiply-adds per chunk the work stays on the calling thread. */
    private static final long PARALLEL_MIN_FMAS = 1L << 22;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private Covariance() {}

    /**
     * The full symmetric scatter matrix of the cells of {@code sources} about {@code mean}.
     *
     * @param sources grids of L channels each (L = {@code mean.length})
     * @param mean    the per-channel mean the values are centred on
     * @return row-major {@code L × L}
     */
    public static double[] scatter(List<LatentGrid> sources, double[] mean) {
        // the calling thread takes a share too, so all processors (the common pool alone has one fewer)
        return scatter(sources, mean, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #scatter(List, double[])} on up to {@code threads} threads (tests prove the count irrelevant). */
    static double[] scatter(List<LatentGrid> sources, double[] mean, int threads) {
        int channels = mean.length;
        double[] s = new double[channels * channels];
        double[] x = new double[CHUNK_CELLS * channels];
        for (LatentGrid g : sources) {
            if (g.channels() != channels) {
                throw new IllegalArgumentException("grid has L=" + g.channels() + " channels, the mean has " + channels);
            }
            float[] data = g.data();
            int cells = g.cells();
            for (int p0 = 0; p0 < cells; p0 += CHUNK_CELLS) {
                int n = Math.min(CHUNK_CELLS, cells - p0);
                // cell-major [p][c]: a row of the chunk is one centred cell vector
                for (int c = 0; c < channels; c++) {
                    double m = mean[c];
                    int base = c * cells + p0;
                    for (int p = 0; p < n; p++) x[p * channels + c] = data[base + p] - m;
                }
                accumulate(s, x, n, channels, threads);
            }
        }
        for (int i = 0; i < channels; i++) {
            for (int j = i + 1; j < channels; j++) s[j * channels + i] = s[i * channels + j];
        }
        return s;
    }

    /**
     * The readable reference: the same contract, one entry at a time. Slow; for tests.
     */
    static double[] scatterReference(List<LatentGrid> sources, double[] mean) {
        int channels = mean.length;
        double[] s = new double[channels * channels];
        double[] x = new double[channels];
        for (LatentGrid g : sources) {
            for (int p = 0; p < g.cells(); p++) {
                for (int c = 0; c < channels; c++) x[c] = g.data()[c * g.cells() + p] - mean[c];
                for (int i = 0; i < channels; i++) {
                    for (int j = i; j < channels; j++) s[i * channels + j] = Math.fma(x[i], x[j], s[i * channels + j]);
                }
            }
        }
        for (int i = 0; i < channels; i++) {
            for (int j = i + 1; j < channels; j++) s[j * channels + i] = s[i * channels + j];
        }
        return s;
    }

    /** Adds the n buffered cells to the upper triangle of s, rows split over threads in blocks of four. */
    private static void accumulate(double[] s, double[] x, int n, int channels, int threads) {
        int blocks = (channels + 3) / 4;
        long fmas = (long) n * channels * channels / 2;
        if (threads <= 1 || fmas < PARALLEL_MIN_FMAS || blocks < 2) {
            rows(s, x, n, channels, 0, blocks);
            return;
        }
        // Upper-triangle rows shrink with i: split by equal work, not by equal row counts (row block b costs ≈ L − 4b).
        int parts = Math.min(threads, blocks);
        int[] bounds = new int[parts + 1];
        long total = 0;
        for (int b = 0; b < blocks; b++) total += channels - 4L * b;
        long done = 0;
        int part = 1;
        for (int b = 0; b < blocks && part < parts; b++) {
            done += channels - 4L * b;
            if (done * parts >= total * part) bounds[part++] = b + 1;
        }
        while (part < parts) bounds[part++] = blocks;
        bounds[parts] = blocks;
        RecursiveAction[] tasks = new RecursiveAction[parts];
        for (int t = 0; t < parts; t++) {
            int from = bounds[t];
            int to = bounds[t + 1];
            tasks[t] = new RecursiveAction() {
                @Override
                protected void compute() {
                    rows(s, x, n, channels, from, to);
                }
            };
        }
        RecursiveAction.invokeAll(tasks);
    }

    /** Row blocks [from, to) of four rows each: rows 4b..4b+3, columns from 4b to L. */
    private static void rows(double[] s, double[] x, int n, int channels, int from, int to) {
        int lanes = LANES;
        for (int b = from; b < to; b++) {
            int i0 = 4 * b;
            if (i0 + 4 > channels) {
                for (int i = i0; i < channels; i++) row1(s, x, n, channels, i);
                continue;
            }
            // Columns j ≥ i0; the few j < i of rows i0+1..i0+3 land in the lower triangle, which is overwritten later.
            int j = i0;
            for (; j + 2 * lanes <= channels; j += 2 * lanes) tile4x2(s, x, n, channels, i0, j);
            for (; j + lanes <= channels; j += lanes) tile4x1(s, x, n, channels, i0, j);
            for (; j < channels; j++) {
                for (int i = i0; i < i0 + 4; i++) {
                    double acc = s[i * channels + j];
                    for (int p = 0; p < n; p++) acc = Math.fma(x[p * channels + i], x[p * channels + j], acc);
                    s[i * channels + j] = acc;
                }
            }
        }
    }

    private static void tile4x2(double[] s, double[] x, int n, int channels, int i0, int j) {
        int lanes = LANES;
        int r0 = i0 * channels + j;
        int r1 = r0 + channels;
        int r2 = r1 + channels;
        int r3 = r2 + channels;
        DoubleVector a00 = DoubleVector.fromArray(SPECIES, s, r0);
        DoubleVector a01 = DoubleVector.fromArray(SPECIES, s, r0 + lanes);
        DoubleVector a10 = DoubleVector.fromArray(SPECIES, s, r1);
        DoubleVector a11 = DoubleVector.fromArray(SPECIES, s, r1 + lanes);
        DoubleVector a20 = DoubleVector.fromArray(SPECIES, s, r2);
        DoubleVector a21 = DoubleVector.fromArray(SPECIES, s, r2 + lanes);
        DoubleVector a30 = DoubleVector.fromArray(SPECIES, s, r3);
        DoubleVector a31 = DoubleVector.fromArray(SPECIES, s, r3 + lanes);
        for (int p = 0; p < n; p++) {
            int o = p * channels;
            DoubleVector v0 = DoubleVector.fromArray(SPECIES, x, o + j);
            DoubleVector v1 = DoubleVector.fromArray(SPECIES, x, o + j + lanes);
            DoubleVector b0 = DoubleVector.broadcast(SPECIES, x[o + i0]);
            DoubleVector b1 = DoubleVector.broadcast(SPECIES, x[o + i0 + 1]);
            DoubleVector b2 = DoubleVector.broadcast(SPECIES, x[o + i0 + 2]);
            DoubleVector b3 = DoubleVector.broadcast(SPECIES, x[o + i0 + 3]);
            a00 = b0.fma(v0, a00);
            a01 = b0.fma(v1, a01);
            a10 = b1.fma(v0, a10);
            a11 = b1.fma(v1, a11);
            a20 = b2.fma(v0, a20);
            a21 = b2.fma(v1, a21);
            a30 = b3.fma(v0, a30);
            a31 = b3.fma(v1, a31);
        }
        a00.intoArray(s, r0);
        a01.intoArray(s, r0 + lanes);
        a10.intoArray(s, r1);
        a11.intoArray(s, r1 + lanes);
        a20.intoArray(s, r2);
        a21.intoArray(s, r2 + lanes);
        a30.intoArray(s, r3);
        a31.intoArray(s, r3 + lanes);
    }

    private static void tile4x1(double[] s, double[] x, int n, int channels, int i0, int j) {
        int r0 = i0 * channels + j;
        int r1 = r0 + channels;
        int r2 = r1 + channels;
        int r3 = r2 + channels;
        DoubleVector a0 = DoubleVector.fromArray(SPECIES, s, r0);
        DoubleVector a1 = DoubleVector.fromArray(SPECIES, s, r1);
        DoubleVector a2 = DoubleVector.fromArray(SPECIES, s, r2);
        DoubleVector a3 = DoubleVector.fromArray(SPECIES, s, r3);
        for (int p = 0; p < n; p++) {
            int o = p * channels;
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, o + j);
            a0 = DoubleVector.broadcast(SPECIES, x[o + i0]).fma(v, a0);
            a1 = DoubleVector.broadcast(SPECIES, x[o + i0 + 1]).fma(v, a1);
            a2 = DoubleVector.broadcast(SPECIES, x[o + i0 + 2]).fma(v, a2);
            a3 = DoubleVector.broadcast(SPECIES, x[o + i0 + 3]).fma(v, a3);
        }
        a0.intoArray(s, r0);
        a1.intoArray(s, r1);
        a2.intoArray(s, r2);
        a3.intoArray(s, r3);
    }

    /** One row i, columns i..L−1 (the last L mod 4 rows). */
    private static void row1(double[] s, double[] x, int n, int channels, int i) {
        int lanes = LANES;
        int j = i;
        for (; j + lanes <= channels; j += lanes) {
            DoubleVector a = DoubleVector.fromArray(SPECIES, s, i * channels + j);
            for (int p = 0; p < n; p++) {
                int o = p * channels;
                a = DoubleVector.broadcast(SPECIES, x[o + i]).fma(DoubleVector.fromArray(SPECIES, x, o + j), a);
            }
            a.intoArray(s, i * channels + j);
        }
        for (; j < channels; j++) {
            double acc = s[i * channels + j];
            for (int p = 0; p < n; p++) acc = Math.fma(x[p * channels + i], x[p * channels + j], acc);
            s[i * channels + j] = acc;
        }
    }
}
