package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.core.resample.Resize;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistanceKernelsTest {

    /** The cell norms of a tiled level, {@code [cell][tile][lane]}, as {@link SourceBank} keeps them. */
    static float[] norms(float[] level, int cells, int tiles, int tileWidth, int r) {
        float[] out = new float[cells * tiles * tileWidth];
        float[] v = new float[r];
        for (int cell = 0; cell < cells; cell++) {
            for (int tile = 0; tile < tiles; tile++) {
                for (int lane = 0; lane < tileWidth; lane++) {
                    for (int c = 0; c < r; c++) v[c] = level[((cell * tiles + tile) * r + c) * tileWidth + lane];
                    out[(cell * tiles + tile) * tileWidth + lane] = DistanceKernels.cellNorm(v, 0, r);
                }
            }
        }
        return out;
    }

    /** Runs the vector kernel as the sampler does: with the level's cell norms and each query's ‖C‖²_V. */
    static void vector(float[] level, int cellCount, int tiles, int tileWidth, int r, int[] cells, float[][] queries, int nq,
                       float[][] out) {
        float[] norms = norms(level, cellCount, tiles, tileWidth, r);
        float[] qn = new float[nq];
        for (int q = 0; q < nq; q++) {
            float[] cellNorms = new float[cellCount];
            for (int cell = 0; cell < cellCount; cell++) cellNorms[cell] = DistanceKernels.cellNorm(queries[q], cell * r, r);
            qn[q] = DistanceKernels.queryNorm(cellNorms, cells, cells.length);
        }
        DistanceKernels.distances(level, norms, tiles, tileWidth, r, cells, cells.length, queries, qn, nq, out, 0, tiles);
    }

    private static float[] gaussians(SplittableRandom rng, int n, double scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (rng.nextGaussian() * scale);
        return out;
    }

    @Test
    void vectorKernelsEqualTheScalarLoopBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int tileWidth : new int[] {DistanceKernels.LANES, 4 * DistanceKernels.LANES}) {
            for (int r : new int[] {1, 3, 16}) {
                int m = 5;
                int tiles = 3;
                float[] level = gaussians(rng, m * m * tiles * r * tileWidth, 10);
                int[] cells = {0, 1, 6, 7, 12, 24};
                for (int nq = 1; nq <= 9; nq++) {
                    float[][] queries = new float[nq][];
                    for (int q = 0; q < nq; q++) queries[q] = gaussians(rng, m * m * r, 10);
                    float[][] fast = new float[nq][tiles * tileWidth];
                    float[][] slow = new float[nq][tiles * tileWidth];
                    vector(level, m * m, tiles, tileWidth, r, cells, queries, nq, fast);
                    DistanceKernels.distancesScalar(level, tiles, tileWidth, r, cells, cells.length, queries, nq, slow, 0, tiles);
                    for (int q = 0; q < nq; q++) {
                        assertThat(fast[q]).as("T=%d r=%d nq=%d q=%d", tileWidth, r, nq, q).isEqualTo(slow[q]);
                    }
                }
            }
        }
    }

    @Test
    void theNormExpansionIsTheSquaredDistanceUpToRounding() {
        SplittableRandom rng = new SplittableRandom(11);
        int tileWidth = DistanceKernels.LANES;
        int r = 16;
        int m = 4;
        float[] level = gaussians(rng, m * m * r * tileWidth, 1);
        int[] cells = {1, 2, 5, 6, 9, 10};
        float[][] queries = {gaussians(rng, m * m * r, 1)};
        // the query equals candidate 3 on the valid cells: its distance is zero up to rounding
        for (int cell : cells) for (int c = 0; c < r; c++) queries[0][cell * r + c] = level[(cell * r + c) * tileWidth + 3];
        float[][] out = new float[1][tileWidth];
        DistanceKernels.distancesScalar(level, 1, tileWidth, r, cells, cells.length, queries, 1, out, 0, 1);
        for (int b = 0; b < tileWidth; b++) {
            double exact = 0;
            double scale = 0;
            for (int cell : cells) {
                for (int c = 0; c < r; c++) {
                    double q = queries[0][cell * r + c];
                    double p = level[(cell * r + c) * tileWidth + b];
                    exact += (q - p) * (q - p);
                    scale += q * q + p * p;
                }
            }
            assertThat((double) out[0][b]).as("candidate %d", b).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-5 * scale));
        }
        assertThat(Math.abs(out[0][3])).isLessThan(1e-4f);
    }

    @Test
    void normsAreFusedChainsAndTheQueryNormSumsTheValidCellsInOrder() {
        float[] canvas = {1, 2, 3, 4, 5, 6};
        assertThat(DistanceKernels.cellNorm(canvas, 4, 2)).isEqualTo(61f);
        assertThat(DistanceKernels.queryNorm(new float[] {5, 25, 61}, new int[] {2, 0}, 2)).isEqualTo(66f);
        assertThat(DistanceKernels.queryNorm(new float[] {5, 25, 61}, new int[] {2, 0}, 1)).isEqualTo(61f);
    }

    @Test
    void aQuerysDistancesDoNotDependOnItsCompanions() {
        SplittableRandom rng = new SplittableRandom(3);
        int tileWidth = 4 * DistanceKernels.LANES;
        int r = 5;
        int tiles = 2;
        float[] level = gaussians(rng, 4 * tiles * r * tileWidth, 1);
        float[][] queries = new float[6][];
        for (int q = 0; q < 6; q++) queries[q] = gaussians(rng, 4 * r, 1);
        int[] cells = {1, 2, 3};
        float[][] together = new float[6][tiles * tileWidth];
        vector(level, 4, tiles, tileWidth, r, cells, queries, 6, together);
        for (int q = 0; q < 6; q++) {
            float[][] alone = new float[1][tiles * tileWidth];
            vector(level, 4, tiles, tileWidth, r, cells, new float[][] {queries[q]}, 1, alone);
            assertThat(alone[0]).isEqualTo(together[q]);
        }
    }

    @Test
    void theCanvasResizeEqualsTheScalarCellMajorOne() {
        SplittableRandom rng = new SplittableRandom(5);
        CanvasResize resize = new CanvasResize();
        for (int channels : new int[] {1, 3, DistanceKernels.LANES, 16, 2 * DistanceKernels.LANES + 3}) {
            for (int[] sizes : new int[][] {{10, 12}, {12, 13}, {15, 16}, {7, 7}, {9, 4}}) {
                float[] src = gaussians(rng, channels * sizes[0] * sizes[0], 3);
                float[] fast = new float[channels * sizes[1] * sizes[1]];
                float[] slow = new float[fast.length];
                resize.bilinearCellMajor(src, channels, sizes[0], fast, sizes[1]);
                Resize.bilinearCellMajor(src, channels, sizes[0], slow, sizes[1]);
                assertThat(fast).as("channels=%d %d→%d", channels, sizes[0], sizes[1]).isEqualTo(slow);
            }
        }
    }
}
