package io.latentpatch.alignment;

import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FFHQ-style alignment of one picture: find the face ({@link FaceDetector}), move the detector's box
 * to where dlib's predictor expects it, find 68 landmarks ({@link ShapePredictor}, refit the box to
 * them and predict once more), place the oriented square crop of the {@link AlignmentTemplate} and
 * resample it ({@link AffineResampler}).
 *
 * <p>The predictor was trained on boxes from dlib's HOG detector, which sit lower and tighter than
 * OpenCV's Haar boxes. The map between them ({@link #BOX_SHIFT_X} … {@link #BOX_SCALE}) was measured
 * on the shared face set: for each face the box that best fits the predicted landmarks to the model's
 * mean shape ({@link ShapePredictor#fitBox}) against the Haar box ({@code FaceAlignerTest} checks it).
 *
 * <p>Thread-safe. The model files are read once per path and JVM (the landmark model is ~100 MB on
 * disk, ~130 MB in memory).
 */
public final class FaceAligner {
    /** Predictor box centre minus Haar box centre, in Haar box widths (alt2 cascade, shared faces). */
    public static final double BOX_SHIFT_X = 0.0;
    /** Predictor box centre minus Haar box centre, in Haar box heights. */
    public static final double BOX_SHIFT_Y = 0.07;
    /** Predictor box side over Haar box side. */
    public static final double BOX_SCALE = 0.95;
    /** Box → landmarks → refitted box rounds after the first prediction. */
    static final int REFINEMENTS = 1;
    /** A second face counts as clearly separate when it does not overlap the largest and is at least this fraction of its width. */
    static final double SEPARATE_FACE_MIN_RATIO = 0.5;

    private static final Map<Path, ShapePredictor> PREDICTORS = new ConcurrentHashMap<>();
    private static final Map<Path, HaarCascade> CASCADES = new ConcurrentHashMap<>();

    private final AlignmentSettings settings;
    private final ShapePredictor predictor;
    private final FaceDetector detector;

    public FaceAligner(AlignmentSettings settings, ShapePredictor predictor, HaarCascade cascade) {
        this.settings = settings;
        this.predictor = predictor;
        this.detector = new FaceDetector(cascade, 1.1, 3, settings.detectorMaxSide());
        if (predictor.points() != 68) {
            throw new IllegalArgumentException("FFHQ alignment needs the 68-point landmark model, " + settings.landmarkModel()
                    + " has " + predictor.points() + " points");
        }
    }

    /** Loads (or reuses) the model files the settings name. */
    public static FaceAligner open(AlignmentSettings settings) throws IOException {
        return new FaceAligner(settings, load(PREDICTORS, settings.landmarkModel(), ShapePredictor::read),
                load(CASCADES, settings.detectorCascade(), HaarCascade::read));
    }

    private interface Reader<T> {
        T read(Path p) throws IOException;
    }

    private static <T> T load(Map<Path, T> cache, Path path, Reader<T> reader) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        try {
            return cache.computeIfAbsent(key, k -> {
                try {
                    return reader.read(k);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public AlignmentSettings settings() {
        return settings;
    }

    public ShapePredictor predictor() {
        return predictor;
    }

    public FaceDetector detector() {
        return detector;
    }

    /** Faces the detector finds, largest first. */
    public List<FaceDetector.Detection> detect(RgbImage image) {
        return detector.detect(GrayImage.lumaOf(image));
    }

    /** The predictor's box for a detector's box. */
    public static FaceBox predictorBox(FaceBox haar) {
        double side = Math.sqrt(haar.width() * haar.height()) * BOX_SCALE;
        double cx = haar.centerX() + BOX_SHIFT_X * haar.width();
        double cy = haar.centerY() + BOX_SHIFT_Y * haar.height();
        return new FaceBox(cx - side / 2, cy - side / 2, side, side);
    }

    /** Landmarks of the face the detector boxed in {@code image}, with {@link #REFINEMENTS} box refits. */
    public Landmarks landmarks(RgbImage image, FaceBox detectorBox) {
        GrayImage gray = GrayImage.meanOf(image);
        Landmarks lm = predictor.predict(gray, predictorBox(detectorBox));
        for (int i = 0; i < REFINEMENTS; i++) lm = predictor.predict(gray, predictor.fitBox(lm));
        return lm;
    }

    /**
     * Aligns the one face of {@code image} to a {@code size × size} square.
     *
     * @param source the file or upload name, for messages
     * @throws AlignmentException no face, several faces (unless {@link AlignmentSettings#largestFace()}), or a face too small
     */
    public AlignedFace align(RgbImage image, String source, int size) {
        List<FaceDetector.Detection> found = detect(image);
        if (found.isEmpty()) {
            throw new AlignmentException(source, AlignmentException.Reason.NO_FACE, "no face found in the "
                    + image.width() + "x" + image.height() + " picture (a frontal face is needed)");
        }
        FaceBox main = found.get(0).box();
        List<FaceBox> separate = new ArrayList<>();
        separate.add(main);
        for (int i = 1; i < found.size(); i++) {
            FaceBox b = found.get(i).box();
            if (b.overlap(main) == 0 && b.width() >= SEPARATE_FACE_MIN_RATIO * main.width()) separate.add(b);
        }
        if (separate.size() > 1 && !settings.largestFace()) {
            StringBuilder where = new StringBuilder();
            for (FaceBox b : separate) where.append(where.isEmpty() ? "" : ", ").append(b);
            throw new AlignmentException(source, AlignmentException.Reason.SEVERAL_FACES, separate.size()
                    + " faces found (" + where + "); crop the picture to one face or ask for the largest face");
        }
        Landmarks lm = landmarks(image, main);
        double eyes = lm.eyeDistance();
        if (eyes < settings.minEyeDistance()) {
            throw new AlignmentException(source, AlignmentException.Reason.FACE_TOO_SMALL, String.format(Locale.ROOT,
                    "the face is too small: its eyes are %.1f px apart, at least %.0f px are needed (use a larger picture)",
                    eyes, settings.minEyeDistance()));
        }
        AffineTransform toSource = settings.template().alignedToSource(lm, size);
        RgbImage aligned = AffineResampler.resample(image, toSource, size);
        return new AlignedFace(aligned, toSource.inverse(), lm, main, separate.size());
    }
}
