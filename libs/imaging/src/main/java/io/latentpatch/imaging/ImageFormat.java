package io.latentpatch.imaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The encoded formats {@link ImageLoader} accepts, recognised by their leading bytes (magic numbers). */
public enum ImageFormat {
    PNG("png"), JPEG("jpeg");

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name. */
    public String imageIoName() {
        return imageIoName;
    }

    /** PNG ({@code 89 50 4E 47 0D 0A 1A 0A}) or JPEG ({@code FF D8 FF}), else empty. */
    public static Optional<ImageFormat> detect(byte[] bytes) {
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        return Optional.empty();
    }

    /** A short description of what an unaccepted file seems to be, for messages. */
    public static String describe(byte[] bytes) {
        if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
            return "a GIF image";
        }
        if (startsWith(bytes, 0, 'B', 'M')) {
            return "a BMP image";
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return "a WebP image";
        }
        if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0) || startsWith(bytes, 0, 'M', 'M', 0, 0x2A)) {
            return "a TIFF image";
        }
        if (startsWith(bytes, 4, 'f', 't', 'y', 'p')) {
            return "an HEIF/AVIF/MP4 file";
        }
        if (startsWith(bytes, 0, '%', 'P', 'D', 'F')) {
            return "a PDF document";
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G')) {
            return "a damaged PNG (its 8-byte signature is wrong)";
        }
        int n = Math.min(bytes.length, 64);
        boolean text = n > 0;
        for (int i = 0; i < n && text; i++) {
            int b = bytes[i] & 0xff;
            text = b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b < 0x7f) || b >= 0x80;
        }
        if (text) {
            String head = new String(bytes, 0, Math.min(n, 24), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return "text, not an image (it starts \"" + head + "\")";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
            hex.append(String.format("%02X ", bytes[i] & 0xff));
        }
        return "an unrecognised format (first bytes " + hex.toString().trim() + ")";
    }

    private static boolean startsWith(byte[] bytes, int offset, int... expected) {
        if (bytes.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((bytes[offset + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
