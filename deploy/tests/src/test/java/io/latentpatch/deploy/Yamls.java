package io.latentpatch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML documents as plain maps and lists (SnakeYAML: anchors, aliases and merge keys resolved). */
final class Yamls {
    private Yamls() {
    }

    static List<Map<String, Object>> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return documents(r);
        }
    }

    static List<Map<String, Object>> parse(String text) {
        return documents(new StringReader(text));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Reader r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(r)) {
            if (doc instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        }
        return out;
    }

    /** The value at {@code path} (map keys, or list indexes as numbers), or null. */
    static Object at(Object node, Object... path) {
        Object cur = node;
        for (Object step : path) {
            if (cur instanceof Map<?, ?> m) cur = m.get(step);
            else if (cur instanceof List<?> l && step instanceof Integer i) cur = i < l.size() ? l.get(i) : null;
            else return null;
        }
        return cur;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        Object v = at(node, path);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, Object... path) {
        Object v = at(node, path);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String string(Object node, Object... path) {
        Object v = at(node, path);
        return v == null ? null : String.valueOf(v);
    }
}
