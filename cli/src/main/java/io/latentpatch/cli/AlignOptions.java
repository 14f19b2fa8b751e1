package io.latentpatch.cli;

import io.latentpatch.alignment.AlignmentSettings;
import io.latentpatch.alignment.AlignmentTemplate;
import io.latentpatch.alignment.FaceAligner;
import io.latentpatch.generate.SourceLoading;
import io.latentpatch.imaging.ImageLoader;
import io.latentpatch.pipeline.SourceAligner;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code generate}'s face-alignment options; defaults come from {@link AlignmentSettings#defaults()}. */
final class AlignOptions {

    @Option(names = "--align", description = "FFHQ-align every source (face detection, 68 landmarks, oriented crop) "
            + "instead of centre-cropping it; a file without one usable face fails the run naming it.")
    boolean align;

    @Option(names = "--align-skip", description = "With --align: leave out files that cannot be aligned (no face, several faces, face too small) instead of failing.")
    boolean skip;

    @Option(names = "--align-largest", description = "With --align: when a picture has several faces, align the largest instead of failing.")
    boolean largest;

    @Option(names = "--align-min-eyes", paramLabel = "PX",
            description = "With --align: smallest accepted eye distance in source pixels (default: 32).")
    Double minEyes;

    @Option(names = "--align-template", paramLabel = "ffhq|custom:E,M,S",
            description = "With --align: where the crop goes relative to eyes and mouth (default: ffhq).")
    String template;

    @Option(names = "--landmark-model", paramLabel = "FILE",
            description = "dlib 68-point shape predictor (default: /usr/share/dlib/shape_predictor_68_face_landmarks.dat, Debian libdlib-data).")
    Path landmarkModel;

    @Option(names = "--face-cascade", paramLabel = "FILE",
            description = "OpenCV Haar face cascade (default: /usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml, Debian opencv-data).")
    Path faceCascade;

    /** The settings these options give. */
    AlignmentSettings settings() {
        AlignmentSettings s = AlignmentSettings.defaults();
        s = s.withModels(landmarkModel != null ? landmarkModel : s.landmarkModel(), faceCascade != null ? faceCascade : s.detectorCascade());
        if (minEyes != null) s = s.withMinEyeDistance(minEyes);
        if (template != null) s = s.withTemplate(AlignmentTemplate.parse(template));
        return s.withLargestFace(largest);
    }

    /** The alignment to load sources with, or null without {@code --align}. */
    SourceLoading.Alignment loading(ImageLoader loader) throws IOException {
        if (!align) {
            if (skip || largest || minEyes != null || template != null) {
                throw new IllegalArgumentException("--align-skip, --align-largest, --align-min-eyes and --align-template need --align");
            }
            return null;
        }
        return new SourceLoading.Alignment(new SourceAligner(loader, FaceAligner.open(settings())), skip);
    }
}
