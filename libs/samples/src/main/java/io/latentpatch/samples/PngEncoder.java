package io.latentpatch.samples;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.CRC32;

/**
 * Writes 8-bit RGB, non-interlaced PNG bytes that depend only on the pixels: fixed per-row filter choice, the
 * pure-Java {@link DeflateEncoder}, no metadata chunks. CRC-32 and Adler-32 are fixed checksums, so the JDK's
 * implementations are safe to use.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngEncoder() {
    }

    /** PNG file bytes of {@code image}'s RGB (alpha, if any, is dropped). */
    static byte[] encode(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int stride = 3 * w;
        byte[] raw = new byte[h * (stride + 1)];   // per row: filter type byte, then R G B per pixel
        byte[] prev = new byte[stride];
        byte[] cur = new byte[stride];
        byte[][] candidates = new byte[5][stride];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                cur[3 * x] = (byte) (argb[x] >> 16);
                cur[3 * x + 1] = (byte) (argb[x] >> 8);
                cur[3 * x + 2] = (byte) argb[x];
            }
            int best = chooseFilter(cur, prev, candidates);
            int o = y * (stride + 1);
            raw[o] = (byte) best;
            System.arraycopy(candidates[best], 0, raw, o + 1, stride);
            byte[] t = prev;
            prev = cur;
            cur = t;
        }

        byte[] deflated = DeflateEncoder.deflate(raw);
        Adler32 adler = new Adler32();
        adler.update(raw);
        ByteArrayOutputStream zlib = new ByteArrayOutputStream(deflated.length + 6);
        zlib.write(0x78);   // deflate, 32 KiB window
        zlib.write(0x9C);   // check bits for the header above, default level
        zlib.writeBytes(deflated);
        writeInt(zlib, (int) adler.getValue());

        ByteArrayOutputStream png = new ByteArrayOutputStream(deflated.length + 64);
        png.writeBytes(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream(13);
        writeInt(ihdr, w);
        writeInt(ihdr, h);
        ihdr.write(8);   // bit depth
        ihdr.write(2);   // colour type: truecolour RGB
        ihdr.write(0);   // compression
        ihdr.write(0);   // filter method
        ihdr.write(0);   // no interlace
        chunk(png, "IHDR", ihdr.toByteArray());
        chunk(png, "IDAT", zlib.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    /** Tries all five PNG filters on a row and returns the one with the smallest sum of |signed residual|. */
    private static int chooseFilter(byte[] cur, byte[] prev, byte[][] out) {
        int n = cur.length;
        long bestScore = Long.MAX_VALUE;
        int best = 0;
        for (int f = 0; f < 5; f++) {
            byte[] o = out[f];
            long score = 0;
            for (int i = 0; i < n; i++) {
                int a = i >= 3 ? cur[i - 3] & 0xFF : 0;
                int b = prev[i] & 0xFF;
                int c = i >= 3 ? prev[i - 3] & 0xFF : 0;
                int predictor = switch (f) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) >>> 1;
                    default -> paeth(a, b, c);
                };
                byte r = (byte) ((cur[i] & 0xFF) - predictor);
                o[i] = r;
                score += Math.abs((int) r);
            }
            if (score < bestScore) {
                bestScore = score;
                best = f;
            }
        }
        return best;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(png, data.length);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(png, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
