package io.latentpatch.core.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.core.grid.LatentGrid;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResizeTest {

    /**
     * Slow reference written differently from {@link Resize}: every input cell contributes with a tent weight
     * max(0, 1 − |s − i|) per axis around the clamped source coordinate s = (o + ½)·in/out − ½.
     */
    static double referenceBilinear(LatentGrid g, int c, int oy, int ox, int out) {
        int in = g.size();
        double sy = Math.min(Math.max((oy + 0.5) * in / out - 0.5, 0), in - 1);
        double sx = Math.min(Math.max((ox + 0.5) * in / out - 0.5, 0), in - 1);
        double sum = 0;
        for (int iy = 0; iy < in; iy++) {
            double wy = Math.max(0, 1 - Math.abs(sy - iy));
            if (wy == 0) continue;
            for (int ix = 0; ix < in; ix++) {
                double wx = Math.max(0, 1 - Math.abs(sx - ix));
                sum += wy * wx * g.get(c, iy, ix);
            }
        }
        return sum;
    }

    static LatentGrid random(int channels, int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LatentGrid g = LatentGrid.zeros(channels, size);
        for (int i = 0; i < g.data().length; i++) g.data()[i] = (float) (rnd.nextDouble() * 4 - 2);
        return g;
    }

    @Test
    void bilinearMatchesTheTentReferenceForOddSizesUpAndDown() {
        int[][] pairs = {{5, 3}, {3, 5}, {7, 16}, {16, 10}, {10, 16}, {13, 13 - 2}, {1, 4}, {4, 1}, {2, 9}, {9, 2}, {16, 7}};
        for (int[] pair : pairs) {
            LatentGrid g = random(3, pair[0], 31L * pair[0] + pair[1]);
            LatentGrid out = Resize.bilinear(g, pair[1]);
            assertThat(out.channels()).isEqualTo(3);
            assertThat(out.size()).isEqualTo(pair[1]);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < pair[1]; y++) {
                    for (int x = 0; x < pair[1]; x++) {
                        assertThat((double) out.get(c, y, x)).as("%d -> %d at c=%d y=%d x=%d", pair[0], pair[1], c, y, x)
                                .isCloseTo(referenceBilinear(g, c, y, x, pair[1]), within(2e-6));
                    }
                }
            }
        }
    }

    @Test
    void bilinearUpsamplingByTwoMatchesPyTorchAlignCornersFalse() {
        // torch.nn.functional.interpolate([[1, 2], [3, 4]], size=4, mode='bilinear', align_corners=False)
        LatentGrid g = new LatentGrid(1, 2, new float[] {1, 2, 3, 4});
        assertThat(Resize.bilinear(g, 4).data()).containsExactly(
                1.0f, 1.25f, 1.75f, 2.0f,
                1.5f, 1.75f, 2.25f, 2.5f,
                2.5f, 2.75f, 3.25f, 3.5f,
                3.0f, 3.25f, 3.75f, 4.0f);
    }

    @Test
    void bilinearToTheSameSizeIsACopy() {
        LatentGrid g = random(2, 6, 1);
        LatentGrid same = Resize.bilinear(g, 6);
        assertThat(same).isEqualTo(g);
        assertThat(same.data()).isNotSameAs(g.data());
    }

    @Test
    void bilinearKeepsConstantsAndChannelsApart() {
        LatentGrid g = LatentGrid.zeros(2, 5);
        java.util.Arrays.fill(g.data(), 0, 25, 3.5f);
        java.util.Arrays.fill(g.data(), 25, 50, -1f);
        LatentGrid out = Resize.bilinear(g, 8);
        for (int i = 0; i < 64; i++) assertThat(out.data()[i]).isEqualTo(3.5f);
        for (int i = 64; i < 128; i++) assertThat(out.data()[i]).isEqualTo(-1f);
    }

    @Test
    void nearestTakesTheCellUnderEachOutputCentre() {
        for (int in = 1; in <= 17; in++) {
            for (int out = 1; out <= 17; out++) {
                int[] map = new int[in * in];
                for (int i = 0; i < map.length; i++) map[i] = i * 7 + 1;
                int[] res = Resize.nearest(map, in, out);
                for (int y = 0; y < out; y++) {
                    for (int x = 0; x < out; x++) {
                        // integer form of floor((o + ½)·in/out)
                        int iy = (2 * y + 1) * in / (2 * out);
                        int ix = (2 * x + 1) * in / (2 * out);
                        assertThat(res[y * out + x]).as("%d -> %d at (%d, %d)", in, out, y, x).isEqualTo(map[iy * in + ix]);
                    }
                }
            }
        }
    }

    @Test
    void nearestKnownCases() {
        assertThat(Resize.nearest(new int[] {1, 2, 3, 4}, 2, 4)).containsExactly(
                1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4);
        int[] fourByFour = new int[16];
        for (int i = 0; i < 16; i++) fourByFour[i] = i;
        assertThat(Resize.nearest(fourByFour, 4, 2)).containsExactly(5, 7, 13, 15);
        assertThat(Resize.nearest(new int[] {9}, 1, 3)).containsOnly(9);
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> Resize.bilinear(LatentGrid.zeros(1, 2), 0)).hasMessageContaining("output size must be >= 1, got 0");
        assertThatThrownBy(() -> Resize.nearest(new int[5], 2, 3)).hasMessageContaining("5 cells is not 2x2");
        assertThatThrownBy(() -> Resize.nearest(new int[4], 2, 0)).hasMessageContaining("output size must be >= 1");
    }
}
