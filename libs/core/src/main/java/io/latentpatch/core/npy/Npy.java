package io.latentpatch.core.npy;

import io.latentpatch.core.grid.LatentGrid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Reads and writes NumPy {@code .npy} files (format spec: numpy.lib.format).
 *
 * <p><b>Writing</b> produces exactly the bytes {@code np.save} writes: format version 1.0, little-endian
 * float32 ({@code '<f4'}) or int32 ({@code '<i4'}), C order, header padded with spaces and a newline so the
 * data starts at a multiple of 64 bytes, any rank (including 0).
 *
 * <p><b>Reading</b> accepts format versions 1.0, 2.0 and 3.0, C order only, and the dtypes
 * {@code '<f4' '>f4' '<i4' '>i4'} plus, for convenience with NumPy defaults, float64 ({@code '<f8' '>f8'},
 * rounded to the nearest float32; a finite value beyond the float32 range is an error) and int64
 * ({@code '<i8' '>i8'}, an error if a value does not fit in int32). Anything else (Fortran order, other dtypes,
 * bad magic, truncated data, trailing garbage) fails with an {@link NpyFormatException} saying what was found.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK_BYTES = 1 << 16;

    private Npy() {}

    // ---- writing ----

    public static void writeFloat(Path file, int[] shape, float[] data) throws IOException {
        write(file, NpyArray.ofFloats(shape, data));
    }

    public static void writeFloat(OutputStream out, int[] shape, float[] data) throws IOException {
        write(out, NpyArray.ofFloats(shape, data));
    }

    public static void writeInt(Path file, int[] shape, int[] data) throws IOException {
        write(file, NpyArray.ofInts(shape, data));
    }

    public static void writeInt(OutputStream out, int[] shape, int[] data) throws IOException {
        write(out, NpyArray.ofInts(shape, data));
    }

    /** Writes {@code grid} as a float32 {@code [L, M, M]} array. */
    public static void writeGrid(Path file, LatentGrid grid) throws IOException {
        write(file, NpyArray.of(grid));
    }

    /** Creates or replaces {@code file}. */
    public static void write(Path file, NpyArray array) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, array);
        }
    }

    /** Writes one array to {@code out}; does not close it. */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        boolean isFloat = array.type() == NpyArray.Type.FLOAT32;
        out.write(NpyHeader.encode(isFloat ? "<f4" : "<i4", array.shape()));
        int n = array.size();
        ByteBuffer buf = ByteBuffer.allocate(Math.min(CHUNK_BYTES, Math.max(4, n * 4))).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / 4;
        for (int done = 0; done < n; done += perChunk) {
            int count = Math.min(perChunk, n - done);
            buf.clear();
            if (isFloat) {
                buf.asFloatBuffer().put(array.floats(), done, count);
            } else {
                buf.asIntBuffer().put(array.ints(), done, count);
            }
            out.write(buf.array(), 0, count * 4);
        }
    }

    /** The complete {@code .npy} file for {@code array}. */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + array.size() * 4);
        try {
            write(out, array);
        } catch (IOException e) {
            throw new AssertionError("in-memory stream cannot fail", e);
        }
        return out.toByteArray();
    }

    // ---- reading ----

    /** Reads a whole file; bytes after the array's data are an error. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, true);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a complete {@code .npy} file held in memory; bytes after the array's data are an error. */
    public static NpyArray read(byte[] bytes) throws NpyFormatException {
        try {
            return read(new ByteArrayInputStream(bytes), true);
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AssertionError("in-memory stream cannot fail", e);
        }
    }

    /**
     * Reads one array from {@code in} and leaves the stream just after its data (so several arrays written
     * back to back can be read in turn); does not close the stream.
     */
    public static NpyArray read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** Reads a {@code [L, M, M]} float file as a grid. */
    public static LatentGrid readGrid(Path file) throws IOException {
        return read(file).toGrid();
    }

    static NpyArray read(InputStream in, boolean requireEnd) throws IOException {
        byte[] preamble = in.readNBytes(8);
        if (preamble.length < 8 || !startsWithMagic(preamble)) {
            if (preamble.length >= 2 && preamble[0] == 'P' && preamble[1] == 'K') {
                throw new NpyFormatException("not a .npy file: this is a zip archive (a .npz?); read it with Npz.read");
            }
            if (preamble.length < 8 && isMagicPrefix(preamble)) {
                throw new NpyFormatException("truncated .npy file: only " + preamble.length + " bytes");
            }
            throw new NpyFormatException("not a .npy file: expected the magic bytes 93 4e 55 4d 50 59 (\\x93NUMPY), got "
                    + (preamble.length == 0 ? "an empty input" : HexFormat.ofDelimiter(" ").formatHex(preamble)));
        }
        int major = preamble[6] & 0xFF;
        int minor = preamble[7] & 0xFF;
        if ((major != 1 && major != 2 && major != 3) || minor != 0) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) throw new NpyFormatException("truncated .npy file: header length missing");
        long headerLength = 0;
        for (int i = 0; i < lengthBytes; i++) headerLength |= (long) (lengthField[i] & 0xFF) << (8 * i);
        if (headerLength > NpyHeader.MAX_HEADER_BYTES) {
            throw new NpyFormatException("corrupt .npy file: header length " + headerLength + " bytes exceeds the limit of "
                    + NpyHeader.MAX_HEADER_BYTES);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) {
            throw new NpyFormatException("truncated .npy file: header should be " + headerLength + " bytes, only "
                    + headerBytes.length + " present");
        }
        NpyHeader header = NpyHeader.parse(new String(headerBytes,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        NpyArray array = readData(in, header);
        if (requireEnd) {
            int next = in.read();
            if (next != -1) {
                long extra = 1 + in.transferTo(OutputStream.nullOutputStream());
                throw new NpyFormatException("corrupt .npy file: " + extra + " unexpected bytes after the data of shape "
                        + NpyArray.shapeString(header.shape) + " '" + header.descr + "'");
            }
        }
        return array;
    }

    private static NpyArray readData(InputStream in, NpyHeader h) throws IOException {
        long count = NpyArray.elementCount(h.shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException("array of shape " + NpyArray.shapeString(h.shape)
                    + " has too many elements for one Java array");
        }
        int n = (int) count;
        boolean isFloat = h.kind == 'f';
        float[] floats = isFloat ? new float[n] : null;
        int[] ints = isFloat ? null : new int[n];
        int perChunk = CHUNK_BYTES / h.itemSize;
        byte[] chunk = new byte[(int) Math.min(CHUNK_BYTES, Math.max(1L, count * h.itemSize))];
        for (int done = 0; done < n; ) {
            int items = Math.min(perChunk, n - done);
            int want = items * h.itemSize;
            int got = in.readNBytes(chunk, 0, want);
            if (got < want) {
                throw new NpyFormatException("truncated .npy file: shape " + NpyArray.shapeString(h.shape) + " '"
                        + h.descr + "' needs " + count * h.itemSize + " data bytes, only "
                        + ((long) done * h.itemSize + got) + " present");
            }
            ByteBuffer buf = ByteBuffer.wrap(chunk, 0, want).order(h.order);
            if (isFloat && h.itemSize == 4) {
                buf.asFloatBuffer().get(floats, done, items);
            } else if (isFloat) {
                for (int i = 0; i < items; i++) {
                    double v = buf.getDouble(i * 8);
                    float f = (float) v;
                    if (Float.isInfinite(f) && !Double.isInfinite(v)) {
                        throw new NpyFormatException("float64 value " + v + " at flat index " + (done + i)
                                + " is beyond the float32 range");
                    }
                    floats[done + i] = f;
                }
            } else if (h.itemSize == 4) {
                buf.asIntBuffer().get(ints, done, items);
            } else {
                for (int i = 0; i < items; i++) {
                    long v = buf.getLong(i * 8);
                    if (v != (int) v) {
                        throw new NpyFormatException("int64 value " + v + " at flat index " + (done + i)
                                + " does not fit in int32");
                    }
                    ints[done + i] = (int) v;
                }
            }
            done += items;
        }
        return isFloat ? NpyArray.ofFloats(h.shape, floats) : NpyArray.ofInts(h.shape, ints);
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < MAGIC.length; i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }

    private static boolean isMagicPrefix(byte[] b) {
        if (b.length == 0) return false;
        for (int i = 0; i < Math.min(b.length, MAGIC.length); i++) if (b[i] != MAGIC[i]) return false;
        return true;
    }
}
