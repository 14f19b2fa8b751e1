package io.latentpatch.core.labels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader for label files, so the core needs no library.
 *
 * <p>Produces {@code Map<String, Object>} (insertion order; duplicate keys are an error), {@code List<Object>},
 * {@code String}, {@code Boolean}, {@link Num} (the number's text as written) and {@code null}. No comments,
 * trailing commas, single quotes or NaN. Errors give line and column.
 */
final class StrictJson {
    private static final int MAX_DEPTH = 64;

    /** A JSON number, kept as written (e.g. {@code 1}, {@code -2.5e3}). */
    record Num(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final String text;
    private int pos;
    private int depth;

    private StrictJson(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        StrictJson p = new StrictJson(text);
        if (text.startsWith("\uFEFF")) p.pos = 1; // tolerate a UTF-8 byte-order mark
        p.skipWs();
        Object value = p.value();
        p.skipWs();
        if (p.pos < text.length()) throw p.fail("unexpected text after the JSON value");
        return value;
    }

    private Object value() {
        char c = peek();
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw fail(pos >= text.length() ? "unexpected end of input" : "unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWs();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWs();
            if (peek() != '"') throw fail("expected a quoted key");
            int keyPos = pos;
            String key = string();
            skipWs();
            expect(':');
            skipWs();
            Object v = value();
            if (map.containsKey(key)) {
                pos = keyPos;
                throw fail("duplicate key \"" + key + "\"");
            }
            map.put(key, v);
            skipWs();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                depth--;
                return map;
            } else {
                throw fail("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWs();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWs();
            list.add(value());
            skipWs();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                depth--;
                return list;
            } else {
                throw fail("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw fail("unterminated string");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) {
                pos--;
                throw fail("control character in string (escape it)");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw fail("unterminated string");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) throw fail("incomplete \\u escape");
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(text.charAt(pos + i), 16);
                        if (d < 0) throw fail("bad \\u escape");
                        code = code * 16 + d;
                    }
                    pos += 4;
                    sb.append((char) code);
                }
                default -> {
                    pos--;
                    throw fail("bad escape '\\" + e + "'");
                }
            }
        }
    }

    private Num number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (peek() >= '1' && peek() <= '9') {
            while (isDigit(peek())) pos++;
        } else {
            throw fail("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) throw fail("bad number: digits expected after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw fail("bad number: digits expected in the exponent");
            while (isDigit(peek())) pos++;
        }
        return new Num(text.substring(start, pos));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw fail("unexpected token (expected " + word + ")");
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw fail("nesting deeper than " + MAX_DEPTH);
    }

    private void expect(char c) {
        if (peek() != c) throw fail("expected '" + c + "'");
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWs() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private IllegalArgumentException fail(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new IllegalArgumentException("invalid JSON at line " + line + ", column " + col + ": " + what);
    }
}
