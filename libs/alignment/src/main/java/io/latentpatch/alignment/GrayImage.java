package io.latentpatch.alignment;

import io.latentpatch.imaging.RgbImage;

/**
 * An 8-bit grey image: {@code value[y * width + x]} in 0..255, row-major.
 *
 * @param width  columns, >= 1
 * @param height rows, >= 1
 * @param value  intensities, {@code width × height}
 */
public record GrayImage(int width, int height, int[] value) {

    public GrayImage {
        if (width < 1 || height < 1 || value == null || value.length != (long) width * height) {
            throw new IllegalArgumentException("grey image " + width + "x" + height + " needs " + (long) width * height
                    + " values, got " + (value == null ? "null" : value.length));
        }
    }

    /** dlib's grey value of an RGB pixel, {@code (r + g + b) / 3} rounded down (dlib/pixel.h), used by its shape predictor. */
    public static GrayImage meanOf(RgbImage image) {
        int[] rgb = image.rgb();
        int[] v = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            v[i] = (((p >> 16) & 0xff) + ((p >> 8) & 0xff) + (p & 0xff)) / 3;
        }
        return new GrayImage(image.width(), image.height(), v);
    }

    /** OpenCV's {@code COLOR_RGB2GRAY}, {@code 0.299 R + 0.587 G + 0.114 B} rounded, used by its cascades. */
    public static GrayImage lumaOf(RgbImage image) {
        int[] rgb = image.rgb();
        int[] v = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            // Fixed point with 14 fractional bits, like OpenCV's cvtColor.
            v[i] = (((p >> 16) & 0xff) * 4899 + ((p >> 8) & 0xff) * 9617 + (p & 0xff) * 1868 + (1 << 13)) >> 14;
        }
        return new GrayImage(image.width(), image.height(), v);
    }

    /** The value at column {@code x}, row {@code y}. */
    public int get(int x, int y) {
        return value[y * width + x];
    }
}
