package io.latentpatch.core.blend;

import io.latentpatch.core.grid.LatentGrid;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Gradient-domain (screened Poisson) blending of a copied latent: hides the steps at provenance borders
 * while keeping what was copied.
 *
 * <p>Given the copy finish {@code c} (cell p holds its source's exact vector), the provenance {@code src}
 * and every source's full latent {@code Z}, each channel of the result minimises
 * <pre>  Σ_{4-neighbours p~q} (z_p − z_q − g_pq)² + λ Σ_p (z_p − c_p)²</pre>
 * where {@code g_pq = c_p − c_q} when p and q come from the same source (its own gradient is kept) and,
 * across a border, the mean of the two sources' own gradients there,
 * {@code g_pq = ½((Z_a,p − Z_a,q) + (Z_b,p − Z_b,q))} with a = src[p], b = src[q] — so no jump is asked
 * for where the sources meet, and the offset between them is spread smoothly over both regions instead.
 * Fixed cells (an edit's cells outside its region) are kept exactly and act as boundary values.
 *
 * <p>Solved per channel by conjugate gradients on {@code (Δ + λI) z = b} in double precision, in a fixed
 * cell order and with a fixed stopping rule, so the result is the same bytes on every machine.
 * Layout: grids are channels-first {@code [c][y][x]}, provenance row-major {@code [y·m + x]}.
 */
public final class GradientBlend {
    /** Default data weight λ: how strongly each cell is held to its copied value (smaller = smoother borders). */
    public static final double DEFAULT_DATA_WEIGHT = 0.05;
    /** Conjugate-gradient iterations at most, per channel. */
    public static final int MAX_ITERATIONS = 400;
    /** Stop when the residual norm falls below this fraction of the right-hand side's norm. */
    public static final double TOLERANCE = 1e-7;

    private GradientBlend() {}

    /**
     * @param copy        the copy finish, L×M×M (not modified)
     * @param provenance  per cell, the key of its source (any int; equal keys = same source)
     * @param sourceOf    the full latent L×M×M of a provenance key
     * @param fixed       cells to keep exactly (row-major), or null for none
     * @param dataWeight  λ > 0
     * @return a new blended grid
     */
    public static LatentGrid blend(LatentGrid copy, int[] provenance, IntFunction<LatentGrid> sourceOf, boolean[] fixed,
                                   double dataWeight) {
        Objects.requireNonNull(copy, "copy");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(sourceOf, "sourceOf");
        int m = copy.size();
        int cells = m * m;
        if (provenance.length != cells) {
            throw new IllegalArgumentException("provenance has " + provenance.length + " cells, the grid " + cells);
        }
        if (fixed != null && fixed.length != cells) {
            throw new IllegalArgumentException("fixed mask has " + fixed.length + " cells, the grid " + cells);
        }
        if (!(dataWeight > 0) || Double.isInfinite(dataWeight)) {
            throw new IllegalArgumentException("blend data weight must be a finite number > 0, got " + dataWeight);
        }
        int channels = copy.channels();
        float[] out = copy.data().clone();
        float[] c = copy.data();
        // per edge (right neighbour, then down neighbour of each cell), the target gradient of every channel
        double[] gRight = new double[cells];
        double[] gDown = new double[cells];
        double[] z = new double[cells];
        double[] rhs = new double[cells];
        double[] r = new double[cells];
        double[] p = new double[cells];
        double[] ap = new double[cells];
        boolean anyBorder = false;
        for (int cell = 0; cell < cells; cell++) {
            int x = cell % m;
            if (x + 1 < m && provenance[cell] != provenance[cell + 1]) anyBorder = true;
            if (cell + m < cells && provenance[cell] != provenance[cell + m]) anyBorder = true;
        }
        if (!anyBorder) return new LatentGrid(channels, m, out);
        int plane = cells;
        for (int ch = 0; ch < channels; ch++) {
            int base = ch * plane;
            for (int cell = 0; cell < cells; cell++) {
                int x = cell % m;
                gRight[cell] = x + 1 < m ? target(c, base, provenance, sourceOf, cell, cell + 1) : 0;
                gDown[cell] = cell + m < cells ? target(c, base, provenance, sourceOf, cell, cell + m) : 0;
            }
            // b = λ c + divergence of g, with fixed neighbours moved to the right-hand side
            for (int cell = 0; cell < cells; cell++) {
                z[cell] = c[base + cell];
                if (fixed != null && fixed[cell]) { rhs[cell] = 0; continue; }
                int x = cell % m;
                double b = dataWeight * c[base + cell];
                if (x + 1 < m) b += edgeTerm(gRight[cell], fixed, cell + 1, c, base);
                if (x > 0) b += edgeTerm(-gRight[cell - 1], fixed, cell - 1, c, base);
                if (cell + m < cells) b += edgeTerm(gDown[cell], fixed, cell + m, c, base);
                if (cell >= m) b += edgeTerm(-gDown[cell - m], fixed, cell - m, c, base);
                rhs[cell] = b;
            }
            solve(m, fixed, dataWeight, rhs, z, r, p, ap);
            for (int cell = 0; cell < cells; cell++) {
                if (fixed == null || !fixed[cell]) out[base + cell] = (float) z[cell];
            }
        }
        return new LatentGrid(channels, m, out);
    }

    /** Wanted z_p − z_q on the edge p–q of channel plane {@code base}. */
    private static double target(float[] c, int base, int[] provenance, IntFunction<LatentGrid> sourceOf, int pCell, int qCell) {
        if (provenance[pCell] == provenance[qCell]) return (double) c[base + pCell] - c[base + qCell];
        float[] a = sourceOf.apply(provenance[pCell]).data();
        float[] b = sourceOf.apply(provenance[qCell]).data();
        return 0.5 * (((double) a[base + pCell] - a[base + qCell]) + ((double) b[base + pCell] - b[base + qCell]));
    }

    /** An edge's contribution g to the right-hand side (plus the neighbour's value when it is fixed). */
    private static double edgeTerm(double g, boolean[] fixed, int neighbour, float[] c, int base) {
        return fixed != null && fixed[neighbour] ? g + c[base + neighbour] : g;
    }

    /** Conjugate gradients on (Δ_free + λI) z = rhs over the free cells; z holds the start and the result. */
    private static void solve(int m, boolean[] fixed, double lambda, double[] rhs, double[] z, double[] r, double[] p, double[] ap) {
        int cells = m * m;
        apply(m, fixed, lambda, z, ap);
        double rr = 0;
        double bb = 0;
        for (int i = 0; i < cells; i++) {
            boolean free = fixed == null || !fixed[i];
            r[i] = free ? rhs[i] - ap[i] : 0;
            p[i] = r[i];
            rr += r[i] * r[i];
            bb += free ? rhs[i] * rhs[i] : 0;
        }
        double stop = TOLERANCE * TOLERANCE * Math.max(bb, 1e-300);
        for (int it = 0; it < MAX_ITERATIONS && rr > stop; it++) {
            apply(m, fixed, lambda, p, ap);
            double pap = 0;
            for (int i = 0; i < cells; i++) pap += p[i] * ap[i];
            double alpha = rr / pap;
            double next = 0;
            for (int i = 0; i < cells; i++) {
                z[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
                next += r[i] * r[i];
            }
            double beta = next / rr;
            rr = next;
            for (int i = 0; i < cells; i++) p[i] = r[i] + beta * p[i];
        }
    }

    /** out = (Δ + λI) v on free cells (degree minus free neighbours), 0 on fixed cells. */
    private static void apply(int m, boolean[] fixed, double lambda, double[] v, double[] out) {
        int cells = m * m;
        for (int i = 0; i < cells; i++) {
            if (fixed != null && fixed[i]) { out[i] = 0; continue; }
            int x = i % m;
            double s = lambda * v[i];
            if (x + 1 < m) s += v[i] - (free(fixed, i + 1) ? v[i + 1] : 0);
            if (x > 0) s += v[i] - (free(fixed, i - 1) ? v[i - 1] : 0);
            if (i + m < cells) s += v[i] - (free(fixed, i + m) ? v[i + m] : 0);
            if (i >= m) s += v[i] - (free(fixed, i - m) ? v[i - m] : 0);
            out[i] = s;
        }
    }

    private static boolean free(boolean[] fixed, int i) { return fixed == null || !fixed[i]; }
}
