package io.latentpatch.core.pca;

import java.util.Arrays;

/**
 * Eigendecomposition of a real symmetric matrix: Householder reduction to tridiagonal form, then the implicit
 * QL algorithm (EISPACK tred2/tql2, as in JAMA). O(n³); about 50 ms for n = 256.
 *
 * <p>Results are reproducible bit for bit on any JVM: only IEEE-exact operations and {@link StrictMath#hypot}
 * are used, in a fixed order. Eigenvalues are sorted in decreasing order (ties keep the QL order), and each
 * eigenvector's sign is fixed so that its entry of largest magnitude (the first such entry on ties) is positive.
 *
 * <p>Layout: {@link #vectors()} is row-major {@code [k][n]}, row k the unit eigenvector of {@code values()[k]}.
 */
public final class SymmetricEigen {
    private static final double EPS = 0x1p-52;

    private final int n;
    private final double[] values;
    private final double[] vectors;

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes the symmetric {@code n × n} matrix {@code a} (row-major, not modified). Only symmetry up to
     * rounding is assumed: the lower triangle is what the algorithm reads.
     */
    public static SymmetricEigen of(double[] a, int n) {
        if (n < 1) throw new IllegalArgumentException("matrix size must be >= 1, got " + n);
        if (a.length != (long) n * n) {
            throw new IllegalArgumentException("a " + n + "x" + n + " matrix needs " + (long) n * n + " entries, got " + a.length);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("matrix has a non-finite entry (" + v + ")");
        }
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) v[i] = Arrays.copyOfRange(a, i * n, (i + 1) * n);
        double[] d = new double[n];
        double[] e = new double[n];
        tred2(n, v, d, e);
        // Eigenvectors are the columns of v; QL rotates pairs of columns, so work on the transpose for locality.
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) w[j][i] = v[i][j];
        tql2(n, w, d, e);
        return sorted(n, d, w);
    }

    public int size() {
        return n;
    }

    /** Eigenvalues, decreasing (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Unit eigenvectors, row-major {@code [k][n]} (a copy). */
    public double[] vectors() {
        return vectors.clone();
    }

    /** Eigenvector k as a new array of length n. */
    public double[] vector(int k) {
        return Arrays.copyOfRange(vectors, k * n, (k + 1) * n);
    }

    private static SymmetricEigen sorted(int n, double[] d, double[][] w) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(d[y], d[x])); // stable: ties keep QL order
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int k = 0; k < n; k++) {
            int src = order[k];
            values[k] = d[src];
            double[] row = w[src];
            int big = 0;
            for (int i = 1; i < n; i++) if (Math.abs(row[i]) > Math.abs(row[big])) big = i;
            double sign = row[big] < 0 ? -1.0 : 1.0;
            for (int i = 0; i < n; i++) vectors[k * n + i] = sign * row[i] + 0.0; // + 0.0 turns -0.0 into 0.0
        }
        return new SymmetricEigen(n, values, vectors);
    }

    /** Householder tridiagonalisation; on return d is the diagonal, e the sub-diagonal (e[0] = 0), v the transform. */
    private static void tred2(int n, double[][] v, double[] d, double[] e) {
        for (int j = 0; j < n; j++) d[j] = v[n - 1][j];
        for (int i = n - 1; i > 0; i--) {
            double scale = 0.0;
            double h = 0.0;
            for (int k = 0; k < i; k++) scale += Math.abs(d[k]);
            if (scale == 0.0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[i - 1][j];
                    v[i][j] = 0.0;
                    v[j][i] = 0.0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) g = -g;
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) e[j] = 0.0;
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[j][i] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[k][j] * d[k];
                        e[k] += v[k][j] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) e[j] -= hh * d[j];
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) v[k][j] -= (f * e[k] + g * d[k]);
                    d[j] = v[i - 1][j];
                    v[i][j] = 0.0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) {
            v[n - 1][i] = v[i][i];
            v[i][i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0) {
                for (int k = 0; k <= i; k++) d[k] = v[k][i + 1] / h;
                for (int j = 0; j <= i; j++) {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++) g += v[k][i + 1] * v[k][j];
                    for (int k = 0; k <= i; k++) v[k][j] -= g * d[k];
                }
            }
            for (int k = 0; k <= i; k++) v[k][i + 1] = 0.0;
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[n - 1][j];
            v[n - 1][j] = 0.0;
        }
        v[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    /** Implicit QL on the tridiagonal (d, e); w holds the eigenvectors as rows (the transpose of tred2's v). */
    private static void tql2(int n, double[][] w, double[] d, double[] e) {
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0.0;
        double f = 0.0;
        double tst1 = 0.0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n) {
                if (Math.abs(e[m]) <= EPS * tst1) break;
                m++;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 100) throw new ArithmeticException("symmetric eigensolver did not converge");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = StrictMath.hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = StrictMath.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        double[] lo = w[i];
                        double[] hi = w[i + 1];
                        for (int k = 0; k < n; k++) {
                            h = hi[k];
                            hi[k] = s * lo[k] + c * h;
                            lo[k] = c * lo[k] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst1);
            }
            d[l] += f;
            e[l] = 0.0;
        }
    }
}
