package io.latentpatch.core.sampler;

import java.util.Arrays;

/**
 * The grid sizes of the coarse-to-fine passes (ALGORITHM.md step 3) and the patch corners of a
 * pass (step 5).
 *
 * <p>Sizes {@code m_1 < … < m_S}: {@code m_S = M}, {@code m_1 = round(coarsestFraction · M)} (10 for
 * M = 16 with the default 0.625), intermediate sizes evenly spaced between them and rounded half up
 * ({@code m_s = round(m_1 + (M − m_1)·(s−1)/(S−1))}); S = 1 means only M. M = 16, S = 5 gives
 * 10, 12, 13, 15, 16.
 */
public final class ScaleSchedule {
    private final int gridSize;
    private final int[] sizes;

    private ScaleSchedule(int gridSize, int[] sizes) {
        this.gridSize = gridSize;
        this.sizes = sizes;
    }

    /**
     * @throws IllegalArgumentException when {@code scales} exceeds the number of distinct sizes
     *                                  between the coarsest size and M, or an argument is out of range
     */
    public static ScaleSchedule of(int gridSize, int scales, double coarsestFraction) {
        if (gridSize < 1) throw new IllegalArgumentException("grid size M must be >= 1, got " + gridSize);
        if (scales < 1) throw new IllegalArgumentException("number of scales S must be >= 1, got " + scales);
        int coarsest = coarsestSize(gridSize, coarsestFraction);
        int distinct = gridSize - coarsest + 1;
        if (scales > distinct) {
            throw new IllegalArgumentException("S=" + scales + " scales need " + scales + " distinct grid sizes between the coarsest "
                    + coarsest + " and M=" + gridSize + ", but only " + distinct + " exist; use S <= " + distinct
                    + " or a smaller coarsest fraction (now " + coarsestFraction + ")");
        }
        int[] sizes = new int[scales];
        if (scales == 1) {
            sizes[0] = gridSize;
        } else {
            for (int s = 0; s < scales; s++) {
                sizes[s] = (int) Math.round(coarsest + (double) (gridSize - coarsest) * s / (scales - 1));
            }
        }
        return new ScaleSchedule(gridSize, sizes);
    }

    /** The schedule that {@code params} asks for on an M×M grid. */
    public static ScaleSchedule of(int gridSize, SamplerParams params) {
        return of(gridSize, params.scales(), params.coarsestFraction());
    }

    /** {@code m_1 = round(fraction · M)}, kept within [1, M]. */
    public static int coarsestSize(int gridSize, double coarsestFraction) {
        if (!(coarsestFraction > 0 && coarsestFraction <= 1)) {
            throw new IllegalArgumentException("coarsest fraction must be in (0, 1], got " + coarsestFraction);
        }
        return (int) Math.max(1, Math.min(gridSize, Math.round(coarsestFraction * gridSize)));
    }

    /**
     * Patch corners along one axis of an m-cell grid: {@code 0, w, 2w, …} while the patch fits, plus
     * {@code m − ω} when the last one does not reach the border. Visiting rows × columns of this list
     * in order is the raster order of the pass.
     */
    public static int[] corners(int m, int patch, int stride) {
        if (patch < 1 || patch > m) {
            throw new IllegalArgumentException("patch ω=" + patch + " does not fit a " + m + "x" + m + " grid (need 1 <= ω <= " + m + ")");
        }
        if (stride < 1) throw new IllegalArgumentException("stride w must be >= 1, got " + stride);
        int last = m - patch;
        int n = last / stride + 1;
        boolean border = (n - 1) * stride != last;
        int[] out = new int[border ? n + 1 : n];
        for (int i = 0; i < n; i++) out[i] = i * stride;
        if (border) out[n] = last;
        return out;
    }

    /** M, the finest size. */
    public int gridSize() { return gridSize; }

    /** S, the number of passes. */
    public int count() { return sizes.length; }

    /** m_{s+1} for the zero-based pass index s. */
    public int size(int s) { return sizes[s]; }

    /** The sizes, coarse to fine (a copy). */
    public int[] sizes() { return sizes.clone(); }

    @Override
    public String toString() { return "ScaleSchedule" + Arrays.toString(sizes); }
}
