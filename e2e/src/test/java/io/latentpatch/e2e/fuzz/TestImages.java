package io.latentpatch.e2e.fuzz;

import io.latentpatch.samples.SampleSet;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Image bodies for the fuzz: valid, damaged, lying about their size, or not images at all. */
public final class TestImages {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private TestImages() {
    }

    /** A valid 8-bit RGB PNG of {@code width}×{@code height}: black, with the top half white when {@code topHalfWhite}. */
    public static byte[] png(int width, int height, boolean topHalfWhite) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, topHalfWhite && y < (height + 1) / 2 ? 0xFFFFFF : 0);
            }
        }
        return SampleSet.encodePng(image);
    }

    /** The first {@code fraction} of {@code valid}'s bytes. */
    public static byte[] truncated(byte[] valid, double fraction) {
        return Arrays.copyOf(valid, Math.max(1, (int) (valid.length * fraction)));
    }

    /**
     * A PNG whose header claims {@code width}×{@code height} pixels (checksums right) followed by a tiny IDAT and
     * IEND: a gateway must refuse it from the header, before allocating anything.
     */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A valid PNG signature and IHDR, then garbage where the image data should be. */
    public static byte[] pngWithGarbageData(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", "this is not zlib data at all".getBytes(StandardCharsets.US_ASCII));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A JPEG start-of-image marker and APP0 header, then garbage. */
    public static byte[] jpegGarbage() {
        byte[] head = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0};
        byte[] out = Arrays.copyOf(head, head.length + 64);
        Arrays.fill(out, head.length, out.length, (byte) 0x5A);
        return out;
    }

    /** A GIF header: an image, but not one the gateway takes. */
    public static byte[] gif() {
        return "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
