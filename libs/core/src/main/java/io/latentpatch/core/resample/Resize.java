package io.latentpatch.core.resample;

import io.latentpatch.core.grid.LatentGrid;

/**
 * Resampling of square grids.
 *
 * <p>Bilinear uses half-pixel centres (PyTorch {@code align_corners=false}): output cell {@code o}
 * samples input coordinate {@code (o + 0.5) * in / out - 0.5}, clamped to the border.
 * Nearest (for integer maps such as provenance) takes input cell {@code floor((o + 0.5) * in / out)}.
 */
public final class Resize {
    private Resize() {}

    /** Bilinear resize of every channel of {@code grid} to {@code outSize × outSize}. */
    public static LatentGrid bilinear(LatentGrid grid, int outSize) {
        if (outSize < 1) throw new IllegalArgumentException("output size must be >= 1, got " + outSize);
        int in = grid.size();
        int channels = grid.channels();
        if (in == outSize) return grid.copy();
        float[] src = grid.data();
        float[] dst = new float[channels * outSize * outSize];
        int[] lo = new int[outSize];
        int[] hi = new int[outSize];
        float[] frac = new float[outSize];
        axisWeights(in, outSize, lo, hi, frac);
        int inPlane = in * in;
        int outPlane = outSize * outSize;
        for (int c = 0; c < channels; c++) {
            int sBase = c * inPlane;
            int dBase = c * outPlane;
            for (int oy = 0; oy < outSize; oy++) {
                int r0 = sBase + lo[oy] * in;
                int r1 = sBase + hi[oy] * in;
                float fy = frac[oy];
                for (int ox = 0; ox < outSize; ox++) {
                    float fx = frac[ox];
                    float top = src[r0 + lo[ox]] * (1 - fx) + src[r0 + hi[ox]] * fx;
                    float bottom = src[r1 + lo[ox]] * (1 - fx) + src[r1 + hi[ox]] * fx;
                    dst[dBase + oy * outSize + ox] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return new LatentGrid(channels, outSize, dst);
    }

    /**
     * Bilinear resize of a cell-major square grid (layout {@code [y][x][c]}, index {@code (y * in + x) * channels + c})
     * from {@code in × in} to {@code outSize × outSize} into {@code dst}: the same weights and the same float
     * expression as {@link #bilinear}, so every value equals what {@link #bilinear} gives on the channels-first grid.
     * Used by the sampler, whose canvases are cell-major.
     */
    public static void bilinearCellMajor(float[] src, int channels, int in, float[] dst, int outSize) {
        if (outSize < 1) throw new IllegalArgumentException("output size must be >= 1, got " + outSize);
        if (src.length < channels * in * in || dst.length < channels * outSize * outSize) {
            throw new IllegalArgumentException("cell-major arrays of " + src.length + " and " + dst.length + " floats are too small for "
                    + channels + " channels, " + in + "x" + in + " -> " + outSize + "x" + outSize);
        }
        if (in == outSize) {
            System.arraycopy(src, 0, dst, 0, channels * in * in);
            return;
        }
        int[] lo = new int[outSize];
        int[] hi = new int[outSize];
        float[] frac = new float[outSize];
        axisWeights(in, outSize, lo, hi, frac);
        for (int oy = 0; oy < outSize; oy++) {
            int r0 = lo[oy] * in;
            int r1 = hi[oy] * in;
            float fy = frac[oy];
            for (int ox = 0; ox < outSize; ox++) {
                float fx = frac[ox];
                int a = (r0 + lo[ox]) * channels;
                int b = (r0 + hi[ox]) * channels;
                int c = (r1 + lo[ox]) * channels;
                int d = (r1 + hi[ox]) * channels;
                int o = (oy * outSize + ox) * channels;
                for (int ch = 0; ch < channels; ch++) {
                    float top = src[a + ch] * (1 - fx) + src[b + ch] * fx;
                    float bottom = src[c + ch] * (1 - fx) + src[d + ch] * fx;
                    dst[o + ch] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }

    /** Nearest-neighbour resize of a square {@code in × in} int map (row-major) to {@code out × out}. */
    public static int[] nearest(int[] map, int in, int outSize) {
        if (map.length != in * in) throw new IllegalArgumentException("map of " + map.length + " cells is not " + in + "x" + in);
        if (outSize < 1) throw new IllegalArgumentException("output size must be >= 1, got " + outSize);
        int[] out = new int[outSize * outSize];
        for (int oy = 0; oy < outSize; oy++) {
            int iy = nearestIndex(oy, in, outSize);
            for (int ox = 0; ox < outSize; ox++) {
                out[oy * outSize + ox] = map[iy * in + nearestIndex(ox, in, outSize)];
            }
        }
        return out;
    }

    /** Input index that output index {@code o} takes under nearest resampling from {@code in} to {@code out}. */
    public static int nearestIndex(int o, int in, int out) {
        return Math.min(in - 1, (int) Math.floor((o + 0.5) * in / out));
    }

    /** Fills, per output index, the two input neighbours and the weight of the upper one (the weights every bilinear resize here uses). */
    public static void axisWeights(int in, int out, int[] lo, int[] hi, float[] frac) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double pos = (o + 0.5) * scale - 0.5;
            if (pos < 0) pos = 0;
            int l = (int) Math.floor(pos);
            if (l > in - 1) l = in - 1;
            int h = Math.min(l + 1, in - 1);
            lo[o] = l;
            hi[o] = h;
            frac[o] = (float) (pos - l);
        }
    }
}
