package io.latentpatch.alignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Alignment of real faces (skips without the Debian model files or ../shared/data/faces). */
class FaceAlignerTest {
    private static final int GRAY = 0x808080;

    /** {@code image} moved by {@code sourceToCanvas} onto a grey {@code side}² canvas (no mirrored copies). */
    static RgbImage warp(RgbImage image, AffineTransform sourceToCanvas, int side) {
        AffineTransform back = sourceToCanvas.inverse();
        RgbImage canvas = AffineResampler.resample(image, back, side);
        for (int v = 0; v < side; v++) {
            for (int u = 0; u < side; u++) {
                double[] p = back.apply(u, v);
                if (p[0] < 0 || p[1] < 0 || p[0] > image.width() - 1 || p[1] > image.height() - 1) {
                    canvas.rgb()[v * side + u] = GRAY;
                }
            }
        }
        return canvas;
    }

    /** Largest distance between where {@code a} and {@code b} put the two eye centres of {@code lm}. */
    static double eyeError(Landmarks lm, AffineTransform a, AffineTransform b) {
        double worst = 0;
        for (double[] e : new double[][] {lm.leftEye(), lm.rightEye()}) {
            double[] pa = a.apply(e[0], e[1]);
            double[] pb = b.apply(e[0], e[1]);
            worst = Math.max(worst, Math.hypot(pa[0] - pb[0], pa[1] - pb[1]));
        }
        return worst;
    }

    @Test
    void anAlreadyAlignedFaceComesBackNearIdentity() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        for (int i : new int[] {0, 20, 47, 95, 133, 178}) {
            AlignedFace f = aligner.align(TestModels.face(i), "face " + i, 256);
            AffineTransform t = f.sourceToAligned();
            assertThat(eyeError(f.landmarks(), t, AffineTransform.IDENTITY)).as("face %d eye centres moved", i).isLessThan(4.0);
            assertThat(t.scale()).as("face %d scale", i).isCloseTo(1.0, within(0.06));
            assertThat(Math.toDegrees(t.rotation())).as("face %d rotation", i).isCloseTo(0.0, within(3.0));
            assertThat(f.faces()).isEqualTo(1);
            assertThat(f.image().width()).isEqualTo(256);
        }
    }

    @Test
    void aRotatedScaledShiftedCopyIsBroughtBackToTheOriginalAlignment() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i : new int[] {3, 60, 150}) {
            RgbImage face = TestModels.face(i);
            AlignedFace original = aligner.align(face, "face " + i, 256);
            double angle = Math.toRadians(rnd.nextDouble(-12, 12));
            double scale = rnd.nextDouble(0.7, 1.6);
            AffineTransform w = AffineTransform.similarity(scale, angle, 127.5, 127.5, 72 + rnd.nextDouble(-40, 40),
                    72 + rnd.nextDouble(-40, 40));
            RgbImage moved = warp(face, w, 400);
            AlignedFace back = aligner.align(moved, "moved face " + i, 256);
            // Where the original's eye centres end up: original alignment vs (move, then align the moved picture).
            double err = eyeError(original.landmarks(), original.sourceToAligned(), back.sourceToAligned().after(w));
            assertThat(err).as("face %d, %.1f deg, scale %.2f: eye error px", i, Math.toDegrees(angle), scale).isLessThan(4.0);
        }
    }

    @Test
    void aPictureWithoutAFaceFailsNamingTheFile() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        RgbImage sky = RgbImage.blank(300, 200);
        for (int y = 0; y < 200; y++) for (int x = 0; x < 300; x++) sky.rgb()[y * 300 + x] = (40 + y / 2) << 8 | (120 + y / 3);
        assertThatThrownBy(() -> aligner.align(sky, "holiday/sky.jpg", 256)).isInstanceOfSatisfying(AlignmentException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(AlignmentException.Reason.NO_FACE);
                    assertThat(e.source()).isEqualTo("holiday/sky.jpg");
                    assertThat(e.getMessage()).startsWith("holiday/sky.jpg: ").contains("no face");
                });
    }

    @Test
    void twoFacesFailUnlessTheLargestIsAskedFor() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        RgbImage pair = RgbImage.blank(540, 300);
        java.util.Arrays.fill(pair.rgb(), GRAY);
        pair.paste(TestModels.face(0), 10, 20);
        pair.paste(warp(TestModels.face(5), AffineTransform.similarity(0.9, 0, 0, 0, 0, 0), 240), 290, 30);
        assertThatThrownBy(() -> aligner.align(pair, "family.png", 256)).isInstanceOfSatisfying(AlignmentException.class,
                e -> assertThat(e.reason()).isEqualTo(AlignmentException.Reason.SEVERAL_FACES));
        FaceAligner largest = new FaceAligner(aligner.settings().withLargestFace(true), aligner.predictor(),
                aligner.detector().cascade());
        AlignedFace f = largest.align(pair, "family.png", 256);
        assertThat(f.faces()).isEqualTo(2);
        assertThat(f.box().left()).isLessThan(200); // the unscaled face on the left
    }

    @Test
    void aSmallFaceFailsWithItsEyeDistance() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        RgbImage small = warp(TestModels.face(0), AffineTransform.similarity(0.4, 0, 0, 0, 60, 60), 256);
        assertThatThrownBy(() -> aligner.align(small, "tiny.png", 256)).isInstanceOfSatisfying(AlignmentException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(AlignmentException.Reason.FACE_TOO_SMALL);
                    assertThat(e.getMessage()).contains("tiny.png").contains("px apart").contains("32 px");
                });
        FaceAligner lenient = new FaceAligner(aligner.settings().withMinEyeDistance(10), aligner.predictor(),
                aligner.detector().cascade());
        assertThat(lenient.align(small, "tiny.png", 256).landmarks().eyeDistance()).isBetween(18.0, 32.0);
    }
}
