package io.latentpatch.core.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    static double[] randomSymmetric(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rnd.nextGaussian();
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    /** ‖A v − λ v‖, ‖v‖ = 1, vᵢ·vⱼ = 0, decreasing order, trace, and the sign rule, all checked directly. */
    static void assertValidDecomposition(double[] a, int n, SymmetricEigen eig, double tol) {
        double[] values = eig.values();
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        scale = Math.max(scale, 1e-300);
        double trace = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
            sum += values[i];
        }
        assertThat(sum).isCloseTo(trace, within(tol * scale * n));
        for (int k = 0; k < n; k++) {
            if (k > 0) assertThat(values[k]).isLessThanOrEqualTo(values[k - 1]);
            double[] v = eig.vector(k);
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i * n + j] * v[j];
                assertThat(av).as("(A v - lambda v)[%d] of vector %d", i, k).isCloseTo(values[k] * v[i], within(tol * scale));
            }
            for (int m = 0; m <= k; m++) {
                double[] w = eig.vector(m);
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[i] * w[i];
                assertThat(dot).as("v%d . v%d", k, m).isCloseTo(m == k ? 1.0 : 0.0, within(tol));
            }
            int big = 0;
            for (int i = 1; i < n; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
            assertThat(v[big]).as("largest entry of vector %d is positive", k).isPositive();
        }
    }

    @Test
    void decomposesRandomSymmetricMatricesOfAwkwardSizes() {
        for (int n : new int[] {1, 2, 3, 5, 17, 64}) {
            double[] a = randomSymmetric(n, 100 + n);
            assertValidDecomposition(a, n, SymmetricEigen.of(a, n), 1e-10);
        }
    }

    @Test
    void diagonalMatrixGivesSortedDiagonalAndUnitVectors() {
        double[] a = {2, 0, 0, 0, -1, 0, 0, 0, 5};
        SymmetricEigen eig = SymmetricEigen.of(a, 3);
        assertThat(eig.values()).containsExactly(5, 2, -1);
        assertThat(eig.vector(0)).containsExactly(0, 0, 1);
        assertThat(eig.vector(1)).containsExactly(1, 0, 0);
        assertThat(eig.vector(2)).containsExactly(0, 1, 0);
    }

    @Test
    void knownTwoByTwo() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1 with vectors (1, 1)/√2 and (1, −1)/√2 (sign rule: first entry on a tie)
        SymmetricEigen eig = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
        assertThat(eig.values()[0]).isCloseTo(3, within(1e-14));
        assertThat(eig.values()[1]).isCloseTo(1, within(1e-14));
        double r = Math.sqrt(0.5);
        assertThat(Math.abs(eig.vector(0)[0])).isCloseTo(r, within(1e-14));
        assertThat(eig.vector(0)[1]).isCloseTo(eig.vector(0)[0], within(1e-14));
        assertThat(eig.vector(1)[0]).isCloseTo(-eig.vector(1)[1], within(1e-14));
    }

    @Test
    void repeatedAndZeroEigenvaluesStillGiveAnOrthonormalBasis() {
        int n = 6;
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) identity[i * n + i] = 3;
        assertValidDecomposition(identity, n, SymmetricEigen.of(identity, n), 1e-12);
        assertValidDecomposition(new double[n * n], n, SymmetricEigen.of(new double[n * n], n), 1e-12);
        // rank one: v vᵀ with v = (1..6)
        double[] rankOne = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) rankOne[i * n + j] = (i + 1) * (j + 1);
        SymmetricEigen eig = SymmetricEigen.of(rankOne, n);
        assertValidDecomposition(rankOne, n, eig, 1e-12);
        assertThat(eig.values()[0]).isCloseTo(91, within(1e-12)); // ‖v‖² = 1 + 4 + ... + 36
        assertThat(eig.values()[1]).isCloseTo(0, within(1e-12));
    }

    @Test
    void sameInputGivesBitIdenticalOutput() {
        double[] a = randomSymmetric(40, 9);
        SymmetricEigen x = SymmetricEigen.of(a, 40);
        SymmetricEigen y = SymmetricEigen.of(a.clone(), 40);
        assertThat(y.values()).isEqualTo(x.values());
        assertThat(y.vectors()).isEqualTo(x.vectors());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> SymmetricEigen.of(new double[5], 2)).hasMessageContaining("needs 4 entries, got 5");
        assertThatThrownBy(() -> SymmetricEigen.of(new double[] {Double.NaN}, 1)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> SymmetricEigen.of(new double[0], 0)).hasMessageContaining(">= 1");
    }
}
