package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CovarianceTest {

    /** Grids of awkward sizes: L not a multiple of 4 or of any lane count, cell counts not multiples of the chunk. */
    static List<LatentGrid> randomGrids(int channels, int[] sizes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<LatentGrid> grids = new ArrayList<>();
        for (int size : sizes) {
            float[] data = new float[channels * size * size];
            for (int i = 0; i < data.length; i++) data[i] = (float) (rnd.nextDouble() * 2 - 0.5 + 0.01 * (i % channels));
            grids.add(new LatentGrid(channels, size, data));
        }
        return grids;
    }

    static double[] someMean(int channels) {
        double[] mean = new double[channels];
        for (int c = 0; c < channels; c++) mean[c] = 0.25 + 0.003 * c;
        return mean;
    }

    @Test
    void tiledKernelIsBitIdenticalToTheOneEntryAtATimeReference() {
        for (int channels : new int[] {1, 3, 4, 5, 17, 37, 70, 131}) {
            List<LatentGrid> grids = randomGrids(channels, new int[] {9, 1, 3, 11}, channels); // 81 + 1 + 9 + 121 cells
            double[] mean = someMean(channels);
            double[] fast = Covariance.scatter(grids, mean, 1);
            double[] slow = Covariance.scatterReference(grids, mean);
            assertThat(fast).as("L=%d", channels).isEqualTo(slow);
        }
    }

    @Test
    void resultIsSymmetricAndMatchesTheDefinition() {
        int channels = 13;
        List<LatentGrid> grids = randomGrids(channels, new int[] {5, 4}, 7);
        double[] mean = someMean(channels);
        double[] s = Covariance.scatter(grids, mean);
        for (int i = 0; i < channels; i++) {
            for (int j = 0; j < channels; j++) {
                double expected = 0;
                for (LatentGrid g : grids) {
                    for (int p = 0; p < g.cells(); p++) {
                        expected += (g.data()[i * g.cells() + p] - mean[i]) * (g.data()[j * g.cells() + p] - mean[j]);
                    }
                }
                assertThat(s[i * channels + j]).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(expected))));
                assertThat(s[i * channels + j]).isEqualTo(s[j * channels + i]);
            }
        }
    }

    @Test
    void threadCountDoesNotChangeABit() {
        int channels = 390; // 64 cells × 390² / 2 multiply-adds per chunk: above the parallel threshold
        List<LatentGrid> grids = randomGrids(channels, new int[] {9, 7}, 3);
        double[] mean = someMean(channels);
        double[] one = Covariance.scatter(grids, mean, 1);
        for (int threads : new int[] {2, 3, 8, 97}) {
            assertThat(Covariance.scatter(grids, mean, threads)).as("%d threads", threads).isEqualTo(one);
        }
        assertThat(Covariance.scatterReference(grids, mean)).isEqualTo(one);
    }

    @Test
    void rejectsAGridWithAnotherChannelCount() {
        assertThatThrownBy(() -> Covariance.scatter(List.of(LatentGrid.zeros(3, 2)), new double[4]))
                .hasMessageContaining("grid has L=3 channels, the mean has 4");
    }
}
