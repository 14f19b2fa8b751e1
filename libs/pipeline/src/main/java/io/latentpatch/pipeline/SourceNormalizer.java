package io.latentpatch.pipeline;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;

/**
 * The one way an input picture becomes a codec input: decoded and checked by {@link ImageLoader}
 * (PNG/JPEG, EXIF orientation, size limits), centre-cropped and resized to the codec's square side,
 * then quantised to 8 bits. The 8-bit step makes the normalised image storable as a PNG with no loss,
 * so the encoder worker (which stores it) and {@code latentpatch generate} (which does not) feed the
 * codec the same floats.
 */
public final class SourceNormalizer {
    private final ImageLoader loader;

    public SourceNormalizer(ImageLoader loader) {
        this.loader = loader;
    }

    /** Normalised CHW pixels in [0, 1], multiples of 1/255, {@code 3 × size × size}. */
    public float[] normalize(byte[] bytes, String name, int size) {
        return quantize(loader.loadSquare(bytes, name, size), size);
    }

    /** As {@link #normalize(byte[], String, int)}, from a file. */
    public float[] normalize(java.nio.file.Path file, int size) {
        return quantize(loader.loadSquare(file, size), size);
    }

    /** The normalised image as PNG bytes (lossless for a normalised image). */
    public static byte[] toPng(float[] normalizedChw, int size) {
        return PngWriter.encodeChw(normalizedChw, size, size);
    }

    /** Rounds every value to the nearest multiple of 1/255 exactly as a PNG round trip would. */
    public static float[] quantize(float[] chw, int size) {
        return RgbImage.fromChw(chw, size, size).toChw();
    }
}
