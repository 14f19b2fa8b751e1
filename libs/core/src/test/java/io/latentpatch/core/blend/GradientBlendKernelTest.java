package io.latentpatch.core.blend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The solver's vector kernels give the bytes of their scalar references: same operations per value, same order. */
class GradientBlendKernelTest {

    private static double[] random(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-3, 4));
        return v;
    }

    @Test
    void theOperatorEqualsItsScalarReferenceOnEveryPlaneShape() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{1, 1}, {1, 5}, {3, 2}, {2, 9}, {7, 13}, {16, 16}, {5, 33}, {32, 32}, {9, 70}, {64, 64}};
        for (int[] shape : shapes) {
            int cells = shape[0] * shape[1];
            for (boolean withFixed : new boolean[] {false, true}) {
                boolean[] fixed = null;
                double[] v = random(r, cells);
                if (withFixed) {
                    fixed = new boolean[cells];
                    for (int i = 0; i < cells; i++) fixed[i] = r.nextInt(4) == 0;
                    for (int i = 0; i < cells; i++) if (fixed[i]) v[i] = 0;
                }
                GradientBlend.Plane plane = new GradientBlend.Plane(shape[0], shape[1], fixed, 0.0125, true, true);
                double[] fast = new double[cells];
                double[] slow = new double[cells];
                plane.apply(v, fast);
                plane.applyScalar(v, slow);
                for (int i = 0; i < cells; i++) {
                    assertThat(Double.doubleToRawLongBits(fast[i])).as("%dx%d cell %d", shape[0], shape[1], i)
                            .isEqualTo(Double.doubleToRawLongBits(slow[i]));
                }
            }
        }
    }

    @Test
    void theFourSumDotProductEqualsItsScalarReferenceForEveryLength() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : new int[] {0, 1, 3, 4, 5, 7, 8, 15, 64, 1023, 65536 + 3}) {
            double[] a = random(r, n);
            double[] b = random(r, n);
            for (boolean four : new boolean[] {false, true}) {
                GradientBlend.Plane plane = new GradientBlend.Plane(1, Math.max(1, n), null, 0.05, four, true);
                assertThat(Double.doubleToRawLongBits(plane.dot(a, b))).as("n=%d four=%s", n, four)
                        .isEqualTo(Double.doubleToRawLongBits(plane.dotScalar(a, b)));
            }
        }
    }

    @Test
    void aWholePictureBlendGivesTheSameBytesWithVectorAndScalarKernels() {
        io.latentpatch.core.grid.PixelBlocks layout = new io.latentpatch.core.grid.PixelBlocks(8);
        int m = 8;
        int channels = layout.channels();
        SplittableRandom r = new SplittableRandom(5);
        io.latentpatch.core.grid.LatentGrid[] sources = new io.latentpatch.core.grid.LatentGrid[3];
        for (int s = 0; s < sources.length; s++) {
            float[] d = new float[channels * m * m];
            for (int i = 0; i < d.length; i++) d[i] = (float) (0.3 * s + 0.2 * r.nextDouble());
            sources[s] = new io.latentpatch.core.grid.LatentGrid(channels, m, d);
        }
        int[] provenance = new int[m * m];
        boolean[] fixed = new boolean[m * m];
        for (int i = 0; i < provenance.length; i++) {
            provenance[i] = (i % m < 3 ? 0 : i / m < 4 ? 1 : 2);
            fixed[i] = i % 7 == 0;
        }
        float[] copy = new float[channels * m * m];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < m * m; i++) copy[c * m * m + i] = sources[provenance[i]].data()[c * m * m + i];
        }
        io.latentpatch.core.grid.LatentGrid grid = new io.latentpatch.core.grid.LatentGrid(channels, m, copy);
        for (boolean[] mask : new boolean[][] {null, fixed}) {
            float[] fast = GradientBlend.blendPixels(grid, provenance, k -> sources[k], mask, GradientBlend.DEFAULT_PIXEL_DATA_WEIGHT, layout,
                    GradientBlend.Kernels.VECTOR).data();
            float[] slow = GradientBlend.blendPixels(grid, provenance, k -> sources[k], mask, GradientBlend.DEFAULT_PIXEL_DATA_WEIGHT, layout,
                    GradientBlend.Kernels.SCALAR).data();
            assertThat(fast).isEqualTo(slow);
            assertThat(fast).isNotEqualTo(copy);
        }
    }
}
