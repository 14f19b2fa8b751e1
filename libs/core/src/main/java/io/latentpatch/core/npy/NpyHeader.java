package io.latentpatch.core.npy;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of a {@code .npy} file: the Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}, written exactly as NumPy writes it and
 * parsed leniently enough for any NumPy version (either quote style, keys in any order, {@code 3L} extents).
 */
final class NpyHeader {
    /** NumPy reserves room for this many digits of the first extent so files can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** NumPy aligns the data start to this many bytes. */
    private static final int ALIGN = 64;
    /** Refuse absurd header lengths from corrupt files before allocating (NumPy's own default limit is 10 000). */
    static final int MAX_HEADER_BYTES = 1 << 20;

    static final String SUPPORTED = "'<f4', '>f4', '<i4', '>i4', '<f8', '>f8', '<i8', '>i8'";

    final char kind;
    final int itemSize;
    final ByteOrder order;
    final String descr;
    final int[] shape;

    private NpyHeader(String descr, int[] shape) throws NpyFormatException {
        this.descr = descr;
        this.shape = shape;
        if (descr.length() != 3 || (descr.charAt(0) != '<' && descr.charAt(0) != '>')
                || (descr.charAt(1) != 'f' && descr.charAt(1) != 'i')
                || (descr.charAt(2) != '4' && descr.charAt(2) != '8')) {
            throw new NpyFormatException("unsupported .npy dtype '" + descr + "'; supported: " + SUPPORTED
                    + " (convert with a.astype(np.float32) or a.astype(np.int32))");
        }
        this.order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        this.kind = descr.charAt(1);
        this.itemSize = descr.charAt(2) - '0';
    }

    /** Magic, version, header length and padded header for a C-order little-endian array, as NumPy writes it. */
    static byte[] encode(String descr, int[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(NpyArray.shapeString(shape)).append(", }");
        if (shape.length > 0) dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        int major = 1;
        int prefix = 10;
        if (paddedLength(dict.length(), prefix) > 0xFFFF) { // only for absurd ranks: NumPy switches to 2.0 too
            major = 2;
            prefix = 12;
        }
        int total = paddedLength(dict.length(), prefix);
        byte[] out = new byte[prefix + total];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = (byte) major;
        out[7] = 0;
        for (int i = 0; i < prefix - 8; i++) out[8 + i] = (byte) (total >>> (8 * i));
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, out, prefix, text.length);
        for (int i = prefix + text.length; i < out.length - 1; i++) out[i] = ' ';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Header length after space padding and the final newline so that prefix + header is a multiple of 64. */
    private static int paddedLength(int dictLength, int prefix) {
        int withNewline = dictLength + 1;
        return withNewline + ALIGN - ((prefix + withNewline) % ALIGN);
    }

    static NpyHeader parse(String text) throws NpyFormatException {
        return new Parser(text).header();
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        NpyHeader header() throws NpyFormatException {
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            skipWs();
            expect('{');
            while (true) {
                skipWs();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                String key = string();
                skipWs();
                expect(':');
                skipWs();
                switch (key) {
                    case "descr" -> {
                        if (descr != null) throw fail("duplicate key 'descr'");
                        if (peek() == '[') {
                            throw new NpyFormatException("structured .npy arrays (descr is a list of fields) are not"
                                    + " supported; save a plain array with one of " + SUPPORTED);
                        }
                        descr = string();
                    }
                    case "fortran_order" -> {
                        if (fortran != null) throw fail("duplicate key 'fortran_order'");
                        fortran = bool();
                    }
                    case "shape" -> {
                        if (shape != null) throw fail("duplicate key 'shape'");
                        shape = tuple();
                    }
                    default -> throw fail("unexpected key '" + key + "' (a .npy header has descr, fortran_order, shape)");
                }
                skipWs();
                if (peek() == ',') {
                    pos++;
                } else if (peek() == '}') {
                    pos++;
                    break;
                } else {
                    throw fail("expected ',' or '}'");
                }
            }
            skipWs();
            if (pos < text.length()) throw fail("unexpected text after the dictionary");
            if (descr == null || fortran == null || shape == null) {
                throw new NpyFormatException("bad .npy header " + quoted() + ": it must have the keys descr, "
                        + "fortran_order and shape");
            }
            if (fortran) {
                throw new NpyFormatException("Fortran-order (column-major) .npy arrays are not supported; save a "
                        + "C-order array, e.g. np.save(path, np.ascontiguousarray(a))");
            }
            return new NpyHeader(descr, shape);
        }

        private String string() throws NpyFormatException {
            char q = peek();
            if (q != '\'' && q != '"') throw fail("expected a quoted string");
            int end = text.indexOf(q, pos + 1);
            if (end < 0) throw fail("unterminated string");
            String s = text.substring(pos + 1, end);
            if (s.indexOf('\\') >= 0) throw fail("escape sequences are not expected in a .npy header");
            pos = end + 1;
            return s;
        }

        private boolean bool() throws NpyFormatException {
            if (text.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw fail("expected True or False");
        }

        private int[] tuple() throws NpyFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            skipWs();
            while (peek() != ')') {
                dims.add(extent());
                skipWs();
                if (peek() == ',') {
                    pos++;
                    skipWs();
                } else if (peek() != ')') {
                    throw fail("expected ',' or ')' in the shape");
                }
            }
            pos++;
            int[] shape = new int[dims.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
            return shape;
        }

        private int extent() throws NpyFormatException {
            int start = pos;
            long v = 0;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                v = v * 10 + (text.charAt(pos) - '0');
                if (v > Integer.MAX_VALUE) throw fail("shape extent too large for Java arrays");
                pos++;
            }
            if (pos == start) throw fail("expected a non-negative integer in the shape");
            if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) pos++; // Python 2 long
            return (int) v;
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) throw fail("expected '" + c + "'");
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipWs() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) pos++;
        }

        private NpyFormatException fail(String what) {
            return new NpyFormatException("bad .npy header " + quoted() + ": " + what + " at character " + pos);
        }

        private String quoted() {
            String t = text.strip();
            return t.length() > 200 ? t.substring(0, 200) + "..." : t;
        }
    }
}
