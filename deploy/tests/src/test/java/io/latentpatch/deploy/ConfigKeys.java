package io.latentpatch.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.nio.file.Path;

/**
 * The configuration keys one service really reads: every {@code @ConfigMapping} interface in its packaged
 * jars (ours and Quarkus's runtime ones), walked by reflection the way SmallRye Config names keys (kebab-case
 * method names, {@code @WithName}, {@code @WithParentName}, groups, maps as {@code *}), plus the keys of its
 * application.properties. An environment variable is a key when it is MicroProfile Config's env form of one
 * (every character outside {@code [A-Za-z0-9]} becomes {@code _}, then upper case).
 */
final class ConfigKeys {
    private static final byte[] MAPPING_DESCRIPTOR = "Lio/smallrye/config/ConfigMapping;".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 12;

    private final Set<String> keys;
    private final List<Pattern> envPatterns = new ArrayList<>();

    ConfigKeys(Collection<String> keys) {
        this.keys = new TreeSet<>(keys);
        for (String key : this.keys) envPatterns.add(envPattern(key));
    }

    /** Keys of the mappings found in {@code jars} (loaded through {@code loader}) plus {@code extra}. */
    static ConfigKeys scan(List<Path> jars, URLClassLoader loader, Collection<String> extra) throws IOException {
        Set<String> keys = new TreeSet<>(extra);
        Class<? extends Annotation> mapping = annotation(loader, "io.smallrye.config.ConfigMapping");
        Class<? extends Annotation> withName = annotation(loader, "io.smallrye.config.WithName");
        Class<? extends Annotation> withParentName = annotation(loader, "io.smallrye.config.WithParentName");
        Walker walker = new Walker(keys, withName, withParentName);
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (!e.getName().endsWith(".class") || e.getName().contains("META-INF")) continue;
                    byte[] bytes;
                    try (InputStream in = file.getInputStream(e)) {
                        bytes = in.readAllBytes();
                    }
                    if (!contains(bytes, MAPPING_DESCRIPTOR)) continue;
                    String name = e.getName().substring(0, e.getName().length() - ".class".length()).replace('/', '.');
                    Class<?> type;
                    try {
                        type = Class.forName(name, false, loader);
                    } catch (ClassNotFoundException | LinkageError ex) {
                        continue; // a class of an optional dependency: not a mapping this service can use
                    }
                    Annotation a = type.getAnnotation(mapping);
                    if (a == null || !type.isInterface()) continue;
                    walker.walk(type, (String) attribute(a, "prefix"), String.valueOf(attribute(a, "namingStrategy")), 0);
                }
            }
        }
        return new ConfigKeys(keys);
    }

    /** The env form MicroProfile Config maps to {@code key}. */
    static String envForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** True when {@code env} is the env form of one of these keys ({@code *} matching any name). */
    boolean acceptsEnv(String env) {
        for (Pattern p : envPatterns) {
            if (p.matcher(env).matches()) return true;
        }
        return false;
    }

    boolean contains(String key) {
        return keys.contains(key);
    }

    Set<String> keys() {
        return keys;
    }

    private static Pattern envPattern(String key) {
        StringBuilder regex = new StringBuilder();
        String[] parts = key.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) regex.append("[A-Z0-9_]+");
            regex.append(Pattern.quote(envForm(parts[i])));
        }
        return Pattern.compile(regex.toString());
    }

    /** SmallRye Config's kebab-case of a method name: {@code intraOpThreads} → {@code intra-op-threads}. */
    static String kebab(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
                boolean beforeLower = i > 0 && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
                        && Character.isUpperCase(name.charAt(i - 1));
                if (afterLower || beforeLower) b.append('-');
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private record Walker(Set<String> keys, Class<? extends Annotation> withName, Class<? extends Annotation> withParentName) {
        void walk(Class<?> type, String prefix, String naming, int depth) {
            if (depth > MAX_DEPTH) return;
            Method[] methods;
            try {
                methods = type.getMethods();
            } catch (LinkageError | TypeNotPresentException e) {
                return;
            }
            for (Method m : methods) {
                if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                        || m.getDeclaringClass() == Object.class || m.getName().equals("toString")) continue;
                String segment;
                if (m.isAnnotationPresent(withParentName)) {
                    segment = null;
                } else if (m.isAnnotationPresent(withName)) {
                    segment = (String) attribute(m.getAnnotation(withName), "value");
                } else {
                    segment = switch (naming) {
                        case "VERBATIM" -> m.getName();
                        case "SNAKE_CASE" -> kebab(m.getName()).replace('-', '_');
                        default -> kebab(m.getName());
                    };
                }
                String key = segment == null ? prefix : prefix.isEmpty() ? segment : prefix + "." + segment;
                Type returned;
                try {
                    returned = m.getGenericReturnType();
                } catch (LinkageError | TypeNotPresentException | java.lang.reflect.MalformedParameterizedTypeException e) {
                    keys.add(key);
                    continue;
                }
                value(key, returned, naming, depth);
            }
        }

        private void value(String key, Type t, String naming, int depth) {
            Class<?> raw = raw(t);
            if (raw == Optional.class || raw == List.class || raw == Set.class) {
                Type arg = argument(t, 0);
                Class<?> element = raw(arg);
                if (raw != Optional.class && isGroup(element)) {
                    walk(element, key + "[*]", naming, depth + 1);
                    return;
                }
                value(key, arg, naming, depth);
                return;
            }
            if (raw == java.util.Map.class) {
                keys.add(key + ".*");
                Type v = argument(t, 1);
                if (isGroup(raw(v))) walk(raw(v), key + ".*", naming, depth + 1);
                keys.add(key); // @WithUnnamedKey or a whole-map default
                return;
            }
            if (isGroup(raw)) {
                walk(raw, key, naming, depth + 1);
            } else {
                keys.add(key);
            }
        }

        private static boolean isGroup(Class<?> c) {
            return c != null && c.isInterface() && !c.isAnnotation() && !c.getName().startsWith("java.");
        }

        private static Class<?> raw(Type t) {
            if (t instanceof Class<?> c) return c;
            if (t instanceof ParameterizedType p) return (Class<?>) p.getRawType();
            return Object.class;
        }

        private static Type argument(Type t, int i) {
            return t instanceof ParameterizedType p && p.getActualTypeArguments().length > i ? p.getActualTypeArguments()[i] : Object.class;
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> annotation(ClassLoader loader, String name) {
        try {
            return (Class<? extends Annotation>) Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is not in the packaged app", e);
        }
    }

    private static Object attribute(Annotation a, String name) {
        try {
            return a.annotationType().getMethod(name).invoke(a);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + name + " of " + a, e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }
}
