package io.latentpatch.core.sampler;

import io.latentpatch.core.resample.Resize;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Resize#bilinearCellMajor} with the channel loop on the Vector API, for the sampler's canvases
 * (upsampling between scales). The same weights and the same float expression lane by lane (multiply,
 * then add, never fused), so every value equals {@link Resize#bilinearCellMajor}'s bit for bit. Kept
 * apart from {@code Resize}, which code without the incubator module also loads. Weights are computed
 * once per (in, out) pair and kept by the caller's instance: one instance per thread.
 */
final class CanvasResize {
    private static final VectorSpecies<Float> F = DistanceKernels.SPECIES;
    private static final int LANES = F.length();

    private int cachedIn = -1;
    private int cachedOut = -1;
    private int[] lo = new int[0];
    private int[] hi = new int[0];
    private float[] frac = new float[0];

    /** Bilinear resize of a cell-major {@code in × in} grid of {@code channels} into {@code dst} at {@code out × out}. */
    void bilinearCellMajor(float[] src, int channels, int in, float[] dst, int out) {
        if (in == out) {
            System.arraycopy(src, 0, dst, 0, channels * in * in);
            return;
        }
        if (in != cachedIn || out != cachedOut) {
            lo = new int[out];
            hi = new int[out];
            frac = new float[out];
            Resize.axisWeights(in, out, lo, hi, frac);
            cachedIn = in;
            cachedOut = out;
        }
        for (int oy = 0; oy < out; oy++) {
            int r0 = lo[oy] * in;
            int r1 = hi[oy] * in;
            float fy = frac[oy];
            float gy = 1 - fy;
            for (int ox = 0; ox < out; ox++) {
                float fx = frac[ox];
                float gx = 1 - fx;
                int a = (r0 + lo[ox]) * channels;
                int b = (r0 + hi[ox]) * channels;
                int c = (r1 + lo[ox]) * channels;
                int d = (r1 + hi[ox]) * channels;
                int o = (oy * out + ox) * channels;
                int ch = 0;
                for (; ch + LANES <= channels; ch += LANES) {
                    FloatVector top = FloatVector.fromArray(F, src, a + ch).mul(gx).add(FloatVector.fromArray(F, src, b + ch).mul(fx));
                    FloatVector bottom = FloatVector.fromArray(F, src, c + ch).mul(gx).add(FloatVector.fromArray(F, src, d + ch).mul(fx));
                    top.mul(gy).add(bottom.mul(fy)).intoArray(dst, o + ch);
                }
                for (; ch < channels; ch++) {
                    float top = src[a + ch] * gx + src[b + ch] * fx;
                    float bottom = src[c + ch] * gx + src[d + ch] * fx;
                    dst[o + ch] = top * gy + bottom * fy;
                }
            }
        }
    }
}
