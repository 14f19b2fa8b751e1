package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.core.grid.LatentGrid;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaBasisTest {
    // L = 3, r = 2: components e0 and (0, 0.6, 0.8)
    private static final PcaBasis BASIS = new PcaBasis(new float[] {1, 2, 3}, new float[] {1, 0, 0, 0, 0.6f, 0.8f},
            new float[] {2, 1}, 4);

    @Test
    void projectAndReconstructMatchTheMatrixFormulaPerCell() {
        SplittableRandom rnd = new SplittableRandom(4);
        LatentGrid z = LatentGrid.zeros(3, 3);
        for (int i = 0; i < z.data().length; i++) z.data()[i] = (float) rnd.nextGaussian();
        LatentGrid y = BASIS.project(z);
        assertThat(y.channels()).isEqualTo(2);
        assertThat(y.size()).isEqualTo(3);
        LatentGrid back = BASIS.reconstruct(y);
        for (int yy = 0; yy < 3; yy++) {
            for (int x = 0; x < 3; x++) {
                float[] v = z.cellVector(yy, x);
                double y0 = v[0] - 1;
                double y1 = 0.6 * (v[1] - 2) + 0.8 * (v[2] - 3);
                assertThat((double) y.get(0, yy, x)).isCloseTo(y0, within(1e-6));
                assertThat((double) y.get(1, yy, x)).isCloseTo(y1, within(1e-6));
                assertThat((double) back.get(0, yy, x)).isCloseTo(y0 + 1, within(1e-6));
                assertThat((double) back.get(1, yy, x)).isCloseTo(0.6 * y1 + 2, within(1e-6));
                assertThat((double) back.get(2, yy, x)).isCloseTo(0.8 * y1 + 3, within(1e-6));
            }
        }
        assertThat(BASIS.explainedVarianceRatio()).isEqualTo(0.75);
    }

    @Test
    void projectRejectsAGridWithTheWrongChannelCount() {
        assertThatThrownBy(() -> BASIS.project(LatentGrid.zeros(4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L=4").hasMessageContaining("expects 3");
    }

    @Test
    void reconstructRejectsAGridWithTheWrongComponentCount() {
        assertThatThrownBy(() -> BASIS.reconstruct(LatentGrid.zeros(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 channels").hasMessageContaining("r=2");
    }

    @Test
    void constructorRejectsInconsistentShapes() {
        assertThatThrownBy(() -> new PcaBasis(new float[3], new float[5], new float[1], 1))
                .hasMessageContaining("5 floats is not a whole number of rows of length L=3");
        assertThatThrownBy(() -> new PcaBasis(new float[2], new float[6], new float[3], 1))
                .hasMessageContaining("r=3 components for L=2");
        assertThatThrownBy(() -> new PcaBasis(new float[3], new float[6], new float[1], 1))
                .hasMessageContaining("1 entries, expected r=2");
        assertThatThrownBy(() -> new PcaBasis(new float[0], new float[0], new float[0], 1))
                .hasMessageContaining("at least one channel");
        assertThatThrownBy(() -> new PcaBasis(new float[3], new float[0], new float[0], 1))
                .hasMessageContaining("not a whole number of rows");
    }
}
