package io.latentpatch.alignment;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything face alignment can be told, with the defaults in one place.
 *
 * @param landmarkModel   dlib 68-point shape predictor; default {@link #DEFAULT_LANDMARK_MODEL} (Debian {@code libdlib-data})
 * @param detectorCascade OpenCV Haar face cascade; default {@link #DEFAULT_DETECTOR_CASCADE} (Debian {@code opencv-data})
 * @param template        where the crop goes relative to eyes and mouth; default {@link AlignmentTemplate#FFHQ}
 * @param minEyeDistance  smallest accepted distance between the eye centres, source pixels; default
 *                        {@link #DEFAULT_MIN_EYE_DISTANCE}: half the 64 px eye distance of a 256 FFHQ output,
 *                        so a face is never enlarged more than 2×
 * @param largestFace     with several clearly separate faces, align the largest instead of failing
 * @param detectorMaxSide longest side of the copy the detector scans, pixels; default {@link #DEFAULT_DETECTOR_MAX_SIDE}
 */
public record AlignmentSettings(Path landmarkModel, Path detectorCascade, AlignmentTemplate template,
                                double minEyeDistance, boolean largestFace, int detectorMaxSide) {

    public static final Path DEFAULT_LANDMARK_MODEL = Path.of("/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
    public static final Path DEFAULT_DETECTOR_CASCADE =
            Path.of("/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml");
    public static final double DEFAULT_MIN_EYE_DISTANCE = 32;
    public static final int DEFAULT_DETECTOR_MAX_SIDE = 1024;

    public AlignmentSettings {
        Objects.requireNonNull(landmarkModel, "landmarkModel");
        Objects.requireNonNull(detectorCascade, "detectorCascade");
        Objects.requireNonNull(template, "template");
        if (!(minEyeDistance >= 0)) throw new IllegalArgumentException("minimum eye distance must be >= 0, got " + minEyeDistance);
        if (detectorMaxSide < 64) throw new IllegalArgumentException("detector max side must be >= 64, got " + detectorMaxSide);
    }

    /** The defaults: Debian's model files, FFHQ template, 32 px minimum eye distance, fail on several faces. */
    public static AlignmentSettings defaults() {
        return new AlignmentSettings(DEFAULT_LANDMARK_MODEL, DEFAULT_DETECTOR_CASCADE, AlignmentTemplate.FFHQ,
                DEFAULT_MIN_EYE_DISTANCE, false, DEFAULT_DETECTOR_MAX_SIDE);
    }

    public AlignmentSettings withLargestFace(boolean largest) {
        return new AlignmentSettings(landmarkModel, detectorCascade, template, minEyeDistance, largest, detectorMaxSide);
    }

    public AlignmentSettings withModels(Path landmarks, Path cascade) {
        return new AlignmentSettings(landmarks, cascade, template, minEyeDistance, largestFace, detectorMaxSide);
    }

    public AlignmentSettings withMinEyeDistance(double px) {
        return new AlignmentSettings(landmarkModel, detectorCascade, template, px, largestFace, detectorMaxSide);
    }

    public AlignmentSettings withTemplate(AlignmentTemplate t) {
        return new AlignmentSettings(landmarkModel, detectorCascade, t, minEyeDistance, largestFace, detectorMaxSide);
    }
}
