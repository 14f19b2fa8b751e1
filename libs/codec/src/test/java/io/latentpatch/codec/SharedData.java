package io.latentpatch.codec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared (system property {@code latentpatch.shared}, set by surefire/failsafe) or skips the test. */
public final class SharedData {

    private SharedData() {
    }

    /** The shared directory; skips the calling test when it is absent. */
    public static Path root() {
        String prop = System.getProperty("latentpatch.shared");
        assumeTrue(prop != null && Files.isDirectory(Path.of(prop, "models")),
                "skipped: ../shared with the real models is not present (system property latentpatch.shared="
                        + prop + ")");
        return Path.of(prop);
    }

    /** {@code shared/models/<name>}; skips when absent. */
    public static Path model(String name) {
        Path dir = root().resolve("models").resolve(name);
        assumeTrue(Files.isRegularFile(dir.resolve("model.json")), "skipped: " + dir + " is not present");
        return dir;
    }

    /** {@code shared/data/faces}; skips when absent. */
    public static Path faces() {
        Path dir = root().resolve("data").resolve("faces");
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " is not present");
        return dir;
    }
}
