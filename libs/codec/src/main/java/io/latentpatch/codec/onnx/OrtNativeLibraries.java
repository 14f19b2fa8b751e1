package io.latentpatch.codec.onnx;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Keeps ONNX Runtime's native libraries in a stable per-user cache directory.
 *
 * <p>Left alone, ONNX Runtime copies its native libraries out of its jar into a new temporary
 * directory on every start (28 MB for the CPU build, several hundred MB with the CUDA provider)
 * and removes them only on a clean JVM exit. Before the first session is created this class
 * copies them once into {@code <cache>/onnxruntime-<version>-<fingerprint>/<os-arch>/} and points
 * the system property {@value #NATIVE_PATH_PROPERTY} at that directory. The fingerprint (entry
 * sizes) keeps CPU and GPU builds, and versions, apart.
 *
 * <p>Control: if {@value #NATIVE_PATH_PROPERTY} is already set, nothing is done. System property
 * {@value #CACHE_PROPERTY} = {@code false} turns the cache off (ONNX Runtime's default applies);
 * any other value is taken as the cache root. The default root is
 * {@code $XDG_CACHE_HOME/latentpatch} or {@code ~/.cache/latentpatch}. Any failure (read-only home,
 * unknown platform) falls back to ONNX Runtime's own behaviour with a log line.
 */
public final class OrtNativeLibraries {

    /** ONNX Runtime's own property: directory holding all its native libraries. */
    public static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";
    /** {@code false} disables the cache; any other value is the cache root directory. */
    public static final String CACHE_PROPERTY = "latentpatch.onnxruntime.cache";

    private static final System.Logger LOG = System.getLogger(OrtNativeLibraries.class.getName());
    private static final String RESOURCE_ROOT = "ai/onnxruntime/native/";
    // Looked up one by one when the libraries are not inside a jar that can be listed.
    private static final String[] KNOWN_LIBRARIES = {"onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared",
        "onnxruntime_providers_cuda", "onnxruntime_providers_tensorrt", "onnxruntime_providers_rocm",
        "onnxruntime_providers_dnnl", "onnxruntime_providers_openvino"};

    private static boolean configured;

    private OrtNativeLibraries() {
    }

    /**
     * Sets {@value #NATIVE_PATH_PROPERTY} to the populated cache directory unless the user set it
     * or disabled the cache. Must run before ONNX Runtime loads (the codec calls it). Idempotent.
     *
     * @return the directory ONNX Runtime will load from, if one is set
     */
    public static synchronized Optional<Path> configure() {
        String preset = System.getProperty(NATIVE_PATH_PROPERTY);
        if (preset != null) {
            return Optional.of(Path.of(preset));
        }
        if (configured) {
            return Optional.empty();
        }
        configured = true;
        String setting = System.getProperty(CACHE_PROPERTY, "true").trim();
        if (setting.equalsIgnoreCase("false")) {
            return Optional.empty();
        }
        Path root = setting.equalsIgnoreCase("true") || setting.isEmpty() ? defaultCacheRoot() : Path.of(setting);
        try {
            Optional<Path> dir = populate(root);
            dir.ifPresent(d -> {
                System.setProperty(NATIVE_PATH_PROPERTY, d.toString());
                LOG.log(System.Logger.Level.DEBUG, "ONNX Runtime native libraries cached in {0}", d);
            });
            return dir;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "could not cache ONNX Runtime native libraries under " + root
                    + " (" + e + "); ONNX Runtime will unpack them to a temporary directory instead");
            return Optional.empty();
        }
    }

    /**
     * Copies the native libraries bundled for this platform into a versioned directory under
     * {@code root}, skipping files already there with the right size.
     *
     * @return that directory, or empty when no libraries are bundled for this platform
     */
    static Optional<Path> populate(Path root) throws IOException {
        String osArch = osArch();
        if (osArch == null) {
            return Optional.empty();
        }
        String prefix = RESOURCE_ROOT + osArch + "/";
        List<Library> libraries = bundledLibraries(prefix);
        if (libraries.stream().noneMatch(l -> l.name().equals(System.mapLibraryName("onnxruntime")))) {
            return Optional.empty();
        }
        long fingerprint = 17;
        for (Library l : libraries) {
            fingerprint = fingerprint * 31 + l.name().hashCode();
            fingerprint = fingerprint * 31 + l.size();
        }
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        Path dir = root.resolve("onnxruntime-" + (version == null ? "unknown" : version) + "-"
                + Long.toHexString(fingerprint)).resolve(osArch);
        Files.createDirectories(dir);
        for (Library l : libraries) {
            Path target = dir.resolve(l.name());
            if (Files.isRegularFile(target) && Files.size(target) == l.size()) {
                continue;
            }
            // Copy to a private name first so a concurrent start never loads a half-written file.
            Path partial = Files.createTempFile(dir, l.name(), ".partial");
            try (InputStream in = l.url().openStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return Optional.of(dir);
    }

    private record Library(String name, URL url, long size) {
    }

    private static List<Library> bundledLibraries(String prefix) throws IOException {
        List<Library> found = new ArrayList<>();
        ClassLoader loader = OrtEnvironment.class.getClassLoader();
        URL anchor = loader.getResource(prefix + System.mapLibraryName("onnxruntime"));
        if (anchor == null) {
            return found;
        }
        URLConnection connection = anchor.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    String rest = e.getName().substring(Math.min(e.getName().length(), prefix.length()));
                    if (e.getName().startsWith(prefix) && !e.isDirectory() && !rest.contains("/")) {
                        found.add(new Library(rest, loader.getResource(e.getName()), e.getSize()));
                    }
                }
            }
        } else {
            for (String library : KNOWN_LIBRARIES) {
                String name = System.mapLibraryName(library).replace("jnilib", "dylib");
                URL url = loader.getResource(prefix + name);
                if (url != null) {
                    found.add(new Library(name, url, url.openConnection().getContentLengthLong()));
                }
            }
        }
        return found;
    }

    private static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("latentpatch");
    }

    /** The platform directory name ONNX Runtime uses inside its jar, or null if unknown. */
    private static String osArch() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx"
                : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }
}
