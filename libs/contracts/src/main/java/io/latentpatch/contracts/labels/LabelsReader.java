package io.latentpatch.contracts.labels;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.latentpatch.core.labels.SourceLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads labels files into the engine's {@link SourceLabels}, with Jackson (JSON, and CSV via
 * jackson-dataformat-csv). Every error is an {@link IllegalArgumentException} saying where and what.
 *
 * <p>Accepted inputs (a UTF-8 byte-order mark is ignored):
 * <ul>
 *   <li>CSV (RFC 4180 quoting, comma separated): a header row, first column the file name or index, the other
 *       columns attributes: {@code file,blond,glasses} / {@code face_0001.png,true,no}; blank lines are skipped;</li>
 *   <li>JSON object of objects: {@code {"face_0001.png": {"blond": true, "glasses": false}}};</li>
 *   <li>JSON array of objects with a {@code "file"} key (string or integer):
 *       {@code [{"file": "face_0001.png", "blond": true}]}.</li>
 * </ul>
 * JSON is strict (RFC 8259: no comments, trailing commas, single quotes or NaN; a key given twice in one object
 * is an error); attribute values are strings, booleans or numbers (kept as written, e.g. {@code 1.50}), or
 * {@code null} for "no value".
 */
public final class LabelsReader {
    private static final int MAX_DEPTH = 64;
    // A bare streaming factory, not a mapper: the reader reports duplicate keys and depth in its own words.
    private static final JsonFactory JSON = JsonFactory.builder().build();
    // CSV is another format: its own (Jackson) mapper, configured once here.
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES) // outside quotes only, so " \"a,b\" " is the field a,b
            .build();

    private LabelsReader() {}

    /** Reads a {@code .csv} or {@code .json} file (other extensions: detected from the first character). */
    public static SourceLabels read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".csv")) return fromCsv(text);
            if (name.endsWith(".json")) return fromJson(text);
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** JSON when the first non-blank character is {@code {} or {@code [}, CSV otherwise. */
    public static SourceLabels parse(String text) {
        String t = withoutBom(text).stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? fromJson(text) : fromCsv(text);
    }

    public static SourceLabels fromCsv(String text) {
        List<Row> rows = csvRows(withoutBom(text));
        if (rows.isEmpty()) throw new IllegalArgumentException("label CSV is empty; expected a header row like file,blond,glasses");
        List<String> header = rows.get(0).fields();
        if (header.size() < 2) {
            throw new IllegalArgumentException("label CSV header " + header + " has no attribute columns; expected e.g. file,blond,glasses");
        }
        for (int c = 1; c < header.size(); c++) {
            String name = header.get(c).strip();
            if (name.isEmpty()) throw new IllegalArgumentException("label CSV header column " + (c + 1) + " has no name");
            for (int d = 1; d < c; d++) {
                if (header.get(d).strip().equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("label CSV header names attribute '" + name + "' twice");
                }
            }
        }
        SourceLabels.Builder b = SourceLabels.builder();
        for (Row r : rows.subList(1, rows.size())) {
            List<String> row = r.fields();
            if (row.isEmpty() || (row.size() == 1 && row.get(0).isBlank())) continue;
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("label CSV line " + r.line() + " has " + row.size() + " fields, the header has "
                        + header.size());
            }
            String key = row.get(0).strip();
            if (key.isEmpty()) throw new IllegalArgumentException("label CSV line " + r.line() + " has an empty file name");
            SourceLabels.Builder.Entry entry = b.entry(key, "label CSV line " + r.line());
            for (int c = 1; c < row.size(); c++) entry.put(header.get(c).strip(), row.get(c));
        }
        return b.build();
    }

    public static SourceLabels fromJson(String text) {
        Object root = jsonTree(text);
        SourceLabels.Builder b = SourceLabels.builder();
        if (root instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = (String) e.getKey();
                if (!(e.getValue() instanceof Map<?, ?> attrs)) {
                    throw new IllegalArgumentException("labels of \"" + key + "\" must be a JSON object like {\"blond\": true}, got "
                            + describe(e.getValue()));
                }
                SourceLabels.Builder.Entry entry = b.entry(key, "key \"" + key + "\"");
                for (Map.Entry<?, ?> a : attrs.entrySet()) entry.put((String) a.getKey(), scalar(key, a));
            }
        } else if (root instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> attrs)) {
                    throw new IllegalArgumentException("label array element " + i + " must be a JSON object with a \"file\" key, got "
                            + describe(list.get(i)));
                }
                Object file = attrs.get("file");
                if (!(file instanceof String) && !(file instanceof Num)) {
                    throw new IllegalArgumentException("label array element " + i + " needs a \"file\" key holding a file name or index");
                }
                String key = file.toString().strip();
                SourceLabels.Builder.Entry entry = b.entry(key, "label array element " + i);
                for (Map.Entry<?, ?> a : attrs.entrySet()) {
                    if (!a.getKey().equals("file")) entry.put((String) a.getKey(), scalar(key, a));
                }
            }
        } else {
            throw new IllegalArgumentException("labels JSON must be an object keyed by file name or an array of objects with a"
                    + " \"file\" key, got " + describe(root));
        }
        return b.build();
    }

    private static String scalar(String key, Map.Entry<?, ?> attribute) {
        Object v = attribute.getValue();
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Num) {
            return v == null ? null : v.toString();
        }
        throw new IllegalArgumentException("attribute \"" + attribute.getKey() + "\" of \"" + key
                + "\" must be a string, number or boolean, got " + describe(v));
    }

    private static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof Map) return "an object";
        if (v instanceof List) return "an array";
        if (v instanceof String s) return "the string \"" + s + "\"";
        return v.toString();
    }

    /** The BOM is replaced by a space, not removed, so error columns count it as before. */
    private static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? " " + text.substring(1) : text;
    }

    // ---- CSV ----

    /** One record and the line it starts on (1-based). */
    private record Row(int line, List<String> fields) {}

    private static List<Row> csvRows(String text) {
        List<Row> rows = new ArrayList<>();
        int line = 1;
        try (JsonParser p = CSV.getFactory().createParser(text)) {
            ((CsvParser) p).setSchema(CsvSchema.emptySchema());
            JsonToken t = p.nextToken(); // START_ARRAY around the whole file (WRAP_AS_ARRAY)
            while (t != null && (t = p.nextToken()) == JsonToken.START_ARRAY) {
                line = lineOf(p.currentLocation()); // where the reader stands: the row's first line
                List<String> fields = new ArrayList<>();
                while ((t = p.nextToken()) == JsonToken.VALUE_STRING) fields.add(p.getText());
                rows.add(new Row(line, List.copyOf(fields)));
            }
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage();
            if (what.startsWith("Missing closing quote")) {
                throw new IllegalArgumentException("CSV line " + line + ": unterminated quoted field", e);
            }
            int at = lineOf(e.getLocation());
            if (what.contains("Expected column separator character")) {
                throw new IllegalArgumentException("CSV line " + at + ": unexpected text after a closing quote", e);
            }
            throw new IllegalArgumentException("CSV line " + at + ": " + firstLine(what), e);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory text cannot fail to read", e);
        }
        return rows;
    }

    private static int lineOf(JsonLocation location) {
        return Math.max(1, location.getLineNr());
    }

    // ---- JSON ----

    /** A JSON number, kept as written (e.g. {@code 1}, {@code -2.5e3}). */
    private record Num(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The document as {@code Map<String, Object>} (insertion order), {@code List<Object>}, {@code String},
     * {@code Boolean}, {@link Num} and {@code null}. Errors give line and column.
     */
    private static Object jsonTree(String text) {
        try (JsonParser p = JSON.createParser(withoutBom(text))) {
            if (p.nextToken() == null) throw fail(p.currentLocation(), "unexpected end of input");
            Object value = jsonValue(p, 0);
            if (p.nextToken() != null) throw fail(p.currentTokenLocation(), "unexpected text after the JSON value");
            return value;
        } catch (JsonEOFException e) {
            throw fail(e.getLocation(), "unexpected end of input");
        } catch (JsonProcessingException e) {
            throw fail(e.getLocation(), firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory text cannot fail to read", e);
        }
    }

    private static Object jsonValue(JsonParser p, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth == MAX_DEPTH) {
            throw fail(p.currentTokenLocation(), "nesting deeper than " + MAX_DEPTH);
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation keyAt = p.currentTokenLocation();
                    p.nextToken();
                    Object v = jsonValue(p, depth + 1);
                    if (map.containsKey(key)) throw fail(keyAt, "duplicate key \"" + key + "\"");
                    map.put(key, v);
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) list.add(jsonValue(p, depth + 1));
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Num(p.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw fail(p.currentTokenLocation(), "unexpected token " + t);
        }
    }

    private static IllegalArgumentException fail(JsonLocation at, String what) {
        return new IllegalArgumentException("invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
