package io.latentpatch.core.labels;

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
 * Per-image labels (attributes such as {@code blond}, {@code glasses}) for attribute-constrained generation: the
 * in-memory table the engine filters on.
 *
 * <p>Keyed by file name or index; each entry maps attribute names to raw string values ({@code "true"},
 * {@code "yes"}, {@code "brown"}, ...). Attribute names are case-insensitive (the first spelling seen is the one
 * reported); values are kept as written, trimmed; empty values and {@code null} mean "no value". Label files
 * (CSV, JSON) are parsed outside the engine, by {@code io.latentpatch.contracts.labels.LabelsReader}, which fills
 * a {@link #builder()}.
 *
 * <p>A source is matched to an entry by {@link #keyFor(String, int)}: its full name, then its base name (after the
 * last {@code /} or {@code \}), then its base name without extension, then its index in the source list.
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
        Builder b = builder();
        labels.forEach((key, attrs) -> {
            Builder.Entry entry = b.entry(key, "key '" + key + "'");
            attrs.forEach(entry::put);
        });
        return b.build();
    }

    /** An empty builder; entries keep the order they are added in. */
    public static Builder builder() {
        return new Builder();
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

    /**
     * The key of the entry that labels source number {@code index} named {@code sourceName} (a file name or an
     * object key such as {@code sources/set/images/face.png}): the name itself, else its base name (after the last
     * {@code /} or {@code \}), else the base name without its extension, else the index as text ({@code index < 0}
     * skips that step); empty when no entry matches. The one matching rule of the project: the gateway checks
     * uploads with it and {@code generate} and the workers filter with it.
     */
    public Optional<String> keyFor(String sourceName, int index) {
        if (byKey.containsKey(sourceName)) return Optional.of(sourceName);
        String base = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        if (byKey.containsKey(base)) return Optional.of(base);
        int dot = base.lastIndexOf('.');
        if (dot > 0 && byKey.containsKey(base.substring(0, dot))) return Optional.of(base.substring(0, dot));
        String idx = Integer.toString(index);
        return index >= 0 && byKey.containsKey(idx) ? Optional.of(idx) : Optional.empty();
    }

    /** Raw entry (lower-case attribute keys) for a source, or null. */
    Map<String, String> lookup(String sourceName, int index) {
        return keyFor(sourceName, index).map(byKey::get).orElse(null);
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

    /**
     * Collects entries with the checks every labels source shares: a key is non-blank and given once, an
     * attribute name is non-blank and given once per entry (ignoring case). {@code where} names the entry in
     * messages (e.g. {@code label CSV line 3}).
     */
    public static final class Builder {
        private final Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        private final Map<String, String> names = new TreeMap<>();

        private Builder() {}

        /** Starts the entry for {@code key}; fails when the key is blank or already has an entry. */
        public Entry entry(String key, String where) {
            if (key == null || key.isBlank()) throw new IllegalArgumentException(where + ": empty file name");
            if (byKey.containsKey(key)) throw new IllegalArgumentException(where + ": labels for '" + key + "' are given twice");
            Map<String, String> values = new LinkedHashMap<>();
            byKey.put(key, values);
            return new Entry(key, values);
        }

        public SourceLabels build() {
            return new SourceLabels(byKey, names);
        }

        /** The attributes of one key. */
        public final class Entry {
            private final String key;
            private final Map<String, String> values;

            private Entry(String key, Map<String, String> values) {
                this.key = key;
                this.values = values;
            }

            /** Adds attribute {@code name}; a null or blank {@code value} means "present but no value". */
            public Entry put(String name, String value) {
                String trimmedName = name == null ? "" : name.strip();
                if (trimmedName.isEmpty()) throw new IllegalArgumentException("labels of '" + key + "' have an attribute with an empty name");
                String lower = trimmedName.toLowerCase(Locale.ROOT);
                if (values.containsKey(lower)) {
                    throw new IllegalArgumentException("labels of '" + key + "' give attribute '" + trimmedName + "' twice (names ignore case)");
                }
                names.putIfAbsent(lower, trimmedName);
                values.put(lower, value == null || value.isBlank() ? null : value.strip());
                return this;
            }
        }
    }
}
