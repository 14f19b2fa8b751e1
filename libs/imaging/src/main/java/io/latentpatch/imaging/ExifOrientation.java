package io.latentpatch.imaging;

/**
 * Reads the EXIF orientation tag (0x0112) from a JPEG's APP1 segment and applies it, so photos
 * taken with a turned camera come out upright.
 *
 * <p>Values 1–8 as in the EXIF/TIFF specification: 1 upright, 2 mirrored left-right, 3 turned
 * 180°, 4 mirrored top-bottom, 5 transposed, 6 needs a 90° clockwise turn, 7 transversed, 8 needs
 * a 90° anticlockwise turn. Missing or malformed EXIF data counts as 1: orientation is a hint, not
 * a reason to refuse a photo.
 */
public final class ExifOrientation {

    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation (1–8) in a JPEG file's bytes; 1 when absent or unreadable. */
    public static int read(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            return 1;
        }
        int p = 2;
        while (p + 4 <= jpeg.length) {
            if ((jpeg[p] & 0xff) != 0xFF) {
                return 1;
            }
            int marker = jpeg[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                p += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return 1; // image data starts: metadata segments come before it
            }
            int length = u16(jpeg, p + 2, false);
            int start = p + 4;
            int end = p + 2 + length;
            if (length < 2 || end > jpeg.length) {
                return 1;
            }
            if (marker == 0xE1 && end - start >= 14 && jpeg[start] == 'E' && jpeg[start + 1] == 'x'
                    && jpeg[start + 2] == 'i' && jpeg[start + 3] == 'f' && jpeg[start + 4] == 0 && jpeg[start + 5] == 0) {
                int o = fromTiff(jpeg, start + 6, end);
                if (o != 0) {
                    return o;
                }
            }
            p = end;
        }
        return 1;
    }

    /** Orientation from a TIFF structure at {@code [t, end)}: 1–8, or 0 when not found. */
    private static int fromTiff(byte[] b, int t, int end) {
        if (t + 8 > end) {
            return 0;
        }
        boolean little;
        if (b[t] == 'I' && b[t + 1] == 'I') {
            little = true;
        } else if (b[t] == 'M' && b[t + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(b, t + 2, little) != 42) {
            return 0;
        }
        long ifd = t + u32(b, t + 4, little);
        if (ifd + 2 > end) {
            return 0;
        }
        int entries = u16(b, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            long e = ifd + 2 + 12L * i;
            if (e + 12 > end) {
                return 0;
            }
            int at = (int) e;
            if (u16(b, at, little) == TAG_ORIENTATION) {
                int type = u16(b, at + 2, little);
                long value = type == 3 ? u16(b, at + 8, little) : type == 4 ? u32(b, at + 8, little) : 0;
                return value >= 1 && value <= 8 ? (int) value : 0;
            }
        }
        return 0;
    }

    /**
     * Returns the upright image for {@code orientation}; 5–8 swap width and height. An orientation
     * outside 1–8 is treated as 1.
     */
    public static RgbImage apply(RgbImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] src = image.rgb();
        int[] out = new int[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // (sx, sy): the source pixel shown at (x, y) once the image is upright.
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                out[y * ow + x] = src[sy * w + sx];
            }
        }
        return new RgbImage(ow, oh, out);
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little);
        long lo = u16(b, little ? at : at + 2, little);
        return hi << 16 | lo;
    }
}
