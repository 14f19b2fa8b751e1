package io.latentpatch.deploy;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One service as {@code package} left it ({@code <service>/target/quarkus-app}): its application.properties
 * (from the app jar, profiles stripped), HTTP port, Kafka channels, jars and the config keys it reads.
 */
final class PackagedService {
    /** Health endpoints of quarkus-smallrye-health under the default non-application root {@code /q}. */
    static final List<String> HEALTH_PATHS = List.of("/q/health/ready", "/q/health/live", "/q/health/started");

    private static final Map<String, PackagedService> CACHE = new ConcurrentHashMap<>();

    final String name;
    final Path app;
    final Properties properties;
    private volatile ConfigKeys keys;

    private PackagedService(String name) {
        this.name = name;
        this.app = Repo.path(name, "target", "quarkus-app");
        this.properties = readProperties();
    }

    /** The packaged service, or the test is skipped with a message when it has not been packaged. */
    static PackagedService of(String name) {
        Path run = Repo.path(name, "target", "quarkus-app", "quarkus-run.jar");
        assumeThat(Files.exists(run))
                .as("%s is not packaged (%s missing): run these tests with `./mvnw verify` (the reactor packages the "
                        + "services first) or `./mvnw package -DskipTests` before", name, run).isTrue();
        return CACHE.computeIfAbsent(name, PackagedService::new);
    }

    /** {@code quarkus.http.port} of the prod profile. */
    int httpPort() {
        return Integer.parseInt(property("quarkus.http.port"));
    }

    String property(String key) {
        String v = properties.getProperty(key);
        if (v == null) throw new AssertionError(name + "'s application.properties has no " + key);
        return v;
    }

    /** Incoming channels: name → {topic, group.id}. */
    Map<String, Channel> incoming() {
        Map<String, Channel> out = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic")) {
                String channel = key.substring("mp.messaging.incoming.".length(), key.length() - ".topic".length());
                if (channel.contains(".")) continue; // e.g. <channel>.dead-letter-queue.topic
                out.put(channel, new Channel(channel, properties.getProperty(key),
                        properties.getProperty("mp.messaging.incoming." + channel + ".group.id")));
            }
        }
        return out;
    }

    record Channel(String name, String topic, String groupId) {
    }

    /** True when the service packs quarkus-smallrye-health and keeps its default paths. */
    boolean servesDefaultHealthPaths() {
        return hasLibrary("io.quarkus.quarkus-smallrye-health-")
                && properties.getProperty("quarkus.smallrye-health.root-path") == null
                && properties.getProperty("quarkus.http.non-application-root-path") == null;
    }

    boolean hasLibrary(String fileNamePrefix) {
        try (Stream<Path> s = Files.list(app.resolve("lib/main"))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(fileNamePrefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every configuration key the service reads (see {@link ConfigKeys}). */
    ConfigKeys configKeys() {
        ConfigKeys k = keys;
        if (k == null) {
            synchronized (this) {
                if (keys == null) keys = scanKeys();
                k = keys;
            }
        }
        return k;
    }

    /** The {@code @WithDefault} of {@code method} of the packaged config mapping interface {@code type}, or null. */
    String mappingDefault(String type, String method) {
        try {
            List<URL> urls = new ArrayList<>();
            for (String dir : List.of("app", "lib/main", "lib/boot")) for (Path p : jars(dir)) urls.add(p.toUri().toURL());
            try (URLClassLoader loader = new URLClassLoader(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
                @SuppressWarnings("unchecked")
                Class<? extends java.lang.annotation.Annotation> withDefault =
                        (Class<? extends java.lang.annotation.Annotation>) Class.forName("io.smallrye.config.WithDefault", false, loader);
                java.lang.annotation.Annotation a = Class.forName(type, false, loader).getMethod(method).getAnnotation(withDefault);
                return a == null ? null : (String) withDefault.getMethod("value").invoke(a);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(name + ": cannot read the default of " + type + "." + method, e);
        }
    }

    private ConfigKeys scanKeys() {
        try {
            List<Path> scanned = new ArrayList<>(jars("app"));
            scanned.addAll(jars("lib/main"));
            List<Path> all = new ArrayList<>(scanned);
            all.addAll(jars("lib/boot"));
            List<URL> urls = new ArrayList<>();
            for (Path p : all) urls.add(p.toUri().toURL());
            try (URLClassLoader loader = new URLClassLoader(name, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
                List<String> fromProperties = new ArrayList<>();
                for (String key : properties.stringPropertyNames()) fromProperties.add(key);
                return ConfigKeys.scan(scanned, loader, fromProperties);
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> jars(String dir) throws IOException {
        try (Stream<Path> s = Files.list(app.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private Properties readProperties() {
        Properties raw = new Properties();
        try {
            Path appJar = jars("app").getFirst();
            try (JarFile jar = new JarFile(appJar.toFile()); InputStream in = jar.getInputStream(jar.getEntry("application.properties"))) {
                raw.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties prod = new Properties();
        for (String key : raw.stringPropertyNames()) {
            if (!key.startsWith("%")) prod.setProperty(key, raw.getProperty(key));
        }
        return prod;
    }
}
