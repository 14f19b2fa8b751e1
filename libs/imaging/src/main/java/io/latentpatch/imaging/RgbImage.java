package io.latentpatch.imaging;

/**
 * An 8-bit RGB image in memory, for decoded inputs and contact sheets.
 *
 * <p>Layout: {@code rgb[y * width + x] = (r << 16) | (g << 8) | b}, row-major, no alpha (bits
 * 24–31 are zero).
 */
public record RgbImage(int width, int height, int[] rgb) {

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image needs width and height >= 1, got " + width + "x" + height);
        }
        if (rgb == null || rgb.length != (long) width * height) {
            throw new IllegalArgumentException(width + "x" + height + " image needs " + (long) width * height
                    + " pixels, got " + (rgb == null ? "null" : rgb.length));
        }
    }

    /** A black image. */
    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new int[Math.multiplyExact(width, height)]);
    }

    /** Quantises a CHW float image ([0, 1], see {@link PngWriter#quantize}) to 8 bits. */
    public static RgbImage fromChw(float[] chw, int height, int width) {
        int plane = height * width;
        if (chw.length != 3L * plane) {
            throw new IllegalArgumentException("CHW image 3x" + height + "x" + width + " needs " + 3L * plane
                    + " floats, got " + chw.length);
        }
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = PngWriter.quantize(chw[i]) << 16 | PngWriter.quantize(chw[plane + i]) << 8
                    | PngWriter.quantize(chw[2 * plane + i]);
        }
        return new RgbImage(width, height, rgb);
    }

    /** The image as CHW floats, {@code value / 255} (exact inverse of {@link #fromChw} for 8-bit values). */
    public float[] toChw() {
        int plane = width * height;
        float[] chw = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            chw[i] = ((p >> 16) & 0xff) / 255f;
            chw[plane + i] = ((p >> 8) & 0xff) / 255f;
            chw[2 * plane + i] = (p & 0xff) / 255f;
        }
        return chw;
    }

    /** The packed RGB value at column {@code x}, row {@code y}. */
    public int get(int x, int y) {
        return rgb[y * width + x];
    }

    /** Copies {@code tile} into this image with its top-left corner at ({@code x}, {@code y}); clipped at the edges. */
    public void paste(RgbImage tile, int x, int y) {
        for (int ty = Math.max(0, -y); ty < tile.height && y + ty < height; ty++) {
            int from = Math.max(0, -x);
            int to = Math.min(tile.width, width - x);
            if (to > from) {
                System.arraycopy(tile.rgb, ty * tile.width + from, rgb, (y + ty) * width + x + from, to - from);
            }
        }
    }
}
