package io.latentpatch.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.core.grid.LatentGrid;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureSpaceTest {

    private static float[][] random(int n, int dims, long seed) {
        Random r = new Random(seed);
        float[][] v = new float[n][dims];
        for (float[] x : v) for (int k = 0; k < dims; k++) x[k] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void outputsThatAreTheSourcesHaveDiversityOneAndCopyDistanceZero() {
        float[][] sources = random(16, 512, 1);
        assertThat(FeatureSpace.diversity(sources, sources)).isCloseTo(1.0, within(1e-12));
        assertThat(FeatureSpace.copyDistance(sources, sources)).isEqualTo(0.0);
    }

    @Test
    void identicalOutputsHaveDiversityZero() {
        float[][] sources = random(8, 32, 2);
        float[][] same = {sources[3].clone(), sources[3].clone(), sources[3].clone()};
        assertThat(FeatureSpace.diversity(same, sources)).isEqualTo(0.0);
    }

    @Test
    void distancesOnAHandCheckedExample() {
        // Sources on a line at 0, 1, 3: pairwise mean (1 + 3 + 2) / 3 = 2; nearest-neighbour distances 1, 1, 2 → median 1.
        float[][] sources = {{0}, {1}, {3}};
        // Outputs at 0.5 and 4: pairwise 3.5; nearest-source distances 0.5 and 1.
        float[][] outputs = {{0.5f}, {4}};
        assertThat(FeatureSpace.diversity(outputs, sources)).isCloseTo(3.5 / 2, within(1e-12));
        assertThat(FeatureSpace.copyDistance(outputs, sources)).isCloseTo(0.75, within(1e-12));
        assertThat(FeatureSpace.nearest(new float[] {2.1f}, sources)).isEqualTo(2);
    }

    @Test
    void poolingAveragesEachQuarterOfTheGridPerChannel() {
        int m = 8;
        float[] data = new float[2 * m * m];
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                data[y * m + x] = y * m + x; // channel 0: the cell index
                data[m * m + y * m + x] = 1; // channel 1: constant
            }
        }
        float[] v = FeatureSpace.pooled(new LatentGrid(2, m, data));
        assertThat(v).hasSize(2 * 16);
        // Pooled cell (0, 0) of channel 0 covers rows 0..1, columns 0..1: (0 + 1 + 8 + 9) / 4.
        assertThat(v[0]).isEqualTo(4.5f);
        assertThat(v[15]).isEqualTo((54 + 55 + 62 + 63) / 4f);
        for (int k = 16; k < 32; k++) assertThat(v[k]).isEqualTo(1f);
        assertThatThrownBy(() -> FeatureSpace.pooled(new LatentGrid(1, 2, new float[4]))).hasMessageContaining("cannot be pooled");
    }
}
