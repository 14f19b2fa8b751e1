package io.latentpatch.alignment;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the primitives of dlib's {@code serialize()} format (dlib/serialize.h): integers are a control
 * byte (bit 7: negative, bits 0–3: number of little-endian magnitude bytes that follow; bits 4–6 are
 * always zero) then the bytes; a float is two such integers, mantissa (int64) and exponent (int16),
 * value = mantissa × 2^exponent, with exponents 32000/32001/32002 meaning +inf/−inf/NaN.
 */
final class DlibInput implements AutoCloseable {
    private static final int IS_INF = 32000;
    private static final int IS_NINF = 32001;
    private static final int IS_NAN = 32002;

    private final InputStream in;
    private final String source;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private long consumed;

    DlibInput(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Bytes read so far (for error messages). */
    long offset() {
        return consumed - (limit - pos);
    }

    private int nextByte() throws IOException {
        if (pos == limit) {
            limit = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                throw new EOFException(source + " ends early at byte " + consumed + ": not a complete dlib shape predictor");
            }
            consumed += limit;
        }
        return buffer[pos++] & 0xff;
    }

    /** True when nothing is left. */
    boolean atEnd() throws IOException {
        if (pos < limit) return false;
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
            limit = 0;
            return true;
        }
        consumed += limit;
        return false;
    }

    /** A signed integer of at most {@code maxBytes} magnitude bytes. */
    long readSigned(int maxBytes, String what) throws IOException {
        long at = offset();
        int control = nextByte();
        int size = control & 0x0f;
        if ((control & 0x70) != 0 || size == 0 || size > maxBytes) {
            throw corrupt(what, at, String.format("control byte 0x%02x", control));
        }
        long magnitude = 0;
        for (int i = 0; i < size; i++) magnitude |= (long) nextByte() << (8 * i);
        return (control & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** An unsigned integer (dlib's {@code unsigned long}) that must fit an int (sizes and indices). */
    int readIndex(String what) throws IOException {
        long at = offset();
        long v = readSigned(8, what);
        if (v < 0 || v > Integer.MAX_VALUE) throw corrupt(what, at, "value " + v);
        return (int) v;
    }

    /** A dlib {@code int}. */
    int readInt(String what) throws IOException {
        return Math.toIntExact(readSigned(4, what));
    }

    /** A float as dlib stores it: (mantissa int64, exponent int16). */
    float readFloat(String what) throws IOException {
        long mantissa = readSigned(8, what + " mantissa");
        int exponent = (int) readSigned(2, what + " exponent");
        return switch (exponent) {
            case IS_INF -> Float.POSITIVE_INFINITY;
            case IS_NINF -> Float.NEGATIVE_INFINITY;
            case IS_NAN -> Float.NaN;
            default -> (float) Math.scalb((double) mantissa, exponent);
        };
    }

    /**
     * A {@code matrix<float,0,1>}: rows and columns (written negated by current dlib, positive by old
     * versions), then the values row by row.
     */
    float[] readColumn(String what) throws IOException {
        long at = offset();
        long rows = Math.abs(readSigned(8, what + " rows"));
        long cols = Math.abs(readSigned(8, what + " columns"));
        if (Math.min(rows, cols) != 1 && rows * cols != 0 || rows * cols > 1_000_000) {
            throw corrupt(what, at, rows + "x" + cols + " is not a column vector");
        }
        float[] v = new float[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) v[i] = readFloat(what);
        return v;
    }

    IOException corrupt(String what, long at, String detail) {
        return new IOException(source + ": unexpected " + detail + " reading " + what + " at byte " + at
                + "; is this a dlib shape_predictor .dat file?");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
