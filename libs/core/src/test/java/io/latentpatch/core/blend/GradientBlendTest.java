package io.latentpatch.core.blend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientBlendTest {

    private static LatentGrid constant(int channels, int m, float v) {
        float[] d = new float[channels * m * m];
        java.util.Arrays.fill(d, v);
        return new LatentGrid(channels, m, d);
    }

    private static LatentGrid random(int channels, int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[channels * m * m];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return new LatentGrid(channels, m, d);
    }

    /** Provenance of an M×M grid whose left half comes from source {@code left}, its right half from {@code right}. */
    private static int[] leftRight(int m, int left, int right) {
        int[] provenance = new int[m * m];
        for (int cell = 0; cell < m * m; cell++) provenance[cell] = cell % m < m / 2 ? left : right;
        return provenance;
    }

    /** The copy finish of {@code provenance} over {@code sources}. */
    private static LatentGrid copy(int[] provenance, Map<Integer, LatentGrid> sources, int channels, int m) {
        float[] d = new float[channels * m * m];
        for (int c = 0; c < channels; c++) {
            for (int cell = 0; cell < m * m; cell++) d[c * m * m + cell] = sources.get(provenance[cell]).data()[c * m * m + cell];
        }
        return new LatentGrid(channels, m, d);
    }

    @Test
    void aSingleSourceComesBackUnchanged() {
        LatentGrid a = random(3, 8, 1);
        int[] provenance = new int[64];
        assertThat(GradientBlend.blend(a, provenance, id -> a, null, 0.05)).isEqualTo(a);
    }

    @Test
    void aStepBetweenTwoFlatSourcesIsSpreadOut() {
        int m = 16;
        Map<Integer, LatentGrid> sources = Map.of(0, constant(1, m, 0f), 1, constant(1, m, 1f));
        int[] provenance = leftRight(m, 0, 1);
        LatentGrid c = copy(provenance, sources, 1, m);
        LatentGrid z = GradientBlend.blend(c, provenance, sources::get, null, 0.05);
        for (int y = 0; y < m; y++) {
            float left = z.get(0, y, m / 2 - 1);
            float right = z.get(0, y, m / 2);
            assertThat(right - left).as("jump across the border in row %d (copy: 1)", y).isBetween(0f, 0.15f);
            // monotone ramp from one side to the other, the far ends closer to their own source
            for (int x = 1; x < m; x++) assertThat(z.get(0, y, x)).isGreaterThanOrEqualTo(z.get(0, y, x - 1) - 1e-6f);
            assertThat(z.get(0, y, 0)).isLessThan(0.35f);
            assertThat(z.get(0, y, m - 1)).isGreaterThan(0.65f);
        }
    }

    @Test
    void eachRegionKeepsItsOwnGradients() {
        int m = 24;
        // two sources with different ramps and an offset; far from the border the slope is the source's
        float[] a = new float[m * m];
        float[] b = new float[m * m];
        for (int cell = 0; cell < m * m; cell++) {
            a[cell] = 0.1f * (cell / m);
            b[cell] = 2f + 0.3f * (cell / m);
        }
        Map<Integer, LatentGrid> sources = Map.of(7, new LatentGrid(1, m, a), 9, new LatentGrid(1, m, b));
        int[] provenance = leftRight(m, 7, 9);
        LatentGrid z = GradientBlend.blend(copy(provenance, sources, 1, m), provenance, sources::get, null, 0.05);
        for (int y = 1; y < m; y++) {
            assertThat(z.get(0, y, 0) - z.get(0, y - 1, 0)).isCloseTo(0.1f, offset(0.03f));
            assertThat(z.get(0, y, m - 1) - z.get(0, y - 1, m - 1)).isCloseTo(0.3f, offset(0.03f));
        }
    }

    @Test
    void fixedCellsStayExactAndTheResultIsDeterministic() {
        int m = 10;
        Map<Integer, LatentGrid> sources = Map.of(0, random(4, m, 3), 1, random(4, m, 4), -1, random(4, m, 5));
        boolean[] fixed = new boolean[m * m];
        int[] provenance = targetOnTop(m, fixed);
        LatentGrid c = copy(provenance, sources, 4, m);
        assertFixedExactAndRepeatable(c, fixed, () -> GradientBlend.blend(c, provenance, sources::get, fixed, 0.05));
    }

    /** Provenance with the top three rows the target's (−1, fixed in {@code fixed}) and two sources below. */
    private static int[] targetOnTop(int m, boolean[] fixed) {
        int[] provenance = new int[m * m];
        for (int cell = 0; cell < m * m; cell++) {
            int y = cell / m;
            int x = cell % m;
            provenance[cell] = y < 3 ? -1 : (x + y) % 3 == 0 ? 1 : 0;
            fixed[cell] = provenance[cell] == -1;
        }
        return provenance;
    }

    private static void assertFixedExactAndRepeatable(LatentGrid c, boolean[] fixed, java.util.function.Supplier<LatentGrid> blend) {
        LatentGrid z = blend.get();
        int cells = c.cells();
        for (int cell = 0; cell < cells; cell++) {
            for (int ch = 0; ch < c.channels(); ch++) {
                if (fixed[cell]) assertThat(z.data()[ch * cells + cell]).isEqualTo(c.data()[ch * cells + cell]);
            }
        }
        assertThat(blend.get().data()).isEqualTo(z.data());
        assertThat(z.data()).isNotEqualTo(c.data());
    }

    @Test
    void matchesADenseSolveOfTheSameEnergy() {
        int m = 5;
        double lambda = 0.3;
        Map<Integer, LatentGrid> sources = Map.of(0, random(1, m, 11), 1, random(1, m, 12), 2, random(1, m, 13));
        int[] provenance = new int[m * m];
        SplittableRandom r = new SplittableRandom(2);
        for (int cell = 0; cell < m * m; cell++) provenance[cell] = r.nextInt(3);
        LatentGrid c = copy(provenance, sources, 1, m);
        LatentGrid z = GradientBlend.blend(c, provenance, sources::get, null, lambda);
        int n = m * m;
        double[] x = gauss(normalEquations(m, m, lambda, c.data(), 0, p -> provenance[p], key -> sources.get(key).data()), n);
        for (int p = 0; p < n; p++) assertThat((double) z.data()[p]).as("cell %d", p).isCloseTo(x[p], offset(1e-5));
    }

    // ---- the picture blend of a pixel-block latent

    /** The pixel latent (f-blocks, M×M) of the picture value(c, y, x). */
    private static LatentGrid pixels(PixelBlocks layout, int m, PictureValue value) {
        int side = m * layout.block();
        float[] picture = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) picture[(c * side + y) * side + x] = value.at(c, y, x);
            }
        }
        return layout.fold(picture, m);
    }

    private interface PictureValue { float at(int c, int y, int x); }

    private static float pixel(PixelBlocks layout, LatentGrid z, int c, int y, int x) {
        int side = z.size() * layout.block();
        return layout.unfold(z)[(c * side + y) * side + x];
    }

    @Test
    void onThePictureAFlatStepBetweenTwoSourcesBecomesASmoothRampWithoutBlockTexture() {
        PixelBlocks layout = new PixelBlocks(4);
        int m = 6;
        int side = m * 4;
        Map<Integer, LatentGrid> sources = Map.of(0, pixels(layout, m, (c, y, x) -> 0.2f * c),
                1, pixels(layout, m, (c, y, x) -> 1f + 0.2f * c));
        int[] provenance = leftRight(m, 0, 1);
        LatentGrid c = copy(provenance, sources, layout.channels(), m);
        LatentGrid z = GradientBlend.blendPixels(c, provenance, sources::get, null, 0.05, layout);
        float[] picture = layout.unfold(z);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < side; y++) {
                int row = (ch * side + y) * side;
                // the step of 1 is spread over the pixels on both sides: the largest jump is a small part of it
                float jump = picture[row + side / 2] - picture[row + side / 2 - 1];
                assertThat(jump).as("jump across the border, colour %d row %d", ch, y).isBetween(0f, 0.25f);
                for (int x = 1; x < side; x++) {
                    float d = picture[row + x] - picture[row + x - 1];
                    assertThat(d).isGreaterThanOrEqualTo(-1e-6f);
                    // the ramp is steepest at the border and flattens away from it: no jump where blocks meet
                    if (x < side / 2) assertThat(d).isLessThanOrEqualTo(picture[row + x + 1] - picture[row + x] + 1e-6f);
                    if (x > side / 2) assertThat(d).isLessThanOrEqualTo(picture[row + x - 1] - picture[row + x - 2] + 1e-6f);
                }
                // every row of a left/right split is the same
                for (int x = 0; x < side; x++) assertThat(picture[row + x]).isCloseTo(picture[ch * side * side + x], offset(1e-5f));
            }
        }
    }

    @Test
    void onThePictureEachRegionKeepsItsOwnPixelGradients() {
        PixelBlocks layout = new PixelBlocks(4);
        int m = 8;
        int side = m * 4;
        // vertical ramps of different slopes per pixel, plus an offset between the sources
        Map<Integer, LatentGrid> sources = Map.of(3, pixels(layout, m, (c, y, x) -> 0.01f * y),
                5, pixels(layout, m, (c, y, x) -> 2f + 0.03f * y));
        int[] provenance = leftRight(m, 3, 5);
        LatentGrid z = GradientBlend.blendPixels(copy(provenance, sources, layout.channels(), m), provenance, sources::get, null,
                0.05, layout);
        for (int y = 1; y < side; y++) {
            for (int ch = 0; ch < 3; ch++) {
                assertThat(pixel(layout, z, ch, y, 0) - pixel(layout, z, ch, y - 1, 0)).isCloseTo(0.01f, offset(0.004f));
                assertThat(pixel(layout, z, ch, y, side - 1) - pixel(layout, z, ch, y - 1, side - 1)).isCloseTo(0.03f, offset(0.004f));
            }
        }
    }

    @Test
    void onThePictureFixedCellsStayExactAndTheResultIsDeterministic() {
        PixelBlocks layout = new PixelBlocks(2);
        int m = 9;
        Map<Integer, LatentGrid> sources = Map.of(0, random(12, m, 31), 1, random(12, m, 32), -1, random(12, m, 33));
        boolean[] fixed = new boolean[m * m];
        int[] provenance = targetOnTop(m, fixed);
        LatentGrid c = copy(provenance, sources, 12, m);
        assertFixedExactAndRepeatable(c, fixed, () -> GradientBlend.blendPixels(c, provenance, sources::get, fixed, 0.05, layout));
    }

    @Test
    void onThePictureItMatchesADenseSolveOfTheSameEnergyWithFixedPixels() {
        PixelBlocks layout = new PixelBlocks(2);
        int m = 3;
        int side = 6;
        double lambda = 0.2;
        Map<Integer, LatentGrid> sources = Map.of(0, random(12, m, 41), 1, random(12, m, 42), 2, random(12, m, 43));
        int[] provenance = {0, 1, 1, 2, 0, 1, 2, 2, 0};
        boolean[] fixed = new boolean[m * m];
        fixed[4] = true;
        LatentGrid c = copy(provenance, sources, 12, m);
        LatentGrid z = GradientBlend.blendPixels(c, provenance, sources::get, fixed, lambda, layout);
        float[] cp = layout.unfold(c);
        float[] zp = layout.unfold(z);
        int n = side * side;
        for (int ch = 0; ch < 3; ch++) {
            int base = ch * n;
            // normal equations over every pixel, then each fixed pixel's row replaced by z_p = c_p
            double[][] a = normalEquations(side, side, lambda, cp, base, p -> provenance[(p / side / 2) * m + (p % side) / 2],
                    key -> layout.unfold(sources.get(key)));
            for (int p = 0; p < n; p++) {
                if (!fixed[(p / side / 2) * m + (p % side) / 2]) continue;
                java.util.Arrays.fill(a[p], 0);
                a[p][p] = 1;
                a[p][n] = cp[base + p];
            }
            double[] x = gauss(a, n);
            for (int p = 0; p < n; p++) assertThat((double) zp[base + p]).as("colour %d pixel %d", ch, p).isCloseTo(x[p], offset(1e-5));
        }
    }

    /**
     * The normal equations of Σ_edges (z_p − z_q − g_pq)² + λ Σ (z_p − c_p)² on an h×w plane at {@code c[base..]},
     * assembled densely as an augmented n×(n+1) matrix (g as the blend defines it from the labels and sources).
     */
    private static double[][] normalEquations(int h, int w, double lambda, float[] c, int base, java.util.function.IntUnaryOperator label,
                                              java.util.function.IntFunction<float[]> sourceOf) {
        int n = h * w;
        double[][] a = new double[n][n + 1];
        for (int p = 0; p < n; p++) {
            a[p][p] += lambda;
            a[p][n] += lambda * c[base + p];
        }
        for (int p = 0; p < n; p++) {
            for (int q : new int[] {p % w + 1 < w ? p + 1 : -1, p + w < n ? p + w : -1}) {
                if (q < 0) continue;
                double g;
                if (label.applyAsInt(p) == label.applyAsInt(q)) g = c[base + p] - c[base + q];
                else {
                    float[] sa = sourceOf.apply(label.applyAsInt(p));
                    float[] sb = sourceOf.apply(label.applyAsInt(q));
                    g = 0.5 * ((sa[base + p] - sa[base + q]) + (sb[base + p] - sb[base + q]));
                }
                a[p][p] += 1; a[q][q] += 1; a[p][q] -= 1; a[q][p] -= 1;
                a[p][n] += g; a[q][n] -= g;
            }
        }
        return a;
    }

    /** Gaussian elimination with partial pivoting of the augmented n×(n+1) system. */
    private static double[] gauss(double[][] a, int n) {
        for (int i = 0; i < n; i++) {
            int pivot = i;
            for (int j = i + 1; j < n; j++) if (Math.abs(a[j][i]) > Math.abs(a[pivot][i])) pivot = j;
            double[] t = a[i]; a[i] = a[pivot]; a[pivot] = t;
            for (int j = i + 1; j < n; j++) {
                double f = a[j][i] / a[i][i];
                for (int k = i; k <= n; k++) a[j][k] -= f * a[i][k];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int k = i + 1; k < n; k++) s -= a[i][k] * x[k];
            x[i] = s / a[i][i];
        }
        return x;
    }

    @Test
    void thePlaneSolveSumsInFourLanesOrInIndexOrderAndBothConverge() {
        int h = 7;
        int w = 13;
        SplittableRandom r = new SplittableRandom(5);
        float[][] planes = new float[3][2 * h * w];
        for (float[] plane : planes) for (int i = 0; i < plane.length; i++) plane[i] = (float) r.nextGaussian();
        int[] labels = new int[h * w];
        for (int i = 0; i < labels.length; i++) labels[i] = (i % w) / 5 + 3 * ((i / w) / 4);
        java.util.function.IntFunction<float[]> sourceOf = k -> planes[k % 3];
        float[] copy = new float[2 * h * w];
        for (int ch = 0; ch < 2; ch++) for (int i = 0; i < h * w; i++) copy[ch * h * w + i] = sourceOf.apply(labels[i])[ch * h * w + i];
        int[] its = new int[2];
        float[] lanes = GradientBlend.blend(2, h, w, copy, labels, sourceOf, null, 0.05, true, its);
        for (int n : its) assertThat(n).as("iterations").isBetween(1, GradientBlend.MAX_ITERATIONS - 1);
        float[] ordered = GradientBlend.blend(2, h, w, copy, labels, sourceOf, null, 0.05, false, null);
        for (int i = 0; i < lanes.length; i++) assertThat(lanes[i]).isCloseTo(ordered[i], offset(1e-5f));
        assertThat(GradientBlend.blend(2, h, w, copy, labels, sourceOf, null, 0.05, true, null)).isEqualTo(lanes);
    }

    @Test
    void thePictureBlendRejectsALatentOfAnotherLayout() {
        LatentGrid a = random(12, 4, 1);
        assertThatThrownBy(() -> GradientBlend.blendPixels(a, new int[16], id -> a, null, 0.05, new PixelBlocks(4)))
                .hasMessageContaining("48 channels");
        assertThatThrownBy(() -> GradientBlend.blendPixels(a, new int[15], id -> a, null, 0.05, new PixelBlocks(2)))
                .hasMessageContaining("16");
    }

    @Test
    void rejectsWhatDoesNotFit() {
        LatentGrid a = random(2, 4, 1);
        assertThatThrownBy(() -> GradientBlend.blend(a, new int[15], id -> a, null, 0.05)).hasMessageContaining("16");
        assertThatThrownBy(() -> GradientBlend.blend(a, new int[16], id -> a, null, 0)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> GradientBlend.blend(a, new int[16], id -> a, new boolean[3], 0.05)).hasMessageContaining("fixed");
    }
}
