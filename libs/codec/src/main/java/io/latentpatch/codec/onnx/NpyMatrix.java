package io.latentpatch.codec.onnx;

import io.latentpatch.codec.CodecException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 2-D float32 matrix read from a NumPy {@code .npy} file (format versions 1, 2 and 3), used for
 * VQ codebooks. Only little-endian float32 ({@code '<f4'}) in C order is accepted.
 *
 * <p>Layout: {@code data[r * cols + c]}, row-major.
 */
public record NpyMatrix(int rows, int cols, float[] data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    public NpyMatrix {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(rows + "x" + cols + " matrix needs " + (long) rows * cols
                    + " floats, got " + data.length);
        }
    }

    /**
     * Reads a {@code [rows, cols]} float32 matrix.
     *
     * @throws CodecException naming the file and what differs from the accepted format
     */
    public static NpyMatrix read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CodecException("cannot read " + file + ": " + e, e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses the bytes of a {@code .npy} file; {@code source} names it in messages. */
    public static NpyMatrix parse(byte[] bytes, String source) {
        if (bytes.length < 10) {
            throw new CodecException(source + " is not a .npy file: only " + bytes.length + " bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CodecException(source + " is not a .npy file: it does not start with \\x93NUMPY");
            }
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        switch (major) {
            case 1 -> {
                headerLen = buf.getShort(8) & 0xffff;
                headerStart = 10;
            }
            case 2, 3 -> {
                if (bytes.length < 12) {
                    throw new CodecException(source + " is truncated inside its .npy header");
                }
                headerLen = buf.getInt(8) & 0xffffffffL;
                headerStart = 12;
            }
            default -> throw new CodecException(source + " has .npy format version " + major
                    + "; versions 1 to 3 are supported");
        }
        if (headerStart + headerLen > bytes.length) {
            throw new CodecException(source + " is truncated: its .npy header claims " + headerLen
                    + " bytes but the file has " + (bytes.length - headerStart) + " after the preamble");
        }
        String header = new String(bytes, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, "descr", source);
        if (!descr.equals("<f4")) {
            throw new CodecException(source + " holds dtype '" + descr + "' but a codebook must be little-endian"
                    + " float32 ('<f4'); save it with numpy.asarray(x, dtype='<f4')");
        }
        if (find(FORTRAN, header, "fortran_order", source).equals("True")) {
            throw new CodecException(source + " is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        String[] dims = find(SHAPE, header, "shape", source).split(",");
        long[] shape = new long[dims.length];
        int rank = 0;
        for (String d : dims) {
            if (!d.isBlank()) {
                try {
                    shape[rank++] = Long.parseLong(d.trim());
                } catch (NumberFormatException e) {
                    throw new CodecException(source + " has an unreadable shape in its .npy header: " + header.trim());
                }
            }
        }
        if (rank != 2) {
            throw new CodecException(source + " has " + rank + " dimensions but a codebook must be 2-D [K, L]");
        }
        long rows = shape[0];
        long cols = shape[1];
        long count = rows * cols;
        long dataStart = headerStart + headerLen;
        if (rows < 1 || cols < 1 || count > Integer.MAX_VALUE) {
            throw new CodecException(source + " has shape [" + rows + ", " + cols + "]; expected K >= 1 and L >= 1");
        }
        if (bytes.length - dataStart != count * Float.BYTES) {
            throw new CodecException(source + " should hold " + count * Float.BYTES + " data bytes for shape ["
                    + rows + ", " + cols + "] but holds " + (bytes.length - dataStart) + ": the file is truncated or"
                    + " its header is wrong");
        }
        float[] data = new float[(int) count];
        buf.position((int) dataStart);
        buf.asFloatBuffer().get(data);
        return new NpyMatrix((int) rows, (int) cols, data);
    }

    private static String find(Pattern pattern, String header, String key, String source) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new CodecException(source + " has no '" + key + "' in its .npy header: " + header.trim());
        }
        return m.group(1);
    }
}
