package io.latentpatch.alignment;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The Debian model files and ../shared faces, or a skipped test saying what is missing. */
final class TestModels {
    private TestModels() {
    }

    static Path landmarkModel() {
        Path p = AlignmentSettings.DEFAULT_LANDMARK_MODEL;
        assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent; install Debian's libdlib-data "
                + "(scripts/test-setup.sh does it when run as root)");
        return p;
    }

    static Path cascade() {
        Path p = AlignmentSettings.DEFAULT_DETECTOR_CASCADE;
        assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent; install Debian's opencv-data "
                + "(scripts/test-setup.sh does it when run as root)");
        return p;
    }

    static FaceAligner aligner() throws IOException {
        landmarkModel();
        cascade();
        return FaceAligner.open(AlignmentSettings.defaults());
    }

    static Path faces() {
        String prop = System.getProperty("latentpatch.shared");
        Path dir = prop == null ? null : Path.of(prop, "data", "faces");
        assumeTrue(dir != null && Files.isDirectory(dir), "skipped: ../shared/data/faces is not present (latentpatch.shared="
                + prop + ")");
        return dir;
    }

    static RgbImage face(int i) {
        return new ImageLoader().read(faces().resolve(String.format(Locale.ROOT, "face_%04d.png", i)));
    }
}
