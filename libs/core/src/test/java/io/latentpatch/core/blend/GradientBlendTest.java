package io.latentpatch.core.blend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.latentpatch.core.grid.LatentGrid;
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
        int[] provenance = new int[m * m];
        for (int cell = 0; cell < m * m; cell++) provenance[cell] = cell % m < m / 2 ? 0 : 1;
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
        int[] provenance = new int[m * m];
        for (int cell = 0; cell < m * m; cell++) provenance[cell] = cell % m < m / 2 ? 7 : 9;
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
        int[] provenance = new int[m * m];
        boolean[] fixed = new boolean[m * m];
        for (int cell = 0; cell < m * m; cell++) {
            int y = cell / m;
            int x = cell % m;
            provenance[cell] = y < 3 ? -1 : (x + y) % 3 == 0 ? 1 : 0;
            fixed[cell] = provenance[cell] == -1;
        }
        LatentGrid c = copy(provenance, sources, 4, m);
        LatentGrid z = GradientBlend.blend(c, provenance, sources::get, fixed, 0.05);
        for (int cell = 0; cell < m * m; cell++) {
            for (int ch = 0; ch < 4; ch++) {
                if (fixed[cell]) assertThat(z.data()[ch * m * m + cell]).isEqualTo(c.data()[ch * m * m + cell]);
            }
        }
        assertThat(GradientBlend.blend(c, provenance, sources::get, fixed, 0.05).data()).isEqualTo(z.data());
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
        // normal equations of Σ_edges (z_p − z_q − g_pq)² + λ Σ (z_p − c_p)², assembled densely
        int n = m * m;
        double[][] a = new double[n][n + 1];
        for (int p = 0; p < n; p++) {
            a[p][p] += lambda;
            a[p][n] += lambda * c.data()[p];
        }
        for (int p = 0; p < n; p++) {
            for (int q : new int[] {p % m + 1 < m ? p + 1 : -1, p + m < n ? p + m : -1}) {
                if (q < 0) continue;
                double g;
                if (provenance[p] == provenance[q]) g = c.data()[p] - c.data()[q];
                else {
                    float[] sa = sources.get(provenance[p]).data();
                    float[] sb = sources.get(provenance[q]).data();
                    g = 0.5 * ((sa[p] - sa[q]) + (sb[p] - sb[q]));
                }
                a[p][p] += 1; a[q][q] += 1; a[p][q] -= 1; a[q][p] -= 1;
                a[p][n] += g; a[q][n] -= g;
            }
        }
        for (int i = 0; i < n; i++) {
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
        for (int p = 0; p < n; p++) assertThat((double) z.data()[p]).as("cell %d", p).isCloseTo(x[p], offset(1e-5));
    }

    @Test
    void rejectsWhatDoesNotFit() {
        LatentGrid a = random(2, 4, 1);
        assertThatThrownBy(() -> GradientBlend.blend(a, new int[15], id -> a, null, 0.05)).hasMessageContaining("16");
        assertThatThrownBy(() -> GradientBlend.blend(a, new int[16], id -> a, null, 0)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> GradientBlend.blend(a, new int[16], id -> a, new boolean[3], 0.05)).hasMessageContaining("fixed");
    }
}
