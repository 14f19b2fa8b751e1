package io.latentpatch.gateway;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Image fixtures made in code: valid PNG/JPEG, a truncated PNG, a header that claims a huge image. */
public final class TestImages {

    private TestImages() {
    }

    /** A w×h RGB picture with random blocks (deterministic per seed). */
    public static BufferedImage picture(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 24; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillRect(r.nextInt(w), r.nextInt(h), 1 + r.nextInt(w / 2 + 1), 1 + r.nextInt(h / 2 + 1));
        }
        g.dispose();
        return img;
    }

    public static byte[] png(int w, int h, long seed) {
        return encode(picture(w, h, seed), "png");
    }

    /** An opaque PNG mask: black, with white over {@code [x0, x1) × [y0, y1)} (an empty rectangle: all black). */
    public static byte[] mask(int w, int h, int x0, int y0, int x1, int y1) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        return encode(image, "png");
    }

    public static byte[] jpeg(int w, int h, long seed) {
        return encode(picture(w, h, seed), "jpeg");
    }

    private static byte[] encode(BufferedImage picture, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(picture, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a valid PNG: signature and header intact, image data cut off. */
    public static byte[] truncatedPng(int w, int h) {
        byte[] full = png(w, h, 7);
        return Arrays.copyOf(full, full.length / 2);
    }

    /** A PNG signature and IHDR chunk (valid CRC) claiming {@code w × h} pixels, and nothing else. */
    public static byte[] pngHeaderClaiming(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(4 + 13);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer out = ByteBuffer.allocate(8 + 4 + 17 + 4);
        out.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        out.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return out.array();
    }
}
