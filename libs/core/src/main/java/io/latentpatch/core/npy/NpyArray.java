package io.latentpatch.core.npy;

import io.latentpatch.core.grid.LatentGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional array as stored in a {@code .npy} file: a shape and a flat C-order (row-major) buffer of
 * float32 or int32 values.
 *
 * <p>Element {@code (i0, i1, ..., ik)} is at flat index {@code ((i0 * d1 + i1) * d2 + ...) * dk + ik}. A rank-0
 * array (shape {@code ()}) holds one value. The data array is shared, not copied.
 *
 * <p>Latent grids map to shape {@code [L, M, M]} and batches of grids to {@code [B, L, M, M]}, which is exactly
 * {@link LatentGrid}'s channels-first layout, so no reordering happens.
 */
public final class NpyArray {
    /** Element type held in memory (what a file stored as float64 or int64 is converted to, see {@link Npy}). */
    public enum Type {
        FLOAT32, INT32
    }

    private final int[] shape;
    private final float[] floats;
    private final int[] ints;

    private NpyArray(int[] shape, float[] floats, int[] ints) {
        this.shape = shape.clone();
        this.floats = floats;
        this.ints = ints;
        long expected = elementCount(this.shape);
        int actual = floats != null ? floats.length : ints.length;
        if (expected != actual) {
            throw new IllegalArgumentException("shape " + shapeString(this.shape) + " needs " + expected
                    + " elements, data has " + actual);
        }
    }

    /** A float32 array; {@code data} is shared. */
    public static NpyArray ofFloats(int[] shape, float[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        return new NpyArray(shape, data, null);
    }

    /** An int32 array; {@code data} is shared. */
    public static NpyArray ofInts(int[] shape, int[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        return new NpyArray(shape, null, data);
    }

    /** One grid as shape {@code [L, M, M]}; shares the grid's array. */
    public static NpyArray of(LatentGrid grid) {
        return ofFloats(new int[] {grid.channels(), grid.size(), grid.size()}, grid.data());
    }

    /** A batch of same-shape grids as {@code [B, L, M, M]} (copies into one new array). */
    public static NpyArray ofGrids(List<LatentGrid> grids) {
        if (grids.isEmpty()) throw new IllegalArgumentException("cannot make a [B, L, M, M] array from zero grids");
        LatentGrid first = grids.get(0);
        int per = first.channels() * first.cells();
        long total = (long) per * grids.size();
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(grids.size() + " grids of " + per + " floats exceed one Java array");
        }
        float[] data = new float[(int) total];
        for (int b = 0; b < grids.size(); b++) {
            LatentGrid g = grids.get(b);
            if (!g.sameShape(first)) {
                throw new IllegalArgumentException("grid " + b + " is " + g + " but grid 0 is " + first
                        + "; a batch needs one shape");
            }
            System.arraycopy(g.data(), 0, data, b * per, per);
        }
        return ofFloats(new int[] {grids.size(), first.channels(), first.size(), first.size()}, data);
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Extent of one axis. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements (1 for rank 0). */
    public int size() {
        return floats != null ? floats.length : ints.length;
    }

    public Type type() {
        return floats != null ? Type.FLOAT32 : Type.INT32;
    }

    /** The float32 data (shared). Fails when the array holds int32. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("array " + shapeString(shape) + " holds int32 values, expected float32");
        }
        return floats;
    }

    /** The int32 data (shared). Fails when the array holds float32. */
    public int[] ints() {
        if (ints == null) {
            throw new IllegalStateException("array " + shapeString(shape) + " holds float32 values, expected int32");
        }
        return ints;
    }

    /** This {@code [L, M, M]} float array as a grid, sharing the array. */
    public LatentGrid toGrid() {
        if (shape.length != 3 || shape[1] != shape[2]) {
            throw new IllegalArgumentException("a latent grid needs shape [L, M, M], got " + shapeString(shape));
        }
        return new LatentGrid(shape[0], shape[1], floats());
    }

    /** This {@code [B, L, M, M]} float array as B grids (each a copy of its slice). */
    public List<LatentGrid> toGrids() {
        requireBatch();
        List<LatentGrid> grids = new ArrayList<>(shape[0]);
        for (int b = 0; b < shape[0]; b++) grids.add(grid(b));
        return grids;
    }

    /** Grid {@code b} of this {@code [B, L, M, M]} float array, copied. */
    public LatentGrid grid(int b) {
        requireBatch();
        if (b < 0 || b >= shape[0]) throw new IndexOutOfBoundsException("grid " + b + " of a batch of " + shape[0]);
        int per = shape[1] * shape[2] * shape[3];
        return new LatentGrid(shape[1], shape[2], Arrays.copyOfRange(floats(), b * per, (b + 1) * per));
    }

    private void requireBatch() {
        if (shape.length != 4 || shape[2] != shape[3]) {
            throw new IllegalArgumentException("a batch of latent grids needs shape [B, L, M, M], got " + shapeString(shape));
        }
    }

    /** The shape as NumPy prints it: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public String shapeString() {
        return shapeString(shape);
    }

    static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        return sb.append(')').toString();
    }

    /**
     * Product of the extents, saturated just above {@link Integer#MAX_VALUE} (too big for a Java array anyway);
     * fails on negative extents.
     */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative extent in shape " + shapeString(shape));
            if (d == 0) return 0;
        }
        for (int d : shape) {
            n *= d; // both factors < 2^31 here, so no long overflow
            if (n > Integer.MAX_VALUE) return Integer.MAX_VALUE + 1L;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.floats, floats) && Arrays.equals(a.ints, ints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(ints));
    }

    @Override
    public String toString() {
        return "NpyArray[" + type().name().toLowerCase(java.util.Locale.ROOT) + " " + shapeString(shape) + "]";
    }
}
