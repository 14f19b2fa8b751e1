package io.latentpatch.imaging;

/**
 * Centre-crops an image to a square and resamples it to {@code size × size} with a separable
 * Lanczos-3 filter, widened by the scale factor when shrinking so that it also antialiases (the
 * same kernel and pixel-centre convention as Pillow's {@code Image.LANCZOS}, which made the shared
 * face set). Pure Java float arithmetic, so the result is the same on every JDK. Works in sRGB
 * values (no linearisation), like the models' training data.
 *
 * <p>Output: CHW floats, {@code out[(c * size + y) * size + x]}, c = R, G, B, clamped to [0, 1].
 * When the crop already has the target size the pixels are copied exactly ({@code value / 255}).
 */
public final class SquareResizer {

    private static final int LOBES = 3;

    private SquareResizer() {
    }

    /** Centre crop (the crop side is {@code min(width, height)}; odd margins leave the extra pixel at the right/bottom) and resample. */
    public static float[] toChw(RgbImage image, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("target size must be >= 1, got " + size);
        }
        int w = image.width();
        int side = Math.min(w, image.height());
        int x0 = (w - side) / 2;
        int y0 = (image.height() - side) / 2;
        int[] px = image.rgb();
        int plane = size * size;
        float[] out = new float[3 * plane];
        if (side == size) {
            for (int y = 0; y < size; y++) {
                int row = (y0 + y) * w + x0;
                for (int x = 0; x < size; x++) {
                    int p = px[row + x];
                    out[y * size + x] = ((p >> 16) & 0xff) / 255f;
                    out[plane + y * size + x] = ((p >> 8) & 0xff) / 255f;
                    out[2 * plane + y * size + x] = (p & 0xff) / 255f;
                }
            }
            return out;
        }
        Kernel k = Kernel.lanczos(side, size);
        // Horizontal pass: tmp[(c * side + y) * size + ox] for every crop row y.
        float[] tmp = new float[3 * side * size];
        float[] row = new float[3 * side];
        for (int y = 0; y < side; y++) {
            int src = (y0 + y) * w + x0;
            for (int x = 0; x < side; x++) {
                int p = px[src + x];
                row[x] = ((p >> 16) & 0xff) / 255f;
                row[side + x] = ((p >> 8) & 0xff) / 255f;
                row[2 * side + x] = (p & 0xff) / 255f;
            }
            for (int ox = 0; ox < size; ox++) {
                int start = k.start[ox];
                int n = k.count[ox];
                int wb = ox * k.stride;
                float r = 0f;
                float g = 0f;
                float b = 0f;
                for (int i = 0; i < n; i++) {
                    float wt = k.weights[wb + i];
                    r += wt * row[start + i];
                    g += wt * row[side + start + i];
                    b += wt * row[2 * side + start + i];
                }
                tmp[y * size + ox] = r;
                tmp[(side + y) * size + ox] = g;
                tmp[(2 * side + y) * size + ox] = b;
            }
        }
        // Vertical pass, row by row so the inner loop walks memory in order.
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < size; oy++) {
                int start = k.start[oy];
                int n = k.count[oy];
                int wb = oy * k.stride;
                int dst = (c * size + oy) * size;
                for (int i = 0; i < n; i++) {
                    float wt = k.weights[wb + i];
                    int src = (c * side + start + i) * size;
                    for (int ox = 0; ox < size; ox++) {
                        out[dst + ox] += wt * tmp[src + ox];
                    }
                }
                for (int ox = 0; ox < size; ox++) {
                    float v = out[dst + ox];
                    out[dst + ox] = v >= 0f ? (v <= 1f ? v : 1f) : 0f;
                }
            }
        }
        return out;
    }

    /** The Lanczos-3 kernel value at {@code x} (in input pixels of the filter's own scale). */
    static double lanczos(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        if (x <= -LOBES || x >= LOBES) {
            return 0.0;
        }
        double px = Math.PI * x;
        return LOBES * Math.sin(px) * Math.sin(px / LOBES) / (px * px);
    }

    /**
     * Precomputed 1-D resampling plan from {@code in} to {@code out} samples: output {@code i}
     * is {@code sum_j weights[i * stride + j] * input[start[i] + j]} for {@code j < count[i]}.
     */
    static final class Kernel {
        final int[] start;
        final int[] count;
        final float[] weights;
        final int stride;

        private Kernel(int[] start, int[] count, float[] weights, int stride) {
            this.start = start;
            this.count = count;
            this.weights = weights;
            this.stride = stride;
        }

        static Kernel lanczos(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = LOBES * filterScale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            double[] w = new double[stride];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support + 0.5));
                int hi = Math.min(in, (int) Math.floor(center + support + 0.5));
                int n = hi - lo;
                double total = 0.0;
                for (int j = 0; j < n; j++) {
                    w[j] = SquareResizer.lanczos((lo + j - center + 0.5) / filterScale);
                    total += w[j];
                }
                for (int j = 0; j < n; j++) {
                    weights[i * stride + j] = (float) (total != 0.0 ? w[j] / total : 0.0);
                }
                start[i] = lo;
                count[i] = n;
            }
            return new Kernel(start, count, weights, stride);
        }
    }
}
