package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopEigenTest {

    /** Q·diag(values)·Qᵀ for a random orthogonal Q (Gram–Schmidt of Gaussian vectors, done twice). */
    static double[] withSpectrum(double[] values, long seed) {
        int n = values.length;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] q = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < n; c++) q[k][c] = rnd.nextGaussian();
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < k; j++) {
                    double d = 0;
                    for (int c = 0; c < n; c++) d += q[k][c] * q[j][c];
                    for (int c = 0; c < n; c++) q[k][c] -= d * q[j][c];
                }
            }
            double norm = 0;
            for (int c = 0; c < n; c++) norm += q[k][c] * q[k][c];
            for (int c = 0; c < n; c++) q[k][c] /= Math.sqrt(norm);
        }
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                double f = values[k] * q[k][i];
                for (int j = 0; j <= i; j++) a[i * n + j] += f * q[k][j];
            }
        }
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
        return a;
    }

    /** Power-law spectrum like natural images (λ_k ∝ k^−1.5, one dominant mean-brightness direction). */
    static double[] imageLikeSpectrum(int n) {
        double[] values = new double[n];
        values[0] = 50;
        for (int k = 1; k < n; k++) values[k] = 3.0 * Math.pow(k, -1.5);
        return values;
    }

    /** Eigenvalues within 1e-10 relative of the full solver's, vectors within 1e-9 of them (up to nothing: signs agree). */
    static void assertMatchesFullSolver(double[] a, int n, int r, TopEigen top, double tol) {
        SymmetricEigen full = SymmetricEigen.of(a, n);
        double scale = Math.abs(full.values()[0]);
        for (int k = 0; k < r; k++) {
            assertThat(top.values()[k]).as("eigenvalue %d", k).isCloseTo(full.values()[k], within(tol * scale));
            double dot = 0;
            double[] v = top.vectors();
            double[] w = full.vector(k);
            for (int i = 0; i < n; i++) dot += v[k * n + i] * w[i];
            assertThat(dot).as("cos between eigenvector %d and the full solver's", k).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void matchesTheFullSolverOnAnImageLikeSpectrumWithoutFallingBack() {
        int n = 400;
        double[] a = withSpectrum(imageLikeSpectrum(n), 1);
        TopEigen top = TopEigen.of(a, n, 16);
        assertThat(top.basisSize()).as("Krylov basis size").isLessThan(TopEigen.maxBasis(n, 16) + 1).isLessThan(n);
        assertMatchesFullSolver(a, n, 16, top, 1e-12);
        // unit vectors, sign rule: the largest-magnitude entry is positive
        double[] v = top.vectors();
        for (int k = 0; k < 16; k++) {
            double norm = 0;
            int big = 0;
            for (int i = 0; i < n; i++) {
                norm += v[k * n + i] * v[k * n + i];
                if (Math.abs(v[k * n + i]) > Math.abs(v[k * n + big])) big = i;
            }
            assertThat(norm).isCloseTo(1.0, within(1e-14));
            assertThat(v[k * n + big]).isPositive();
        }
    }

    @Test
    void matchesTheFullSolverOnARandomSymmetricMatrix() {
        int n = 300;
        // semicircle spectrum with negative values too: gaps at the top edge shrink like n^(-2/3), so some r
        // exhaust the basis and take the fallback; either way the answer must be the full solver's
        double[] a = SymmetricEigenTest.randomSymmetric(n, 5);
        for (int r : new int[] {1, 4, 10}) assertMatchesFullSolver(a, n, r, TopEigen.of(a, n, r), 1e-11);
    }

    @Test
    void findsEveryCopyOfARepeatedTopEigenvalue() {
        int n = 300;
        double[] values = imageLikeSpectrum(n);
        values[1] = values[2] = values[3] = 4.0; // multiplicity 3 ≤ the block size
        double[] a = withSpectrum(values, 2);
        TopEigen top = TopEigen.of(a, n, 6);
        assertThat(top.basisSize()).isLessThan(n);
        for (int k = 1; k <= 3; k++) assertThat(top.values()[k]).isCloseTo(4.0, within(1e-11 * 50));
        // the three vectors span the eigenspace: A v = 4 v for each
        double[] v = top.vectors();
        for (int k = 1; k <= 3; k++) {
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i * n + j] * v[k * n + j];
                assertThat(av).isCloseTo(4.0 * v[k * n + i], within(1e-9));
            }
        }
        assertThat(top.values()[4]).isCloseTo(values[4], within(1e-11 * 50));
    }

    @Test
    void lowRankAndZeroMatricesGiveZeroTrailingValuesAndOrthonormalVectors() {
        int n = 260;
        double[] values = new double[n];
        for (int k = 0; k < 5; k++) values[k] = 5 - k;
        double[] a = withSpectrum(values, 3);
        TopEigen top = TopEigen.of(a, n, 16);
        for (int k = 0; k < 5; k++) assertThat(top.values()[k]).isCloseTo(5 - k, within(1e-11));
        for (int k = 5; k < 16; k++) assertThat(top.values()[k]).isCloseTo(0, within(1e-11));
        assertOrthonormal(top.vectors(), n, 16);

        TopEigen zero = TopEigen.of(new double[n * n], n, 16);
        assertThat(zero.values()).containsOnly(0.0);
        assertOrthonormal(zero.vectors(), n, 16);
    }

    @Test
    void fallsBackToTheFullSolverWhenTheWantedValuesAreTooTightlyClustered() {
        int n = 256;
        double[] values = new double[n];
        for (int k = 0; k < n; k++) values[k] = 1 + 1e-7 * (n - k) / n; // every gap ≈ 4e-10: Krylov cannot separate them
        double[] a = withSpectrum(values, 4);
        TopEigen top = TopEigen.of(a, n, 16);
        assertThat(top.basisSize()).isEqualTo(n);
        SymmetricEigen full = SymmetricEigen.of(a, n);
        assertThat(top.values()).isEqualTo(java.util.Arrays.copyOf(full.values(), 16));
        assertThat(top.vectors()).isEqualTo(java.util.Arrays.copyOf(full.vectors(), 16 * n));
    }

    @Test
    void smallMatricesUseTheFullSolver() {
        double[] a = SymmetricEigenTest.randomSymmetric(100, 6);
        TopEigen top = TopEigen.of(a, 100, 3);
        assertThat(top.basisSize()).isEqualTo(100);
        assertThat(top.vectors()).isEqualTo(java.util.Arrays.copyOf(SymmetricEigen.of(a, 100).vectors(), 300));
        assertThat(TopEigen.maxBasis(255, 1)).isEqualTo(-1);
        assertThat(TopEigen.maxBasis(768, 16)).isEqualTo(192);
        assertThat(TopEigen.maxBasis(300, 60)).isEqualTo(-1); // r too large for a basis of n/3
    }

    @Test
    void sameMatrixGivesTheSameBytes() {
        int n = 320;
        double[] a = withSpectrum(imageLikeSpectrum(n), 7);
        TopEigen x = TopEigen.of(a, n, 16);
        TopEigen y = TopEigen.of(a.clone(), n, 16);
        assertThat(y.values()).isEqualTo(x.values());
        assertThat(y.vectors()).isEqualTo(x.vectors());
    }

    @Test
    void dotSumsFourInterleavedPartialSumsInAFixedOrder() {
        double[] x = {1e16, 1, -1e16, 1, 3, 0.5, 0, 0.25, 7};
        double[] y = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        // s0 = 1e16 + 3 + 7, s1 = 1 + 0.5, s2 = -1e16 + 0, s3 = 1 + 0.25, each with one rounding per fma
        double s0 = Math.fma(7, 1, Math.fma(3, 1, 1e16));
        double expected = (s0 + 1.5) + (-1e16 + 1.25);
        assertThat(TopEigen.dot(x, 0, y, 0, x.length)).isEqualTo(expected);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> TopEigen.of(new double[4], 2, 0)).hasMessageContaining("1 <= r <= n=2");
        assertThatThrownBy(() -> TopEigen.of(new double[4], 2, 3)).hasMessageContaining("got r=3");
        assertThatThrownBy(() -> TopEigen.of(new double[5], 2, 1)).hasMessageContaining("needs 4 entries, got 5");
        assertThatThrownBy(() -> TopEigen.of(new double[] {Double.NaN}, 1, 1)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> TopEigen.of(new double[0], 0, 1)).hasMessageContaining(">= 1");
    }

    static void assertOrthonormal(double[] v, int n, int r) {
        for (int k = 0; k < r; k++) {
            for (int m = 0; m <= k; m++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[k * n + i] * v[m * n + i];
                assertThat(dot).as("v%d·v%d", k, m).isCloseTo(k == m ? 1 : 0, within(1e-12));
            }
        }
    }
}
