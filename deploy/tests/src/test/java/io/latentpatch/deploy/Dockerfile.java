package io.latentpatch.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a Dockerfile: continuation lines joined, comments dropped. Enough to check it, not to build. */
record Dockerfile(Path file, List<Instruction> instructions) {
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)");

    record Instruction(String keyword, String arguments) {
        /** Whitespace-separated words, flags ({@code --chown=185}) included. */
        List<String> words() {
            return Arrays.asList(arguments.trim().split("\\s+"));
        }
    }

    /** One COPY: its flags, sources and destination. */
    record Copy(Map<String, String> flags, List<String> sources, String destination) {
    }

    static Dockerfile read(Path file) throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (pending.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) continue;
            if (!pending.isEmpty() && trimmed.startsWith("#")) continue;
            if (trimmed.endsWith("\\")) {
                pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            pending.append(trimmed);
            String full = pending.toString().strip();
            pending.setLength(0);
            int space = full.indexOf(' ');
            out.add(new Instruction(full.substring(0, space).toUpperCase(java.util.Locale.ROOT), full.substring(space + 1).strip()));
        }
        return new Dockerfile(file, List.copyOf(out));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    List<Copy> copies() {
        List<Copy> out = new ArrayList<>();
        for (Instruction i : all("COPY")) {
            Map<String, String> flags = new LinkedHashMap<>();
            List<String> rest = new ArrayList<>();
            for (String w : i.words()) {
                if (w.startsWith("--")) {
                    int eq = w.indexOf('=');
                    flags.put(w.substring(2, eq < 0 ? w.length() : eq), eq < 0 ? "" : w.substring(eq + 1));
                } else {
                    rest.add(w);
                }
            }
            out.add(new Copy(flags, List.copyOf(rest.subList(0, rest.size() - 1)), rest.getLast()));
        }
        return out;
    }

    /** ENV values of the final stage, later ones winning. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : instructions) {
            if (i.keyword().equals("FROM")) env.clear();
            if (!i.keyword().equals("ENV")) continue;
            Matcher m = ENV_PAIR.matcher(i.arguments());
            boolean any = false;
            while (m.find()) {
                any = true;
                String v = m.group(2);
                if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) v = v.substring(1, v.length() - 1);
                env.put(m.group(1), v);
            }
            if (!any) {
                String[] kv = i.arguments().split("\\s+", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    /** The last value of a single-valued instruction (USER, ENTRYPOINT, HEALTHCHECK), or null. */
    String last(String keyword) {
        List<Instruction> l = all(keyword);
        return l.isEmpty() ? null : l.getLast().arguments();
    }
}
