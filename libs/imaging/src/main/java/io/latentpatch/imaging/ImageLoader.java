package io.latentpatch.imaging;

import io.latentpatch.imaging.ImageRejectedException.Reason;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads PNG and JPEG images (recognised by content, not file name) into 8-bit RGB, and prepares
 * them for a codec: centre crop to a square, resample to the codec's size, CHW floats in [0, 1].
 *
 * <p>Checks, in order, each failing with an {@link ImageRejectedException} that names the file:
 * empty file; more than {@link ImageLimits#maxBytes()}; not PNG/JPEG (GIF, BMP, WebP, text, …);
 * width × height from the header above {@link ImageLimits#maxPixels()} (read before any pixel is
 * decoded, so a decompression bomb costs nothing); data that does not decode (truncated, damaged).
 *
 * <p>Conversion: greyscale is replicated into R, G and B; an alpha channel is composited onto
 * white ({@code c' = (c·a + 255·(255 − a)) / 255}, rounded); 16-bit samples are rounded to 8
 * bits; palette images use their palette; JPEG EXIF orientation (1–8) is applied so the result is
 * upright. Other colour spaces (CMYK JPEG, ICC-tagged files) go through Java2D's conversion to sRGB.
 *
 * <p>Thread-safe: each call uses its own ImageIO reader.
 */
public final class ImageLoader {

    private final ImageLimits limits;

    /** A loader with {@link ImageLimits#DEFAULT} (20 MiB, 40 Mpx). */
    public ImageLoader() {
        this(ImageLimits.DEFAULT);
    }

    public ImageLoader(ImageLimits limits) {
        this.limits = limits;
    }

    public ImageLimits limits() {
        return limits;
    }

    /** Reads {@code file} into an upright 8-bit RGB image. */
    public RgbImage read(Path file) {
        return read(readBytes(file), file.toString());
    }

    /** Decodes {@code bytes}; {@code source} names the input in messages (a file name or upload name). */
    public RgbImage read(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new ImageRejectedException(source, Reason.EMPTY, "the file is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw tooManyBytes(source, bytes.length);
        }
        ImageFormat format = ImageFormat.detect(bytes).orElseThrow(() -> new ImageRejectedException(source,
                Reason.UNSUPPORTED_FORMAT, "it is " + ImageFormat.describe(bytes) + "; only PNG and JPEG are accepted"));
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JDK has no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width * height > limits.maxPixels()) {
                throw new ImageRejectedException(source, Reason.TOO_MANY_PIXELS, "its header says " + width + "x"
                        + height + " = " + width * height + " pixels, more than the limit of " + limits.maxPixels()
                        + "; scale it down first");
            }
            BufferedImage image = reader.read(0);
            for (String w : warnings) {
                if (w.toLowerCase(Locale.ROOT).contains("premature end")) {
                    throw new ImageRejectedException(source, Reason.CORRUPT, "the " + format + " data is truncated ("
                            + w + ")");
                }
            }
            RgbImage rgb = toRgb(image);
            return format == ImageFormat.JPEG ? ExifOrientation.apply(rgb, ExifOrientation.read(bytes)) : rgb;
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(source, Reason.CORRUPT, "it has a " + format
                    + " signature but cannot be decoded (truncated or damaged?): " + rootMessage(e), e);
        } finally {
            reader.dispose();
        }
    }

    /** Reads {@code file}, centre-crops it to a square and resamples it to {@code size}: CHW floats in [0, 1]. */
    public float[] loadSquare(Path file, int size) {
        return SquareResizer.toChw(read(file), size);
    }

    /** As {@link #loadSquare(Path, int)} for bytes in memory. */
    public float[] loadSquare(byte[] bytes, String source, int size) {
        return SquareResizer.toChw(read(bytes, source), size);
    }

    private byte[] readBytes(Path file) {
        String source = file.toString();
        try {
            long size = Files.size(file);
            if (size > limits.maxBytes()) {
                throw tooManyBytes(source, size);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageRejectedException(source, Reason.UNREADABLE, "the file does not exist", e);
        } catch (IOException e) {
            throw new ImageRejectedException(source, Reason.UNREADABLE, "it cannot be read: " + e, e);
        }
    }

    private ImageRejectedException tooManyBytes(String source, long size) {
        return new ImageRejectedException(source, Reason.TOO_MANY_BYTES, "it is " + size + " bytes, more than the limit of "
                + limits.maxBytes() + " bytes (" + (limits.maxBytes() >> 20) + " MiB)");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            sb.append(" / ").append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return sb.toString();
    }

    /** Converts a decoded image to packed 8-bit RGB, compositing alpha onto white. */
    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[Math.multiplyExact(w, h)];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        ColorSpace cs = cm.getColorSpace();
        int colours = cm.getNumColorComponents();
        boolean direct = cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()
                && ((colours == 1 && cs.getType() == ColorSpace.TYPE_GRAY) || (colours == 3 && cs.isCS_sRGB()));
        if (cm instanceof IndexColorModel palette) {
            int[] idx = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, idx);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = onWhite(palette.getRGB(idx[x]));
                }
            }
        } else if (direct) {
            // Read samples as stored: Java2D would treat PNG grey as linear and shift its values.
            int max = (1 << cm.getComponentSize(0)) - 1;
            int[][] band = new int[cm.getNumComponents()][w];
            for (int y = 0; y < h; y++) {
                for (int b = 0; b < band.length; b++) {
                    raster.getSamples(0, y, w, 1, b, band[b]);
                }
                for (int x = 0; x < w; x++) {
                    int r = to8(band[0][x], max);
                    int g = colours == 3 ? to8(band[1][x], max) : r;
                    int bl = colours == 3 ? to8(band[2][x], max) : r;
                    int a = cm.hasAlpha() ? to8(band[colours][x], (1 << cm.getComponentSize(colours)) - 1) : 255;
                    out[y * w + x] = onWhite(a << 24 | r << 16 | g << 8 | bl);
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = onWhite(cm.hasAlpha() ? row[x] : row[x] | 0xFF000000);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int to8(int sample, int max) {
        return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
    }

    /** Composites non-premultiplied ARGB onto white; returns RGB with zero top byte. */
    private static int onWhite(int argb) {
        int a = argb >>> 24;
        if (a == 255) {
            return argb & 0xFFFFFF;
        }
        int inv = 255 * (255 - a);
        int r = (((argb >> 16) & 0xff) * a + inv + 127) / 255;
        int g = (((argb >> 8) & 0xff) * a + inv + 127) / 255;
        int b = ((argb & 0xff) * a + inv + 127) / 255;
        return r << 16 | g << 8 | b;
    }
}
