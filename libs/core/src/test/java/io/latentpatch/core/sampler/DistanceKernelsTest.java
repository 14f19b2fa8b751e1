package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistanceKernelsTest {

    @Test
    void vectorKernelsEqualTheScalarLoopBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int tileWidth : new int[] {DistanceKernels.LANES, 4 * DistanceKernels.LANES}) {
            for (int r : new int[] {1, 3, 16}) {
                int m = 5;
                int tiles = 3;
                float[] level = new float[m * m * tiles * r * tileWidth];
                for (int i = 0; i < level.length; i++) level[i] = (float) (rng.nextGaussian() * 10);
                int[] cells = {0, 1, 6, 7, 12, 24};
                for (int nq = 1; nq <= 9; nq++) {
                    float[][] queries = new float[nq][m * m * r];
                    for (float[] q : queries) for (int i = 0; i < q.length; i++) q[i] = (float) (rng.nextGaussian() * 10);
                    float[][] fast = new float[nq][tiles * tileWidth];
                    float[][] slow = new float[nq][tiles * tileWidth];
                    DistanceKernels.distances(level, tiles, tileWidth, r, cells, cells.length, queries, nq, fast, 0, tiles);
                    DistanceKernels.distancesScalar(level, tiles, tileWidth, r, cells, cells.length, queries, nq, slow, 0, tiles);
                    for (int q = 0; q < nq; q++) {
                        assertThat(fast[q]).as("T=%d r=%d nq=%d q=%d", tileWidth, r, nq, q).isEqualTo(slow[q]);
                    }
                }
            }
        }
    }

    @Test
    void aQuerysDistancesDoNotDependOnItsCompanions() {
        SplittableRandom rng = new SplittableRandom(3);
        int tileWidth = 4 * DistanceKernels.LANES;
        int r = 5;
        int tiles = 2;
        float[] level = new float[4 * tiles * r * tileWidth];
        for (int i = 0; i < level.length; i++) level[i] = (float) rng.nextGaussian();
        float[][] queries = new float[6][4 * r];
        for (float[] q : queries) for (int i = 0; i < q.length; i++) q[i] = (float) rng.nextGaussian();
        int[] cells = {1, 2, 3};
        float[][] together = new float[6][tiles * tileWidth];
        DistanceKernels.distances(level, tiles, tileWidth, r, cells, 3, queries, 6, together, 0, tiles);
        for (int q = 0; q < 6; q++) {
            float[][] alone = new float[1][tiles * tileWidth];
            DistanceKernels.distances(level, tiles, tileWidth, r, cells, 3, new float[][] {queries[q]}, 1, alone, 0, tiles);
            assertThat(alone[0]).isEqualTo(together[q]);
        }
    }
}
