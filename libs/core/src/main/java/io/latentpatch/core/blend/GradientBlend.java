package io.latentpatch.core.blend;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.grid.PixelBlocks;
import java.util.HashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import java.util.Map;
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
 * <p>A latent that is raw pixel blocks ({@link PixelBlocks}, the built-in pixel codecs) is blended on its
 * picture instead ({@link #blendPixels}): between two cells of such a latent a "gradient" would compare pixels
 * a block apart and leave a block-periodic texture.
 *
 * <p>Solved per channel by conjugate gradients on {@code (Δ + λI) z = b} in double precision, in a fixed
 * cell order and with a fixed stopping rule, so the result is the same bytes on every machine.
 * Layout: grids are channels-first {@code [c][y][x]}, provenance row-major {@code [y·m + x]}; the solver itself
 * works on planes of any height × width.
 */
public final class GradientBlend {
    /** Default data weight λ: how strongly each cell is held to its copied value (smaller = smoother borders). */
    public static final double DEFAULT_DATA_WEIGHT = 0.05;
    /**
     * Default λ of {@link #blendPixels}, per pixel: a border's offset decays over about 1/√λ ≈ 9 pixels on each
     * side (half a 16-pixel block); 170 CG iterations per colour on a 256×256 picture. Smaller values spread it
     * further (0.003: 18 px, smoother but about twice the iterations; docs/quality.md has the figures).
     */
    public static final double DEFAULT_PIXEL_DATA_WEIGHT = 0.0125;
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
        Objects.requireNonNull(sourceOf, "sourceOf");
        int m = copy.size();
        // index-order sums: a latent's blend keeps the bytes it had before the picture blend existed
        float[] out = blend(copy.channels(), m, m, copy.data(), provenance, key -> sourceOf.apply(key).data(), fixed, dataWeight,
                false, null, Kernels.VECTOR);
        return new LatentGrid(copy.channels(), m, out);
    }

    /**
     * The blend of a pixel-block latent ({@link PixelBlocks}) done on its picture: the copy and every source
     * are unfolded to 3 × M·f × M·f, the provenance and the fixed mask are upsampled (each cell's label and
     * flag on its f×f pixels), the same energy is minimised over neighbouring pixels, and the result is
     * folded back. So each region keeps its own pixel gradients and a border asks for the mean of the two
     * sources' pixel gradients, where a blend over cells would compare pixels a block apart; fixed cells stay
     * exact.
     *
     * @param copy       the copy finish, 3f²×M×M in the layout's channel order (not modified)
     * @param dataWeight λ > 0 per pixel ({@link #DEFAULT_PIXEL_DATA_WEIGHT} is the default)
     */
    public static LatentGrid blendPixels(LatentGrid copy, int[] provenance, IntFunction<LatentGrid> sourceOf, boolean[] fixed,
                                         double dataWeight, PixelBlocks layout) {
        return blendPixels(copy, provenance, sourceOf, fixed, dataWeight, layout, Kernels.VECTOR);
    }

    /** How the solver's inner loops run; both give the same bytes. */
    public enum Kernels {
        /** The Vector API (the default). */
        VECTOR,
        /** Scalar loops: the reference the vector kernels are tested and benchmarked against. */
        SCALAR
    }

    /** {@link #blendPixels(LatentGrid, int[], IntFunction, boolean[], double, PixelBlocks)} with the given kernels. */
    public static LatentGrid blendPixels(LatentGrid copy, int[] provenance, IntFunction<LatentGrid> sourceOf, boolean[] fixed,
                                         double dataWeight, PixelBlocks layout, Kernels kernels) {
        Objects.requireNonNull(copy, "copy");
        Objects.requireNonNull(sourceOf, "sourceOf");
        Objects.requireNonNull(layout, "layout");
        layout.requireChannels(copy.channels());
        int m = copy.size();
        int cells = m * m;
        requireShapes(cells, provenance, fixed);
        int f = layout.block();
        int side = m * f;
        int[] labels = new int[side * side];
        boolean[] fixedPixels = fixed == null ? null : new boolean[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int cell = (y / f) * m + x / f;
                labels[y * side + x] = provenance[cell];
                if (fixed != null) fixedPixels[y * side + x] = fixed[cell];
            }
        }
        Map<Integer, float[]> pictures = new HashMap<>();
        float[] out = blend(PixelBlocks.COLOURS, side, side, layout.unfold(copy), labels,
                key -> pictures.computeIfAbsent(key, k -> layout.unfold(sourceOf.apply(k))), fixedPixels, dataWeight,
                true, null, kernels);
        return layout.fold(out, m);
    }

    /**
     * The solve itself, on {@code channels} planes of {@code height × width} values, channels-first
     * {@code [c][y][x]}; labels and the fixed mask row-major {@code [y·width + x]}.
     *
     * @param sourceOf   the full planes of a label, the same layout as {@code copy}
     * @param fourLanes  dot products in four interleaved partial sums (large planes; see {@link Plane}) or in index order
     * @param iterations null, or per channel, the conjugate-gradient iterations it took (0 when nothing was solved)
     * @return new planes
     */
    static float[] blend(int channels, int height, int width, float[] copy, int[] labels, IntFunction<float[]> sourceOf,
                         boolean[] fixed, double dataWeight, boolean fourLanes, int[] iterations) {
        return blend(channels, height, width, copy, labels, sourceOf, fixed, dataWeight, fourLanes, iterations, Kernels.VECTOR);
    }

    static float[] blend(int channels, int height, int width, float[] copy, int[] labels, IntFunction<float[]> sourceOf,
                         boolean[] fixed, double dataWeight, boolean fourLanes, int[] iterations, Kernels kernels) {
        Objects.requireNonNull(labels, "provenance");
        int cells = height * width;
        requireShapes(cells, labels, fixed);
        if (copy.length != channels * cells) {
            throw new IllegalArgumentException("the copy has " + copy.length + " values, " + channels + " planes of " + height + "x"
                    + width + " need " + channels * cells);
        }
        if (!(dataWeight > 0) || Double.isInfinite(dataWeight)) {
            throw new IllegalArgumentException("blend data weight must be a finite number > 0, got " + dataWeight);
        }
        float[] out = copy.clone();
        boolean anyBorder = false;
        for (int cell = 0; cell < cells && !anyBorder; cell++) {
            int x = cell % width;
            if (x + 1 < width && labels[cell] != labels[cell + 1]) anyBorder = true;
            if (cell + width < cells && labels[cell] != labels[cell + width]) anyBorder = true;
        }
        if (!anyBorder) return out;
        Plane plane = new Plane(height, width, fixed, dataWeight, fourLanes, kernels == Kernels.VECTOR);
        // per edge (right neighbour, then down neighbour of each cell), the target gradient
        double[] gRight = new double[cells];
        double[] gDown = new double[cells];
        double[] z = new double[cells];
        double[] rhs = new double[cells];
        for (int ch = 0; ch < channels; ch++) {
            int base = ch * cells;
            for (int y = 0, cell = 0; y < height; y++) {
                for (int x = 0; x < width; x++, cell++) {
                    gRight[cell] = x + 1 < width ? target(copy, base, labels, sourceOf, cell, cell + 1) : 0;
                    gDown[cell] = y + 1 < height ? target(copy, base, labels, sourceOf, cell, cell + width) : 0;
                }
            }
            // b = λ c + divergence of g, with fixed neighbours moved to the right-hand side
            for (int y = 0, cell = 0; y < height; y++) {
                for (int x = 0; x < width; x++, cell++) {
                    z[cell] = copy[base + cell];
                    if (fixed != null && fixed[cell]) { rhs[cell] = 0; continue; }
                    double b = dataWeight * copy[base + cell];
                    if (x + 1 < width) b += edgeTerm(gRight[cell], fixed, cell + 1, copy, base);
                    if (x > 0) b += edgeTerm(-gRight[cell - 1], fixed, cell - 1, copy, base);
                    if (y + 1 < height) b += edgeTerm(gDown[cell], fixed, cell + width, copy, base);
                    if (y > 0) b += edgeTerm(-gDown[cell - width], fixed, cell - width, copy, base);
                    rhs[cell] = b;
                }
            }
            plane.solve(rhs, z);
            if (iterations != null) iterations[ch] = plane.iterations;
            for (int cell = 0; cell < cells; cell++) {
                if (fixed == null || !fixed[cell]) out[base + cell] = (float) z[cell];
            }
        }
        return out;
    }

    private static void requireShapes(int cells, int[] labels, boolean[] fixed) {
        Objects.requireNonNull(labels, "provenance");
        if (labels.length != cells) {
            throw new IllegalArgumentException("provenance has " + labels.length + " cells, the grid " + cells);
        }
        if (fixed != null && fixed.length != cells) {
            throw new IllegalArgumentException("fixed mask has " + fixed.length + " cells, the grid " + cells);
        }
    }

    /** Wanted z_p − z_q on the edge p–q of channel plane {@code base}. */
    private static double target(float[] c, int base, int[] labels, IntFunction<float[]> sourceOf, int pCell, int qCell) {
        if (labels[pCell] == labels[qCell]) return (double) c[base + pCell] - c[base + qCell];
        float[] a = sourceOf.apply(labels[pCell]);
        float[] b = sourceOf.apply(labels[qCell]);
        return 0.5 * (((double) a[base + pCell] - a[base + qCell]) + ((double) b[base + pCell] - b[base + qCell]));
    }

    /** An edge's contribution g to the right-hand side (plus the neighbour's value when it is fixed). */
    private static double edgeTerm(double g, boolean[] fixed, int neighbour, float[] c, int base) {
        return fixed != null && fixed[neighbour] ? g + c[base + neighbour] : g;
    }

    /**
     * The operator (Δ_free + λI) of one plane size and fixed mask, with its CG scratch; reused for every channel.
     * Dot products are summed in index order ({@code lanes} 1) or, for the large planes of a picture, in four
     * interleaved partial sums (i mod 4) added as (s0 + s1) + (s2 + s3), so the additions need not wait on each
     * other: either order is fixed, so the result is the same bytes everywhere.
     */
    static final class Plane {
        /** Four doubles: the four partial sums of {@link #dot}. */
        private static final VectorSpecies<Double> QUAD = DoubleVector.SPECIES_256;
        /** Below 256-bit vectors the four-double species is emulated (7× slower): the scalar four sums are used. */
        private static final boolean QUAD_IN_HARDWARE = DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
        /** Cells of {@link #apply}'s inner loop per step: the machine's preferred width. */
        private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_PREFERRED;

        private final int height;
        private final int width;
        private final boolean[] fixed;
        private final double lambda;
        private final boolean fourLanes;
        /** Vector API kernels, or their scalar references. */
        private final boolean vector;
        private final double[] r;
        private final double[] p;
        private final double[] ap;
        /** Conjugate-gradient iterations of the last {@link #solve}. */
        int iterations;

        Plane(int height, int width, boolean[] fixed, double lambda, boolean fourLanes, boolean vector) {
            this.vector = vector;
            this.height = height;
            this.width = width;
            this.fixed = fixed;
            this.lambda = lambda;
            this.fourLanes = fourLanes;
            int cells = height * width;
            r = new double[cells];
            p = new double[cells];
            ap = new double[cells];
        }

        /**
         * Conjugate gradients on (Δ_free + λI) z = rhs over the free cells (rhs 0 on fixed ones); z holds the start
         * and the result on free cells, 0 on fixed ones (r and p stay 0 there too).
         */
        void solve(double[] rhs, double[] z) {
            int cells = height * width;
            if (fixed != null) {
                for (int i = 0; i < cells; i++) if (fixed[i]) z[i] = 0;
            }
            apply(z, ap);
            for (int i = 0; i < cells; i++) {
                r[i] = fixed == null || !fixed[i] ? rhs[i] - ap[i] : 0;
                p[i] = r[i];
            }
            double rr = dot(r, r);
            double bb = dot(rhs, rhs);
            double stop = TOLERANCE * TOLERANCE * Math.max(bb, 1e-300);
            int it = 0;
            for (; it < MAX_ITERATIONS && rr > stop; it++) {
                apply(p, ap);
                double alpha = rr / dot(p, ap);
                for (int i = 0; i < cells; i++) {
                    z[i] += alpha * p[i];
                    r[i] -= alpha * ap[i];
                }
                double next = dot(r, r);
                double beta = next / rr;
                rr = next;
                for (int i = 0; i < cells; i++) p[i] = r[i] + beta * p[i];
            }
            iterations = it;
        }

        double dot(double[] a, double[] b) {
            int n = a.length;
            if (!vector || !fourLanes || !QUAD_IN_HARDWARE) return dotScalar(a, b);
            // lane j of the vector is the partial sum s_j of the indices i ≡ j (mod 4): a product rounded, then added,
            // as the scalar loop would, so the bytes equal the scalar four-sum order on every machine
            DoubleVector acc = DoubleVector.zero(QUAD);
            int i = 0;
            for (; i + 3 < n; i += 4) {
                acc = acc.add(DoubleVector.fromArray(QUAD, a, i).mul(DoubleVector.fromArray(QUAD, b, i)));
            }
            double s0 = acc.lane(0);
            double s1 = acc.lane(1);
            double s2 = acc.lane(2);
            double s3 = acc.lane(3);
            for (; i < n; i++) s0 += a[i] * b[i];
            return (s0 + s1) + (s2 + s3);
        }

        /** {@link #dot} in scalar code: the reference the vector sum must equal bit for bit. */
        double dotScalar(double[] a, double[] b) {
            int n = a.length;
            if (!fourLanes) {
                double s = 0;
                for (int i = 0; i < n; i++) s += a[i] * b[i];
                return s;
            }
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                s0 += a[i] * b[i];
                s1 += a[i + 1] * b[i + 1];
                s2 += a[i + 2] * b[i + 2];
                s3 += a[i + 3] * b[i + 3];
            }
            for (; i < n; i++) s0 += a[i] * b[i];
            return (s0 + s1) + (s2 + s3);
        }

        /**
         * out = (Δ + λI) v on free cells (degree minus free neighbours), 0 on fixed cells. {@code v} is 0 on fixed
         * cells ({@link #solve} keeps it so), so a fixed neighbour adds {@code v_i − 0}: its value is a boundary term
         * of the right-hand side, and the inner columns need neither border nor mask tests.
         */
        void apply(double[] v, double[] out) {
            if (!vector) {
                applyScalar(v, out);
                return;
            }
            DoubleVector lam = DoubleVector.broadcast(LANES, lambda);
            for (int y = 0, i = 0; y < height; y++) {
                boolean down = y + 1 < height;
                boolean up = y > 0;
                int rowEnd = i + width;
                out[i] = at(v, i, 0, down, up);
                i++;
                // inner columns, a vector of cells at a time: each lane does the scalar loop's operations in its order
                for (; i + LANES.length() <= rowEnd - 1; i += LANES.length()) {
                    DoubleVector c = DoubleVector.fromArray(LANES, v, i);
                    DoubleVector s = lam.mul(c);
                    s = s.add(c.sub(DoubleVector.fromArray(LANES, v, i + 1)));
                    s = s.add(c.sub(DoubleVector.fromArray(LANES, v, i - 1)));
                    if (down) s = s.add(c.sub(DoubleVector.fromArray(LANES, v, i + width)));
                    if (up) s = s.add(c.sub(DoubleVector.fromArray(LANES, v, i - width)));
                    s.intoArray(out, i);
                }
                for (; i < rowEnd - 1; i++) {
                    double c = v[i];
                    double s = lambda * c;
                    s += c - v[i + 1];
                    s += c - v[i - 1];
                    if (down) s += c - v[i + width];
                    if (up) s += c - v[i - width];
                    out[i] = s;
                }
                if (i < rowEnd) {
                    out[i] = at(v, i, width - 1, down, up);
                    i++;
                }
            }
            if (fixed != null) {
                for (int i = 0; i < out.length; i++) if (fixed[i]) out[i] = 0;
            }
        }

        /** {@link #apply} cell by cell in scalar code: the reference the vector loop must equal bit for bit. */
        void applyScalar(double[] v, double[] out) {
            for (int y = 0, i = 0; y < height; y++) {
                boolean down = y + 1 < height;
                boolean up = y > 0;
                for (int x = 0; x < width; x++, i++) out[i] = at(v, i, x, down, up);
            }
            if (fixed != null) {
                for (int i = 0; i < out.length; i++) if (fixed[i]) out[i] = 0;
            }
        }

        /** (Δ + λI) v at cell i, column x, the same sums in the same order as the inner columns. */
        private double at(double[] v, int i, int x, boolean down, boolean up) {
            double s = lambda * v[i];
            if (x + 1 < width) s += v[i] - v[i + 1];
            if (x > 0) s += v[i] - v[i - 1];
            if (down) s += v[i] - v[i + width];
            if (up) s += v[i] - v[i - width];
            return s;
        }
    }
}
