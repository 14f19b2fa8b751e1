package io.latentpatch.pipeline.stage;

import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.contracts.ObjectKeys;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.samples.Portrait;
import io.latentpatch.samples.SampleSet;
import io.latentpatch.samples.SyntheticPortraits;
import io.latentpatch.storage.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data for the stages and the worker ITs (shared through this module's test-jar). */
public final class StageFixtures {
    private StageFixtures() {}

    /**
     * Stores the first {@code count} built-in portraits as the gateway stores an upload: each PNG at
     * {@link ObjectKeys#sourceImage} and a manifest with the file names and the labels of
     * {@code labels.csv} ({@link SyntheticPortraits#LABEL_COLUMNS}).
     */
    public static SourceSetManifest uploadBuiltInSet(ObjectStore store, String setId, int count) {
        return StageWarmup.uploadBuiltInSet(store, "acme", setId, count);
    }

    /**
     * Stores {@code images} (name → PNG or JPEG bytes, in order) as the gateway stores an upload with {@code align=true}
     * and {@code alignFailures=failures}, for tenant {@code acme}: each at {@link ObjectKeys#sourceImage}, then the manifest with its align request.
     */
    public static SourceSetManifest uploadForAlignment(ObjectStore store, String setId, Map<String, byte[]> images, String failures) {
        List<byte[]> bytes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<ImageSize> sizes = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            store.put(ObjectKeys.sourceImage("acme", setId, i++), e.getValue(), StageObjects.PNG);
            bytes.add(e.getValue());
            names.add(e.getKey());
            io.latentpatch.imaging.RgbImage decoded = new io.latentpatch.imaging.ImageLoader().read(e.getValue(), e.getKey());
            sizes.add(new ImageSize(decoded.width(), decoded.height()));
        }
        SourceSetManifest manifest = SourceSetManifest.of(setId, sizes, names, null, bytes, Instant.now())
                .withAlign(new SourceSetManifest.AlignRequest(failures));
        store.put(ObjectKeys.sourceManifest("acme", setId), JsonCodec.shared().write(manifest), StageObjects.JSON);
        return manifest;
    }

    /** A 200×150 picture of sky: no face in it. */
    public static byte[] skyPng() {
        java.awt.image.BufferedImage sky = new java.awt.image.BufferedImage(200, 150, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 150; y++) for (int x = 0; x < 200; x++) sky.setRGB(x, y, (60 + y / 2) << 8 | 200);
        return SampleSet.encodePng(sky);
    }

    /**
     * The real faces {@code ../shared/data/faces/face_NNNN.png} for {@code indices}, name → bytes in order, and the
     * Debian alignment models; a skipped test (JUnit assumption) saying what is missing when any is absent.
     */
    public static Map<String, byte[]> sharedFaces(int... indices) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isRegularFile(io.latentpatch.alignment.AlignmentSettings.DEFAULT_LANDMARK_MODEL)
                        && java.nio.file.Files.isRegularFile(io.latentpatch.alignment.AlignmentSettings.DEFAULT_DETECTOR_CASCADE),
                "skipped: " + io.latentpatch.alignment.AlignmentSettings.DEFAULT_LANDMARK_MODEL + " or "
                        + io.latentpatch.alignment.AlignmentSettings.DEFAULT_DETECTOR_CASCADE
                        + " is absent; install Debian's libdlib-data and opencv-data (scripts/test-setup.sh does it as root)");
        String shared = System.getProperty("latentpatch.shared");
        java.nio.file.Path dir = shared == null ? null : java.nio.file.Path.of(shared, "data", "faces");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null && java.nio.file.Files.isDirectory(dir),
                "skipped: ../shared/data/faces is not present (latentpatch.shared=" + shared + ")");
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i : indices) {
            String name = String.format(java.util.Locale.ROOT, "face_%04d.png", i);
            try {
                out.put(name, java.nio.file.Files.readAllBytes(dir.resolve(name)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }
}
