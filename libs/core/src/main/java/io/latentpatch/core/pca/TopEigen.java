package io.latentpatch.core.pca;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The r largest eigenvalues of a real symmetric {@code n × n} matrix and their eigenvectors, without the full
 * O(n³) decomposition: block Lanczos with full reorthogonalisation and an explicit Rayleigh–Ritz step
 * (a block Krylov subspace {@code span{V, AV, A²V, …}} grown one block at a time, each new vector
 * Gram–Schmidt-orthogonalised twice against all earlier ones; the Ritz pairs of {@code QᵀAQ} are the estimates).
 * Public for the JMH benchmarks; not a stable API — {@link PcaFit} is the entry point.
 *
 * <p>Rules, all fixed so that the same matrix gives the same bytes on any JVM, vector width and machine:
 * <ul>
 *   <li>start block: {@value #BLOCK} (or n, if smaller) pseudo-random vectors from SplitMix64 with a fixed seed;</li>
 *   <li>after each block, the top r Ritz pairs {@code (θ, y)} are accepted when every residual
 *       {@code ‖Ay − θy‖ ≤ }{@value #TOLERANCE}{@code · max|θ|};</li>
 *   <li>a new vector whose norm falls below {@value #BREAKDOWN} of its norm before orthogonalisation (an
 *       invariant subspace was found) is replaced by a fresh pseudo-random vector;</li>
 *   <li>when the subspace would exceed {@link #maxBasis} vectors without converging, or when n is small or r
 *       large enough that the full solver is as cheap, the result is {@link SymmetricEigen}'s top r instead.</li>
 * </ul>
 * Every dot product sums in four interleaved partial sums in a fixed order; every vector operation puts one
 * output per lane (no cross-lane reduction), so the lane count never changes the arithmetic.
 *
 * <p>Output as {@link SymmetricEigen}: values decreasing, {@link #vectors()} row-major {@code [r][n]} of unit
 * vectors, each with its entry of largest magnitude (the first such entry on ties) positive.
 */
public final class TopEigen {
    /** Vectors per Krylov block. */
    static final int BLOCK = 8;
    /** Relative residual at which a Ritz pair is accepted. */
    static final double TOLERANCE = 1e-12;
    /** Relative norm below which an orthogonalised vector counts as lying in the subspace already. */
    static final double BREAKDOWN = 1e-10;
    private static final long SEED = 0x5EED_0F_70B_E16L;
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private final int n;
    private final double[] values;
    private final double[] vectors;
    private final int basisSize;

    private TopEigen(int n, double[] values, double[] vectors, int basisSize) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
        this.basisSize = basisSize;
    }

    /**
     * The r largest eigenpairs of the symmetric matrix {@code a} (row-major {@code n × n}, not modified; it must
     * be symmetric: row l is used as column l).
     */
    public static TopEigen of(double[] a, int n, int r) {
        if (n < 1) throw new IllegalArgumentException("matrix size must be >= 1, got " + n);
        if (r < 1 || r > n) throw new IllegalArgumentException("need 1 <= r <= n=" + n + " eigenpairs, got r=" + r);
        if (a.length != (long) n * n) {
            throw new IllegalArgumentException("a " + n + "x" + n + " matrix needs " + (long) n * n + " entries, got " + a.length);
        }
        for (double v : a) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("matrix has a non-finite entry (" + v + ")");
        }
        int block = Math.min(BLOCK, n);
        int kmax = maxBasis(n, r);
        if (kmax < 0) return full(a, n, r);
        TopEigen result = new Krylov(a, n, r, block, kmax).run();
        return result != null ? result : full(a, n, r);
    }

    /**
     * The largest basis tried before falling back to the full solver ({@code min(n/3, 8·(r + BLOCK))}, whole
     * blocks), or −1 when the full solver is used outright: n < 256 (it takes milliseconds there), or r so large
     * that fewer than {@code 2·(r + BLOCK)} vectors would be allowed.
     */
    static int maxBasis(int n, int r) {
        if (n < 256) return -1;
        int kmax = Math.min(n / 3, 8 * (r + BLOCK)) / BLOCK * BLOCK;
        return kmax < 2 * (r + BLOCK) ? -1 : kmax;
    }

    /** The top r of the full decomposition (the exact oracle, and the fallback). */
    static TopEigen full(double[] a, int n, int r) {
        SymmetricEigen eig = SymmetricEigen.of(a, n);
        return new TopEigen(n, Arrays.copyOf(eig.values(), r), Arrays.copyOf(eig.vectors(), r * n), n);
    }

    public int size() {
        return n;
    }

    /** The r eigenvalues, decreasing (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Unit eigenvectors, row-major {@code [r][n]} (a copy). */
    public double[] vectors() {
        return vectors.clone();
    }

    /** Dimension of the subspace the pairs were taken from: n when the full solver answered. */
    public int basisSize() {
        return basisSize;
    }

    /** One run of the block Krylov iteration; {@link #run} returns null when it did not converge within kmax. */
    private static final class Krylov {
        private final double[] a;
        private final int n;
        private final int r;
        private final int block;
        private final int kmax;
        private final double[] q;   // basis, row-major [k][n]
        private final double[] w;   // A·basis, row-major [k][n]
        private final double[] h;   // QᵀAQ, row-major [kmax][kmax]
        private int k;              // basis vectors so far
        private long rng = SEED;

        Krylov(double[] a, int n, int r, int block, int kmax) {
            this.a = a;
            this.n = n;
            this.r = r;
            this.block = block;
            this.kmax = kmax;
            this.q = new double[kmax * n];
            this.w = new double[kmax * n];
            this.h = new double[kmax * kmax];
        }

        TopEigen run() {
            double[] v = new double[n];
            for (int t = 0; t < block; t++) {
                random(v);
                if (!append(v) && !appendRandom(v)) break;
            }
            int from = 0;
            while (true) {
                int to = k;
                multiply(from, to);
                for (int j = from; j < to; j++) {
                    for (int i = 0; i <= j; i++) {
                        double hij = dot(q, i * n, w, j * n, n);
                        h[i * kmax + j] = hij;
                        h[j * kmax + i] = hij;
                    }
                }
                if (k >= r) {
                    TopEigen done = ritz(k == n);
                    if (done != null) return done;
                }
                if (k + block > kmax) return null;
                boolean grown = false;
                for (int j = from; j < to && k < kmax; j++) {
                    System.arraycopy(w, j * n, v, 0, n);
                    if (append(v) || appendRandom(v)) grown = true;
                    else break;
                }
                if (!grown) return ritz(true);
                from = to;
            }
        }

        /** Ritz pairs of the current basis; null unless all r residuals pass (or {@code force}). */
        private TopEigen ritz(boolean force) {
            double[] small = new double[k * k];
            for (int i = 0; i < k; i++) System.arraycopy(h, i * kmax, small, i * k, k);
            SymmetricEigen eig = SymmetricEigen.of(small, k);
            double[] theta = eig.values();
            double[] s = eig.vectors();
            double scale = Math.max(Math.abs(theta[0]), Math.abs(theta[k - 1]));
            double[] values = Arrays.copyOf(theta, r);
            double[] vectors = new double[r * n];
            double[] y = new double[n];
            double[] z = new double[n];
            for (int t = 0; t < r; t++) {
                Arrays.fill(y, 0);
                Arrays.fill(z, 0);
                for (int m = 0; m < k; m++) {
                    double c = s[t * k + m];
                    axpy(c, q, m * n, y, 0, n);
                    axpy(c, w, m * n, z, 0, n);
                }
                axpy(-theta[t], y, 0, z, 0, n); // z = Ay − θy
                double residual = Math.sqrt(dot(z, 0, z, 0, n));
                if (!force && !(residual <= TOLERANCE * scale)) return null;
                double norm = Math.sqrt(dot(y, 0, y, 0, n));
                int big = 0;
                for (int i = 1; i < n; i++) if (Math.abs(y[i]) > Math.abs(y[big])) big = i;
                double f = (y[big] < 0 ? -1.0 : 1.0) / norm;
                for (int i = 0; i < n; i++) vectors[t * n + i] = f * y[i] + 0.0; // + 0.0 turns −0.0 into 0.0
            }
            return new TopEigen(n, values, vectors, k);
        }

        /** Gram–Schmidt v against the basis twice; appends it (unit) unless it lay in the span. Clobbers v. */
        private boolean append(double[] v) {
            double before = Math.sqrt(dot(v, 0, v, 0, n));
            if (!(before > 0)) return false;
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < k; i++) axpy(-dot(q, i * n, v, 0, n), q, i * n, v, 0, n);
            }
            double after = Math.sqrt(dot(v, 0, v, 0, n));
            if (!(after > BREAKDOWN * before)) return false;
            double inv = 1.0 / after;
            for (int i = 0; i < n; i++) q[k * n + i] = v[i] * inv;
            k++;
            return true;
        }

        private boolean appendRandom(double[] v) {
            if (k >= n) return false;
            random(v);
            return append(v);
        }

        /** Uniform values in [−1, 1) from SplitMix64: integer arithmetic and exact scaling only. */
        private void random(double[] v) {
            for (int i = 0; i < n; i++) {
                long z = (rng += 0x9E3779B97F4A7C15L);
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z = z ^ (z >>> 31);
                v[i] = (z >>> 11) * 0x1p-52 - 1.0;
            }
        }

        /** w_j = A q_j for basis vectors [from, to): {@code w_j[i] = Σ_l A[l][i]·q_j[l]}, l ascending, one fma each. */
        private void multiply(int from, int to) {
            int lanes = LANES;
            int j = from;
            for (; j + 4 <= to; j += 4) {
                int q0 = j * n;
                int q1 = q0 + n;
                int q2 = q1 + n;
                int q3 = q2 + n;
                int i = 0;
                for (; i + lanes <= n; i += lanes) {
                    DoubleVector c0 = DoubleVector.zero(SPECIES);
                    DoubleVector c1 = c0;
                    DoubleVector c2 = c0;
                    DoubleVector c3 = c0;
                    for (int l = 0; l < n; l++) {
                        DoubleVector col = DoubleVector.fromArray(SPECIES, a, l * n + i);
                        c0 = col.fma(DoubleVector.broadcast(SPECIES, q[q0 + l]), c0);
                        c1 = col.fma(DoubleVector.broadcast(SPECIES, q[q1 + l]), c1);
                        c2 = col.fma(DoubleVector.broadcast(SPECIES, q[q2 + l]), c2);
                        c3 = col.fma(DoubleVector.broadcast(SPECIES, q[q3 + l]), c3);
                    }
                    c0.intoArray(w, q0 + i);
                    c1.intoArray(w, q1 + i);
                    c2.intoArray(w, q2 + i);
                    c3.intoArray(w, q3 + i);
                }
                for (; i < n; i++) {
                    for (int t = j; t < j + 4; t++) w[t * n + i] = multiplyScalar(t, i);
                }
            }
            for (; j < to; j++) {
                int qj = j * n;
                int i = 0;
                for (; i + lanes <= n; i += lanes) {
                    DoubleVector c = DoubleVector.zero(SPECIES);
                    for (int l = 0; l < n; l++) {
                        c = DoubleVector.fromArray(SPECIES, a, l * n + i).fma(DoubleVector.broadcast(SPECIES, q[qj + l]), c);
                    }
                    c.intoArray(w, qj + i);
                }
                for (; i < n; i++) w[qj + i] = multiplyScalar(j, i);
            }
        }

        private double multiplyScalar(int j, int i) {
            double c = 0;
            for (int l = 0; l < n; l++) c = Math.fma(a[l * n + i], q[j * n + l], c);
            return c;
        }

        /** y += c·x over [0, len), one fma per element. */
        private void axpy(double c, double[] x, int xo, double[] y, int yo, int len) {
            int lanes = LANES;
            DoubleVector cv = DoubleVector.broadcast(SPECIES, c);
            int i = 0;
            for (; i + lanes <= len; i += lanes) {
                DoubleVector.fromArray(SPECIES, x, xo + i).fma(cv, DoubleVector.fromArray(SPECIES, y, yo + i)).intoArray(y, yo + i);
            }
            for (; i < len; i++) y[yo + i] = Math.fma(x[xo + i], c, y[yo + i]);
        }
    }

    /** Σ x·y with element i in partial sum i mod 4, combined as (s0 + s1) + (s2 + s3). */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            s0 = Math.fma(x[xo + i], y[yo + i], s0);
            s1 = Math.fma(x[xo + i + 1], y[yo + i + 1], s1);
            s2 = Math.fma(x[xo + i + 2], y[yo + i + 2], s2);
            s3 = Math.fma(x[xo + i + 3], y[yo + i + 3], s3);
        }
        if (i < len) s0 = Math.fma(x[xo + i], y[yo + i], s0);
        if (i + 1 < len) s1 = Math.fma(x[xo + i + 1], y[yo + i + 1], s1);
        if (i + 2 < len) s2 = Math.fma(x[xo + i + 2], y[yo + i + 2], s2);
        return (s0 + s1) + (s2 + s3);
    }
}
