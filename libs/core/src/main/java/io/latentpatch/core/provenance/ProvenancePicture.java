package io.latentpatch.core.provenance;

import io.latentpatch.core.resample.Resize;

/**
 * The paper's colour code of patch origin: each grid cell painted with hue {@code b / B} (HSV, full saturation
 * and value) of its source b, {@link Provenance#TARGET} cells in neutral grey, nearest-upsampled to the image.
 *
 * <p>Pixels are packed {@code 0xRRGGBB} ints, row-major {@code [y][x]} (index {@code y * width + x}); the codec
 * module turns them into PNG. Colours are computed with integer arithmetic, so they are identical everywhere.
 */
public final class ProvenancePicture {
    /** Colour of {@link Provenance#TARGET} cells: mid grey, which no hue of the wheel produces. */
    public static final int TARGET_GREY = 0x808080;

    private ProvenancePicture() {}

    /**
     * @param provenance row-major {@code gridSize × gridSize} source ids (see {@link Provenance})
     * @param sourceCount B, the number of sources (sets the hue step)
     * @param width image width in pixels; cell columns map by nearest neighbour (half-pixel centres)
     * @param height image height in pixels
     * @return {@code width × height} packed {@code 0xRRGGBB} pixels
     */
    public static int[] pixels(int[] provenance, int gridSize, int sourceCount, int width, int height) {
        Provenance.validate(provenance, gridSize, sourceCount);
        if (width < 1 || height < 1) throw new IllegalArgumentException("image must be at least 1x1, got " + width + "x" + height);
        int[] palette = new int[sourceCount];
        for (int b = 0; b < sourceCount; b++) palette[b] = colour(b, sourceCount);
        int[] column = new int[width];
        for (int x = 0; x < width; x++) column[x] = Resize.nearestIndex(x, gridSize, width);
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            int row = Resize.nearestIndex(y, gridSize, height) * gridSize;
            for (int x = 0; x < width; x++) {
                int s = provenance[row + column[x]];
                out[y * width + x] = s == Provenance.TARGET ? TARGET_GREY : palette[s];
            }
        }
        return out;
    }

    /** Square image of {@code imageSize × imageSize} pixels. */
    public static int[] pixels(int[] provenance, int gridSize, int sourceCount, int imageSize) {
        return pixels(provenance, gridSize, sourceCount, imageSize, imageSize);
    }

    /** The packed {@code 0xRRGGBB} colour of source {@code source} among {@code sourceCount}, or grey for TARGET. */
    public static int colour(int source, int sourceCount) {
        if (source == Provenance.TARGET) return TARGET_GREY;
        if (source < 0 || source >= sourceCount) {
            throw new IllegalArgumentException("source " + source + " is not in 0.." + (sourceCount - 1));
        }
        // hue·6 = 6b/B: the sector is its integer part, the ramp inside the sector its fraction (6b mod B)/B.
        long scaled = 6L * source;
        int sector = (int) (scaled / sourceCount);
        int up = (int) ((255L * 2 * (scaled % sourceCount) + sourceCount) / (2L * sourceCount)); // round(255·frac)
        int down = 255 - up;
        return switch (sector) {
            case 0 -> rgb(255, up, 0);
            case 1 -> rgb(down, 255, 0);
            case 2 -> rgb(0, 255, up);
            case 3 -> rgb(0, down, 255);
            case 4 -> rgb(up, 0, 255);
            default -> rgb(255, 0, down);
        };
    }

    /** Interleaved {@code R, G, B} bytes of packed pixels, for encoders that want a byte raster. */
    public static byte[] toRgbBytes(int[] pixels) {
        byte[] out = new byte[pixels.length * 3];
        for (int i = 0; i < pixels.length; i++) {
            out[3 * i] = (byte) (pixels[i] >>> 16);
            out[3 * i + 1] = (byte) (pixels[i] >>> 8);
            out[3 * i + 2] = (byte) pixels[i];
        }
        return out;
    }

    private static int rgb(int r, int g, int b) {
        return (r << 16) | (g << 8) | b;
    }
}
