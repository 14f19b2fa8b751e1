package io.latentpatch.core.labels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-image labels (attributes such as {@code blond}, {@code glasses}) for attribute-constrained generation.
 *
 * <p>Keyed by file name or index; each entry maps attribute names to raw string values ({@code "true"},
 * {@code "yes"}, {@code "brown"}, ...). Attribute names are case-insensitive (the first spelling seen is the one
 * reported); values are kept as written, trimmed; empty values and JSON {@code null} mean "no value".
 *
 * <p>Accepted inputs:
 * <ul>
 *   <li>CSV (RFC 4180 quoting, comma separated): a header row, first column the file name or index, the other
 *       columns attributes: {@code file,blond,glasses} / {@code face_0001.png,true,no};</li>
 *   <li>JSON object of objects: {@code {"face_0001.png": {"blond": true, "glasses": false}}};</li>
 *   <li>JSON array of objects with a {@code "file"} key (string or integer):
 *       {@code [{"file": "face_0001.png", "blond": true}]}.</li>
 * </ul>
 *
 * <p>A source is looked up by {@link #find(String, int)}: its full name, then its base name (after the last
 * {@code /}), then its base name without extension, then its index in the source list.
 */
public final class SourceLabels {
    private final Map<String, Map<String, String>> byKey; // key -> (lower-case attribute -> value)
    private final Map<String, String> attributeNames; // lower-case -> first spelling, sorted

    private SourceLabels(Map<String, Map<String, String>> byKey, Map<String, String> attributeNames) {
        this.byKey = byKey;
        this.attributeNames = attributeNames;
    }

    /** Labels from a map of key → (attribute → value); null or blank values are dropped. */
    public static SourceLabels of(Map<String, ? extends Map<String, String>> labels) {
        Builder b = new Builder();
        labels.forEach((key, attrs) -> {
            Map<String, String> entry = b.entry(key, "key '" + key + "'");
            attrs.forEach((name, value) -> b.put(entry, key, name, value));
        });
        return b.build();
    }

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
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.stripLeading();
        return t.startsWith("{") || t.startsWith("[") ? fromJson(text) : fromCsv(text);
    }

    public static SourceLabels fromCsv(String text) {
        List<Csv.Row> rows = Csv.parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
        if (rows.isEmpty()) throw new IllegalArgumentException("label CSV is empty; expected a header row like file,blond,glasses");
        List<String> header = rows.get(0).fields();
        if (header.size() < 2) {
            throw new IllegalArgumentException("label CSV header " + header + " has no attribute columns; expected e.g. file,blond,glasses");
        }
        Builder b = new Builder();
        for (int c = 1; c < header.size(); c++) {
            String name = header.get(c).strip();
            if (name.isEmpty()) throw new IllegalArgumentException("label CSV header column " + (c + 1) + " has no name");
            for (int d = 1; d < c; d++) {
                if (header.get(d).strip().equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("label CSV header names attribute '" + name + "' twice");
                }
            }
        }
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r).fields();
            int line = rows.get(r).line();
            if (row.size() == 1 && row.get(0).isBlank()) continue;
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("label CSV line " + line + " has " + row.size() + " fields, the header has "
                        + header.size());
            }
            String key = row.get(0).strip();
            if (key.isEmpty()) throw new IllegalArgumentException("label CSV line " + line + " has an empty file name");
            Map<String, String> entry = b.entry(key, "label CSV line " + line);
            for (int c = 1; c < row.size(); c++) b.put(entry, key, header.get(c).strip(), row.get(c));
        }
        return b.build();
    }

    public static SourceLabels fromJson(String text) {
        Object root = StrictJson.parse(text);
        Builder b = new Builder();
        if (root instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = (String) e.getKey();
                if (!(e.getValue() instanceof Map<?, ?> attrs)) {
                    throw new IllegalArgumentException("labels of \"" + key + "\" must be a JSON object like {\"blond\": true}, got "
                            + describe(e.getValue()));
                }
                Map<String, String> entry = b.entry(key, "key \"" + key + "\"");
                for (Map.Entry<?, ?> a : attrs.entrySet()) b.put(entry, key, (String) a.getKey(), scalar(key, a));
            }
        } else if (root instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> attrs)) {
                    throw new IllegalArgumentException("label array element " + i + " must be a JSON object with a \"file\" key, got "
                            + describe(list.get(i)));
                }
                Object file = attrs.get("file");
                if (!(file instanceof String) && !(file instanceof StrictJson.Num)) {
                    throw new IllegalArgumentException("label array element " + i + " needs a \"file\" key holding a file name or index");
                }
                String key = file.toString().strip();
                Map<String, String> entry = b.entry(key, "label array element " + i);
                for (Map.Entry<?, ?> a : attrs.entrySet()) {
                    if (!a.getKey().equals("file")) b.put(entry, key, (String) a.getKey(), scalar(key, a));
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
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof StrictJson.Num) {
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

    /** Number of labelled images. */
    public int size() {
        return byKey.size();
    }

    /** The keys (file names or indices) in input order. */
    public Set<String> keys() {
        return Collections.unmodifiableSet(byKey.keySet());
    }

    /** Attribute names, sorted case-insensitively, in the spelling first seen. */
    public List<String> attributes() {
        return List.copyOf(attributeNames.values());
    }

    /** True when some image has a column/key with this name (case-insensitive). */
    public boolean hasAttribute(String name) {
        return attributeNames.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The labels of source number {@code index} named {@code sourceName}: attribute (as spelled in
     * {@link #attributes()}) → value, only attributes that have a value; empty when the source has no entry.
     */
    public Optional<Map<String, String>> find(String sourceName, int index) {
        Map<String, String> raw = lookup(sourceName, index);
        if (raw == null) return Optional.empty();
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((lower, value) -> {
            if (value != null) out.put(attributeNames.get(lower), value);
        });
        return Optional.of(Collections.unmodifiableMap(out));
    }

    /** The value of {@code attribute} for the entry matched by {@link #find}; null when absent. */
    String value(Map<String, String> raw, String attribute) {
        return raw.get(attribute.toLowerCase(Locale.ROOT));
    }

    /** Raw entry (lower-case attribute keys) for a source, or null. */
    Map<String, String> lookup(String sourceName, int index) {
        Map<String, String> e = byKey.get(sourceName);
        if (e != null) return e;
        String base = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        e = byKey.get(base);
        if (e != null) return e;
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            e = byKey.get(base.substring(0, dot));
            if (e != null) return e;
        }
        return index >= 0 ? byKey.get(Integer.toString(index)) : null;
    }

    /** A few keys for error messages. */
    String sampleKeys() {
        List<String> some = new ArrayList<>();
        for (String k : byKey.keySet()) {
            if (some.size() == 3) {
                some.add("...");
                break;
            }
            some.add(k);
        }
        return String.join(", ", some);
    }

    private static final class Builder {
        private final Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        private final Map<String, String> names = new TreeMap<>();

        Map<String, String> entry(String key, String where) {
            if (key == null || key.isBlank()) throw new IllegalArgumentException(where + ": empty file name");
            if (byKey.containsKey(key)) throw new IllegalArgumentException(where + ": labels for '" + key + "' are given twice");
            Map<String, String> entry = new LinkedHashMap<>();
            byKey.put(key, entry);
            return entry;
        }

        void put(Map<String, String> entry, String key, String name, String value) {
            String trimmedName = name == null ? "" : name.strip();
            if (trimmedName.isEmpty()) throw new IllegalArgumentException("labels of '" + key + "' have an attribute with an empty name");
            String lower = trimmedName.toLowerCase(Locale.ROOT);
            if (entry.containsKey(lower)) {
                throw new IllegalArgumentException("labels of '" + key + "' give attribute '" + trimmedName + "' twice (names ignore case)");
            }
            names.putIfAbsent(lower, trimmedName);
            entry.put(lower, value == null || value.isBlank() ? null : value.strip()); // null: present but no value
        }

        SourceLabels build() {
            return new SourceLabels(byKey, names);
        }
    }
}
