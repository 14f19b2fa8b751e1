package io.latentpatch.alignment;

import io.latentpatch.imaging.RgbImage;

/**
 * Resamples an image through a similarity transform with antialiasing: when the output is much smaller
 * (4 or more source pixels per output pixel) the source is first averaged over k×k blocks
 * (k = ⌊scale / 2⌋, as the FFHQ script shrinks before its transform), then each output pixel is a Lanczos-3 weighted sum over the source pixels, the kernel laid out
 * along the output's own axes and widened by the remaining scale when shrinking (so rotated outputs
 * are filtered as well as straight ones). Outside the image the source is mirrored (numpy's
 * {@code 'reflect'}, as the FFHQ script pads). Works in sRGB values; result rounded to 8 bits.
 */
public final class AffineResampler {
    private static final int LOBES = 3;

    private AffineResampler() {
    }

    /**
     * The {@code size × size} image whose pixel (u, v) shows the source at
     * {@code alignedToSource.apply(u, v)}; the transform must be a similarity (no shear).
     */
    public static RgbImage resample(RgbImage source, AffineTransform alignedToSource, int size) {
        if (size < 1) throw new IllegalArgumentException("output size must be >= 1, got " + size);
        double scale = alignedToSource.scale();
        // FFHQ's rule: shrink by whole pixels only as far as leaves at least 2 source pixels per output pixel.
        int k = Math.max(1, (int) Math.floor(scale / 2));
        int w = Math.max(1, source.width() / k);
        int h = Math.max(1, source.height() / k);
        float[] planes = boxShrink(source, k, w, h);
        // Shrunk pixel j covers source pixels j·k .. j·k + k − 1: source index x ↦ (x − (k − 1)/2) / k.
        double off = (k - 1) / 2.0;
        AffineTransform toShrunk = new AffineTransform(1.0 / k, 0, -off / k, 0, 1.0 / k, -off / k);
        AffineTransform m = toShrunk.after(alignedToSource);
        double s = m.scale();
        double filter = Math.max(s, 1.0);
        // Kernel coordinates: offsets in the shrunk image rotated back to the output's axes, over the filter width.
        double cos = m.a() / s, sin = m.c() / s;
        double radius = LOBES * filter * Math.sqrt(2);
        int plane = w * h;
        int[] out = new int[size * size];
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                double px = m.a() * u + m.b() * v + m.tx();
                double py = m.c() * u + m.d() * v + m.ty();
                int x0 = (int) Math.ceil(px - radius), x1 = (int) Math.floor(px + radius);
                int y0 = (int) Math.ceil(py - radius), y1 = (int) Math.floor(py + radius);
                double r = 0, g = 0, b = 0, total = 0;
                for (int y = y0; y <= y1; y++) {
                    double dy = y - py;
                    int row = reflect(y, h) * w;
                    for (int x = x0; x <= x1; x++) {
                        double dx = x - px;
                        double ku = (cos * dx + sin * dy) / filter;
                        double kv = (-sin * dx + cos * dy) / filter;
                        if (ku <= -LOBES || ku >= LOBES || kv <= -LOBES || kv >= LOBES) continue;
                        double wt = lanczos(ku) * lanczos(kv);
                        int i = row + reflect(x, w);
                        r += wt * planes[i];
                        g += wt * planes[plane + i];
                        b += wt * planes[2 * plane + i];
                        total += wt;
                    }
                }
                out[v * size + u] = to8(r / total) << 16 | to8(g / total) << 8 | to8(b / total);
            }
        }
        return new RgbImage(size, size, out);
    }

    /** Planar R, G, B floats of the k×k block means: {@code planes[c * w * h + y * w + x]}. */
    private static float[] boxShrink(RgbImage src, int k, int w, int h) {
        float[] planes = new float[3 * w * h];
        int[] px = src.rgb();
        int sw = src.width();
        float inv = 1f / (k * k);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0, g = 0, b = 0;
                for (int j = 0; j < k; j++) {
                    int row = (y * k + j) * sw + x * k;
                    for (int i = 0; i < k; i++) {
                        int p = px[row + i];
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                    }
                }
                planes[y * w + x] = r * inv;
                planes[w * h + y * w + x] = g * inv;
                planes[2 * w * h + y * w + x] = b * inv;
            }
        }
        return planes;
    }

    /** Mirror index {@code i} into 0..n−1 without repeating the edge (…, 2, 1, 0, 1, 2, …). */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    private static double lanczos(double x) {
        if (x == 0) return 1;
        double p = Math.PI * x;
        return LOBES * Math.sin(p) * Math.sin(p / LOBES) / (p * p);
    }

    private static int to8(double v) {
        long q = Math.round(v);
        return (int) Math.max(0, Math.min(255, q));
    }
}
