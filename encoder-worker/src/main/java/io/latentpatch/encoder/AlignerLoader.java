package io.latentpatch.encoder;

import io.latentpatch.alignment.AlignmentSettings;
import io.latentpatch.alignment.FaceAligner;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.SourceAligner;
import io.latentpatch.pipeline.stage.StageInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Opens the face aligner of {@link EncoderSettings.Align} on the first set uploaded with {@code align=true} (the
 * landmark model is ~100 MB) and keeps it. A missing or unreadable model file fails that job, and each later aligned
 * job until it is fixed, with a message naming the file, the Debian package that has it and the config key.
 */
final class AlignerLoader implements Supplier<SourceAligner> {
    static final String LANDMARK_KEY = "latentpatch.encoder.align.landmark-model";
    static final String CASCADE_KEY = "latentpatch.encoder.align.face-cascade";

    private final AlignmentSettings settings;
    private volatile SourceAligner aligner;

    AlignerLoader(EncoderSettings.Align config) {
        this.settings = AlignmentSettings.defaults().withModels(config.landmarkModel(), config.faceCascade())
                .withMinEyeDistance(config.minEyeDistance());
    }

    @Override
    public SourceAligner get() {
        SourceAligner a = aligner;
        if (a != null) return a;
        synchronized (this) {
            if (aligner == null) {
                require(settings.landmarkModel(), "libdlib-data", LANDMARK_KEY);
                require(settings.detectorCascade(), "opencv-data", CASCADE_KEY);
                try {
                    aligner = new SourceAligner(new ImageLoader(), FaceAligner.open(settings));
                } catch (IOException | IllegalArgumentException e) {
                    throw new StageInputException("this encoder cannot align faces: " + e.getMessage(), e);
                }
            }
            return aligner;
        }
    }

    private static void require(Path file, String debianPackage, String key) {
        if (!Files.isRegularFile(file)) {
            throw new StageInputException("this encoder cannot align faces: " + file + " is absent (install Debian's "
                    + debianPackage + " on the encoder, or set " + key + ")");
        }
    }
}
