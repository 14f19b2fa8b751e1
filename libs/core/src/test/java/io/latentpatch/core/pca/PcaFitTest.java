package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.core.grid.LatentGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaFitTest {

    /**
     * B grids whose cell vectors are μ + Q·(σ ⊙ g): Q a random rotation, σ decreasing, g standard normal, so the
     * covariance has a well-separated spectrum σ².
     */
    static List<LatentGrid> synthetic(int b, int channels, int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] q = new double[channels][channels];
        for (int k = 0; k < channels; k++) {
            for (int c = 0; c < channels; c++) q[k][c] = rnd.nextGaussian();
            for (int j = 0; j < k; j++) { // Gram–Schmidt
                double d = 0;
                for (int c = 0; c < channels; c++) d += q[k][c] * q[j][c];
                for (int c = 0; c < channels; c++) q[k][c] -= d * q[j][c];
            }
            double norm = 0;
            for (int c = 0; c < channels; c++) norm += q[k][c] * q[k][c];
            for (int c = 0; c < channels; c++) q[k][c] /= Math.sqrt(norm);
        }
        List<LatentGrid> grids = new ArrayList<>();
        for (int g = 0; g < b; g++) {
            LatentGrid grid = LatentGrid.zeros(channels, size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    for (int k = 0; k < channels; k++) {
                        double amount = 3 * Math.pow(0.6, k) * rnd.nextGaussian();
                        for (int c = 0; c < channels; c++) {
                            grid.set(c, y, x, (float) (grid.get(c, y, x) + amount * q[k][c]));
                        }
                    }
                    for (int c = 0; c < channels; c++) grid.set(c, y, x, grid.get(c, y, x) + 0.5f * c - 1);
                }
            }
            grids.add(grid);
        }
        return grids;
    }

    /** Slow reference: sample covariance straight from the definition, one cell vector at a time. */
    static double[][] referenceCovariance(List<LatentGrid> grids) {
        int channels = grids.get(0).channels();
        double[] mean = new double[channels];
        int n = 0;
        for (LatentGrid g : grids) {
            for (int y = 0; y < g.size(); y++) {
                for (int x = 0; x < g.size(); x++) {
                    float[] v = g.cellVector(y, x);
                    for (int c = 0; c < channels; c++) mean[c] += v[c];
                    n++;
                }
            }
        }
        for (int c = 0; c < channels; c++) mean[c] /= n;
        double[][] cov = new double[channels][channels];
        for (LatentGrid g : grids) {
            for (int y = 0; y < g.size(); y++) {
                for (int x = 0; x < g.size(); x++) {
                    float[] v = g.cellVector(y, x);
                    for (int i = 0; i < channels; i++) {
                        for (int j = 0; j < channels; j++) cov[i][j] += (v[i] - mean[i]) * (v[j] - mean[j]);
                    }
                }
            }
        }
        for (double[] row : cov) for (int j = 0; j < channels; j++) row[j] /= (n - 1);
        return cov;
    }

    /** Slow reference: top eigenpairs by power iteration with deflation. */
    static double[][] powerIteration(double[][] cov, int count, double[] valuesOut) {
        int n = cov.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = cov[i].clone();
        double[][] vectors = new double[count][];
        for (int k = 0; k < count; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = 1.0 / (i + 1.5);
            double lambda = 0;
            for (int it = 0; it < 5000; it++) {
                double[] w = new double[n];
                for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[i] += a[i][j] * v[j];
                double norm = 0;
                for (double x : w) norm += x * x;
                norm = Math.sqrt(norm);
                for (int i = 0; i < n; i++) v[i] = w[i] / norm;
                lambda = norm;
            }
            valuesOut[k] = lambda;
            vectors[k] = v;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] -= lambda * v[i] * v[j];
        }
        return vectors;
    }

    @Test
    void matchesSlowPowerIterationReference() {
        int channels = 7;
        List<LatentGrid> grids = synthetic(3, channels, 5, 42);
        int r = 4;
        PcaBasis pca = PcaFit.fit(grids, r);
        double[][] cov = referenceCovariance(grids);
        double[] refValues = new double[r];
        double[][] refVectors = powerIteration(cov, r, refValues);
        for (int k = 0; k < r; k++) {
            assertThat((double) pca.explainedVariance()[k]).as("variance %d", k).isCloseTo(refValues[k], within(1e-5 * refValues[0]));
            double dot = 0;
            for (int c = 0; c < channels; c++) dot += pca.components()[k * channels + c] * refVectors[k][c];
            assertThat(Math.abs(dot)).as("|cos| between component %d and reference", k).isCloseTo(1.0, within(1e-5));
        }
        double trace = 0;
        for (int c = 0; c < channels; c++) trace += cov[c][c];
        assertThat(pca.totalVariance()).isCloseTo(trace, within(1e-9 * trace));
        for (int c = 0; c < channels; c++) {
            double m = 0;
            for (LatentGrid g : grids) for (int p = 0; p < g.cells(); p++) m += g.data()[c * g.cells() + p];
            assertThat((double) pca.mean()[c]).isCloseTo(m / 75, within(1e-6));
        }
    }

    @Test
    void componentsAreOrthonormalEigenvectorsWhoseValuesSumToTheTrace() {
        int channels = 12;
        List<LatentGrid> grids = synthetic(2, channels, 6, 3);
        PcaBasis pca = PcaFit.fit(grids, channels);
        double[][] cov = referenceCovariance(grids);
        float[] p = pca.components();
        double sum = 0;
        for (int k = 0; k < channels; k++) {
            double lambda = pca.explainedVariance()[k];
            sum += lambda;
            if (k > 0) assertThat(lambda).isLessThanOrEqualTo(pca.explainedVariance()[k - 1]);
            for (int i = 0; i < channels; i++) {
                double cv = 0;
                for (int j = 0; j < channels; j++) cv += cov[i][j] * p[k * channels + j];
                assertThat(cv).as("(C v - lambda v)[%d] for component %d", i, k).isCloseTo(lambda * p[k * channels + i], within(1e-5));
            }
            for (int m = 0; m <= k; m++) {
                double dot = 0;
                for (int c = 0; c < channels; c++) dot += (double) p[k * channels + c] * p[m * channels + c];
                assertThat(dot).isCloseTo(k == m ? 1 : 0, within(1e-6));
            }
        }
        assertThat(sum).isCloseTo(pca.totalVariance(), within(1e-5 * pca.totalVariance()));
        assertThat(pca.explainedVarianceRatio()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void usesSampleVarianceLikeScikitLearn() {
        // Points (1,1), (−1,−1), (2,2), (−2,−2): all variance along (1,1)/√2, Σ (√2·t)² / (N − 1) = 20/3.
        LatentGrid g = new LatentGrid(2, 2, new float[] {1, -1, 2, -2, 1, -1, 2, -2});
        PcaBasis pca = PcaFit.fit(List.of(g), 2);
        assertThat((double) pca.explainedVariance()[0]).isCloseTo(20.0 / 3, within(1e-5));
        assertThat((double) pca.explainedVariance()[1]).isCloseTo(0, within(1e-6));
        assertThat(pca.totalVariance()).isCloseTo(20.0 / 3, within(1e-12));
        float s = (float) Math.sqrt(0.5);
        assertThat(pca.components()[0]).isCloseTo(s, within(1e-6f));
        assertThat(pca.components()[1]).isCloseTo(s, within(1e-6f));
        assertThat(pca.mean()).containsExactly(0f, 0f);
    }

    @Test
    void largestEntryOfEveryComponentIsPositive() {
        int channels = 9;
        PcaBasis pca = PcaFit.fit(synthetic(2, channels, 4, 11), channels);
        for (int k = 0; k < channels; k++) {
            int big = 0;
            for (int c = 1; c < channels; c++) {
                if (Math.abs(pca.components()[k * channels + c]) > Math.abs(pca.components()[k * channels + big])) big = c;
            }
            assertThat(pca.components()[k * channels + big]).isPositive();
        }
    }

    @Test
    void projectThenReconstructIsTheIdentityWhenRequalsL() {
        List<LatentGrid> grids = synthetic(2, 10, 7, 5);
        PcaBasis pca = PcaFit.fit(grids, 10);
        for (LatentGrid g : grids) {
            LatentGrid back = pca.reconstruct(pca.project(g));
            for (int i = 0; i < g.data().length; i++) {
                assertThat(back.data()[i]).isCloseTo(g.data()[i], within(2e-5f));
            }
        }
    }

    @Test
    void reconstructionErrorShrinksAsComponentsAreAdded() {
        int channels = 8;
        List<LatentGrid> grids = synthetic(3, channels, 5, 8);
        double previous = Double.MAX_VALUE;
        for (int r = 1; r <= channels; r++) {
            PcaBasis pca = PcaFit.fit(grids, r);
            double err = 0;
            for (LatentGrid g : grids) {
                LatentGrid back = pca.reconstruct(pca.project(g));
                for (int i = 0; i < g.data().length; i++) err += Math.pow(back.data()[i] - g.data()[i], 2);
            }
            // the residual of the best rank-r fit is the sum of the dropped eigenvalues times N − 1
            double dropped = 0;
            PcaBasis full = PcaFit.fit(grids, channels);
            for (int k = r; k < channels; k++) dropped += full.explainedVariance()[k];
            assertThat(err).as("squared error with r=%d", r).isCloseTo(dropped * (75 - 1), within(1e-3 + 1e-4 * dropped * 74));
            assertThat(err).isLessThan(previous);
            previous = err;
        }
        assertThat(previous).isLessThan(1e-6);
    }

    @Test
    void fewerSamplesThanChannelsGiveZeroTrailingVariances() {
        int channels = 8;
        List<LatentGrid> grids = synthetic(1, channels, 2, 21); // N = 4 vectors span at most 3 centred directions
        PcaBasis pca = PcaFit.fit(grids, channels);
        for (int k = 3; k < channels; k++) assertThat(pca.explainedVariance()[k]).isCloseTo(0f, within(1e-5f));
        assertThat(pca.explainedVariance()[2]).isGreaterThan(1e-3f);
        float[] p = pca.components();
        for (int k = 0; k < channels; k++) {
            double norm = 0;
            for (int c = 0; c < channels; c++) norm += (double) p[k * channels + c] * p[k * channels + c];
            assertThat(norm).isCloseTo(1, within(1e-6));
        }
        // a single cell: one vector, no variance at all
        PcaBasis single = PcaFit.fit(List.of(new LatentGrid(3, 1, new float[] {1, 2, 3})), 2);
        assertThat(single.mean()).containsExactly(1f, 2f, 3f);
        assertThat(single.explainedVariance()).containsExactly(0f, 0f);
    }

    @Test
    void sameInputsGiveByteIdenticalBases() {
        List<LatentGrid> grids = synthetic(4, 16, 6, 99);
        PcaBasis a = PcaFit.fit(grids, 5);
        List<LatentGrid> copies = new ArrayList<>();
        for (LatentGrid g : grids) copies.add(g.copy());
        PcaBasis b = PcaBasis.fit(copies, 5);
        assertThat(PcaFiles.toNpzBytes(b)).isEqualTo(PcaFiles.toNpzBytes(a));
        assertThat(b.totalVariance()).isEqualTo(a.totalVariance());
    }

    @Test
    void gridsOfDifferentSizesButOneChannelCountAreAllUsed() {
        List<LatentGrid> grids = List.of(new LatentGrid(1, 1, new float[] {0}), new LatentGrid(1, 2, new float[] {2, 2, 2, 2}));
        PcaBasis pca = PcaFit.fit(grids, 1);
        assertThat(pca.mean()[0]).isEqualTo(1.6f); // (0 + 4·2) / 5
        assertThat((double) pca.explainedVariance()[0]).isCloseTo((1.6 * 1.6 + 4 * 0.16) / 4, within(1e-6));
    }

    /**
     * The fast path against the exact reference (scalar covariance, full Householder + QL solve): same
     * mean and trace, eigenvalues within 1e-6 relative, each component within 1e-6 of the reference's direction
     * (same sign), and the same reconstruction error to 1e-6 relative.
     */
    static void assertMatchesReference(List<LatentGrid> grids, int r) {
        PcaBasis fast = PcaFit.fit(grids, r);
        PcaBasis exact = PcaFit.fitReference(grids, r);
        int channels = exact.channels();
        assertThat(fast.mean()).isEqualTo(exact.mean());
        assertThat(fast.totalVariance()).isCloseTo(exact.totalVariance(), within(1e-12 * exact.totalVariance()));
        for (int k = 0; k < r; k++) {
            double lambda = exact.explainedVariance()[k];
            assertThat((double) fast.explainedVariance()[k]).as("variance %d", k).isCloseTo(lambda, within(1e-6 * lambda));
            double dot = 0;
            for (int c = 0; c < channels; c++) dot += (double) fast.components()[k * channels + c] * exact.components()[k * channels + c];
            assertThat(dot).as("cos between component %d and the reference's", k).isCloseTo(1.0, within(1e-6));
        }
        double errFast = 0;
        double errExact = 0;
        for (LatentGrid g : grids) {
            LatentGrid a = fast.reconstruct(fast.project(g));
            LatentGrid b = exact.reconstruct(exact.project(g));
            for (int i = 0; i < g.data().length; i++) {
                errFast += Math.pow(a.data()[i] - g.data()[i], 2);
                errExact += Math.pow(b.data()[i] - g.data()[i], 2);
            }
        }
        assertThat(errFast).as("squared reconstruction error").isCloseTo(errExact, within(1e-6 * errExact));
    }

    @Test
    void matchesTheExactReferenceOnSixteenRealFacesAtPixelF16() {
        List<LatentGrid> faces = FaceLatents.pixelF16(16); // L = 768, N = 4 096: the case the fast path is for
        assertMatchesReference(faces, 16);
        assertMatchesReference(faces.subList(0, 4), 32);
    }

    @Test
    void matchesTheExactReferenceOnSyntheticAndOnNoiseData() {
        assertMatchesReference(synthetic(3, 400, 8, 31), 16);
        // isotropic Gaussian noise: a Marchenko–Pastur spectrum with small gaps at the top, the hard case for Krylov
        List<LatentGrid> noise = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(32);
        for (int b = 0; b < 4; b++) {
            float[] data = new float[300 * 16 * 16];
            for (int i = 0; i < data.length; i++) data[i] = (float) rnd.nextGaussian();
            noise.add(new LatentGrid(300, 16, data));
        }
        assertMatchesReference(noise, 8);
    }

    @Test
    void fastPathGivesTheSameBytesOnEveryRun() {
        List<LatentGrid> grids = synthetic(2, 300, 8, 33);
        byte[] first = PcaFiles.toNpzBytes(PcaFit.fit(grids, 16));
        for (int run = 0; run < 2; run++) {
            List<LatentGrid> copies = new ArrayList<>();
            for (LatentGrid g : grids) copies.add(g.copy());
            assertThat(PcaFiles.toNpzBytes(PcaFit.fit(copies, 16))).isEqualTo(first);
        }
    }

    /** Cells {@code 0.5 + Σ_k a_k·g·u_k} over 96 random directions, {@code a_k ∝ (k + 1)^−0.75}, plus small noise. */
    static List<LatentGrid> imageLike(int b, int channels, int size, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] u = new double[96][channels];
        for (double[] row : u) for (int c = 0; c < channels; c++) row[c] = rnd.nextGaussian() / Math.sqrt(channels);
        List<LatentGrid> out = new ArrayList<>();
        int cells = size * size;
        double[] v = new double[channels];
        for (int g = 0; g < b; g++) {
            float[] d = new float[channels * cells];
            for (int p = 0; p < cells; p++) {
                java.util.Arrays.fill(v, 0.5);
                for (int k = 0; k < u.length; k++) {
                    double a = 2.0 * Math.pow(k + 1, -0.75) * rnd.nextGaussian();
                    for (int c = 0; c < channels; c++) v[c] += a * u[k][c];
                }
                for (int c = 0; c < channels; c++) d[c * cells + p] = (float) (v[c] + 0.01 * rnd.nextGaussian());
            }
            out.add(new LatentGrid(channels, size, d));
        }
        return out;
    }

    @Test
    void fitsPixelF16SizedInputsOnTheKrylovPath() {
        // speed is measured by PcaFitBenchmark (docs/benchmarks.md), not asserted here; this checks the fast path is taken
        List<LatentGrid> grids = imageLike(16, 768, 16, 1); // B = 16, L = 768, M = 16, like pixel-f16
        PcaBasis pca = PcaFit.fit(grids, 16);
        assertThat(pca.dims()).isEqualTo(16);
        double[] mean = new double[768];
        for (int c = 0; c < 768; c++) mean[c] = pca.mean()[c];
        double[] cov = Covariance.scatter(grids, mean);
        for (int i = 0; i < cov.length; i++) cov[i] /= 16 * 256 - 1;
        assertThat(TopEigen.of(cov, 768, 16).basisSize()).as("Krylov basis (768 = fell back to the full solver)").isLessThan(768);
    }

    @Test
    void rejectsBadArguments() {
        List<LatentGrid> grids = List.of(LatentGrid.zeros(4, 2));
        assertThatThrownBy(() -> PcaFit.fit(grids, 0)).hasMessageContaining("1 <= r <= L=4").hasMessageContaining("r=0");
        assertThatThrownBy(() -> PcaFit.fit(grids, 5)).hasMessageContaining("1 <= r <= L=4").hasMessageContaining("r=5");
        assertThatThrownBy(() -> PcaFit.fit(List.of(), 1)).hasMessageContaining("zero latent grids");
        assertThatThrownBy(() -> PcaFit.fit(List.of(LatentGrid.zeros(4, 2), LatentGrid.zeros(3, 2)), 1))
                .hasMessageContaining("grid 1 has L=3 channels but grid 0 has L=4");
    }
}
