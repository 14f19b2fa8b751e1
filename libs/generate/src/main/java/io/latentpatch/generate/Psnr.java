package io.latentpatch.generate;

import io.latentpatch.imaging.PngWriter;

/** Peak signal-to-noise ratio of two CHW images in [0, 1], both quantised to 8 bits first (as a PNG would store them). */
public final class Psnr {
    private Psnr() {}

    /** PSNR in dB; {@code Double.POSITIVE_INFINITY} for identical 8-bit images. */
    public static double of8Bit(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("images differ in size: " + a.length + " vs " + b.length + " values");
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = PngWriter.quantize(a[i]) - PngWriter.quantize(b[i]);
            sum += (double) d * d;
        }
        double mse = sum / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
