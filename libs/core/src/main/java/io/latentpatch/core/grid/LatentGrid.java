package io.latentpatch.core.grid;

import java.util.Arrays;
import java.util.Objects;

/**
 * A square grid of latent vectors, channels first: {@code channels × size × size} floats.
 *
 * <p>Layout of {@link #data()}: row-major {@code [c][y][x]}, index {@code (c * size + y) * size + x}.
 * The array is shared, not copied: callers that keep a grid must not mutate the array afterwards.
 */
public final class LatentGrid {
    private final int channels;
    private final int size;
    private final float[] data;

    public LatentGrid(int channels, int size, float[] data) {
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        if (size < 1) throw new IllegalArgumentException("grid size must be >= 1, got " + size);
        Objects.requireNonNull(data, "data");
        long expected = (long) channels * size * size;
        if (data.length != expected) {
            throw new IllegalArgumentException("grid " + channels + "x" + size + "x" + size
                    + " needs " + expected + " floats, got " + data.length);
        }
        this.channels = channels;
        this.size = size;
        this.data = data;
    }

    /** A grid of zeros. */
    public static LatentGrid zeros(int channels, int size) {
        return new LatentGrid(channels, size, new float[channels * size * size]);
    }

    public int channels() { return channels; }

    /** Side length M of the square grid. */
    public int size() { return size; }

    /** Number of cells, {@code size * size}. */
    public int cells() { return size * size; }

    /** The backing array, layout {@code [c][y][x]}. */
    public float[] data() { return data; }

    public float get(int c, int y, int x) { return data[(c * size + y) * size + x]; }

    public void set(int c, int y, int x, float v) { data[(c * size + y) * size + x] = v; }

    /** The vector of cell (y, x), copied into a new array of length {@link #channels()}. */
    public float[] cellVector(int y, int x) {
        float[] v = new float[channels];
        int plane = size * size;
        int offset = y * size + x;
        for (int c = 0; c < channels; c++) v[c] = data[c * plane + offset];
        return v;
    }

    public LatentGrid copy() { return new LatentGrid(channels, size, data.clone()); }

    /** True when both grids have the same shape. */
    public boolean sameShape(LatentGrid other) {
        return other.channels == channels && other.size == size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentGrid g && g.channels == channels && g.size == size && Arrays.equals(g.data, data);
    }

    @Override
    public int hashCode() { return 31 * (31 * channels + size) + Arrays.hashCode(data); }

    @Override
    public String toString() { return "LatentGrid[" + channels + "x" + size + "x" + size + "]"; }
}
