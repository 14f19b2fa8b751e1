package io.latentpatch.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds the jars the child JVMs run from: S3Proxy's self-contained jar and the Kafka broker's
 * classpath, both in the local Maven repository where this module's build put them.
 */
final class Artifacts {

    /** System property naming the S3Proxy jar explicitly. */
    static final String S3PROXY_JAR_PROPERTY = "latentpatch.s3proxy.jar";
    /** Environment variable naming the S3Proxy jar explicitly. */
    static final String S3PROXY_JAR_ENV = "LATENTPATCH_S3PROXY_JAR";

    private static final String M2_PLACEHOLDER = "$M2_REPO";
    private static final Properties BUILD = load("local-stack.properties");

    private Artifacts() {
    }

    static String kafkaVersion() {
        return BUILD.getProperty("kafka.version");
    }

    static String s3ProxyVersion() {
        return BUILD.getProperty("s3proxy.version");
    }

    /**
     * The local Maven repository: {@code -Dmaven.repo.local} if set, else the one this module was
     * built with (if it still exists), else {@code ~/.m2/repository}.
     */
    static Path localRepository() {
        String explicit = System.getProperty("maven.repo.local");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String built = BUILD.getProperty("maven.localRepository");
        if (built != null && !built.isBlank() && !built.contains("${") && Files.isDirectory(Path.of(built))) {
            return Path.of(built);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * The S3Proxy jar-with-dependencies: {@code -Dlatentpatch.s3proxy.jar}, else
     * {@code $LATENTPATCH_S3PROXY_JAR}, else the local Maven repository.
     *
     * @throws LocalStackException naming every place looked at and how to fetch the jar
     */
    static Path s3ProxyJar() {
        String version = s3ProxyVersion();
        String explicit = System.getProperty(S3PROXY_JAR_PROPERTY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(S3PROXY_JAR_ENV);
        }
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) {
                throw new LocalStackException("S3Proxy jar " + p + " (from -D" + S3PROXY_JAR_PROPERTY + " or $"
                        + S3PROXY_JAR_ENV + ") does not exist");
            }
            return p;
        }
        Path p = localRepository().resolve("org/gaul/s3proxy/" + version + "/s3proxy-" + version
                + "-jar-with-dependencies.jar");
        if (!Files.isRegularFile(p)) {
            throw new LocalStackException("S3Proxy " + version + " jar not found at " + p + ". Fetch it with"
                    + " './mvnw -pl deploy/local install' (or './mvnw dependency:get -Dartifact=org.gaul:s3proxy:" + version
                    + ":jar:jar-with-dependencies'), or point -D" + S3PROXY_JAR_PROPERTY + " / $" + S3PROXY_JAR_ENV + " at it.");
        }
        return p;
    }

    /**
     * The Kafka child JVM's classpath: this module's classes plus its runtime dependencies, as
     * recorded at build time in {@code kafka-child.classpath} relative to the local repository.
     *
     * @throws LocalStackException when a jar is missing, naming it and the fix
     */
    static List<Path> kafkaChildClasspath() {
        String recorded;
        try (InputStream in = Artifacts.class.getResourceAsStream("kafka-child.classpath")) {
            if (in == null) {
                throw new LocalStackException("kafka-child.classpath is missing from the latentpatch-local-stack jar;"
                        + " rebuild it with './mvnw -pl deploy/local install'");
            }
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path repo = localRepository();
        List<Path> classpath = new ArrayList<>();
        classpath.add(codeSourceOf(Artifacts.class));
        for (String entry : recorded.split("\\|")) {
            if (entry.isBlank()) {
                continue;
            }
            Path jar = entry.startsWith(M2_PLACEHOLDER)
                    ? repo.resolve(entry.substring(M2_PLACEHOLDER.length() + 1)) : Path.of(entry);
            if (!Files.isRegularFile(jar)) {
                throw new LocalStackException("the Kafka broker needs " + jar + ", which is not in the local Maven"
                        + " repository " + repo + ". Run './mvnw -pl deploy/local install' to fetch it"
                        + " (or set -Dmaven.repo.local to the repository that has it).");
            }
            classpath.add(jar);
        }
        return classpath;
    }

    /** The jar or classes directory {@code type} was loaded from. */
    static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new LocalStackException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /** Bytes of a class file of this module, for copying next to foreign classpaths. */
    static byte[] classBytes(Class<?> type) {
        String resource = type.getSimpleName() + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new LocalStackException("class file " + resource + " not found next to " + type.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(String resource) {
        Properties p = new Properties();
        try (InputStream in = Artifacts.class.getResourceAsStream(resource)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
