package io.latentpatch.alignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Debian model files read completely and give plausible faces on the shared set (skips without them). */
class RealModelsTest {

    @Test
    void theIbugModelReadsToItsLastByteWith68Points15LevelsOf500DepthFourTrees() throws IOException {
        ShapePredictor p = TestModels.aligner().predictor();
        assertThat(p.points()).isEqualTo(68);
        assertThat(p.levels()).isEqualTo(15);
        for (int l = 0; l < p.levels(); l++) {
            assertThat(p.trees(l)).isEqualTo(500);
            assertThat(p.features(l)).isEqualTo(500);
        }
        assertThat(p.treeDepth()).isEqualTo(4);
        float[] mean = p.meanShape();
        // The mean shape lies in the unit box: left eye left of the right eye, nose tip between eyes and mouth.
        assertThat(mean[2 * 36]).isLessThan(mean[2 * 45]);
        assertThat(mean[2 * 30 + 1]).isBetween(mean[2 * 36 + 1], mean[2 * 51 + 1]);
    }

    @Test
    void fitBoxRecoversTheBoxTheMeanShapeWasPlacedIn() throws IOException {
        ShapePredictor p = TestModels.aligner().predictor();
        float[] mean = p.meanShape();
        FaceBox box = new FaceBox(13, 17, 81, 61);
        float[] xy = new float[mean.length];
        for (int i = 0; i < mean.length; i += 2) {
            xy[i] = 13 + mean[i] * 80;
            xy[i + 1] = 17 + mean[i + 1] * 60;
        }
        FaceBox fit = p.fitBox(new Landmarks(xy));
        assertThat(fit.left()).isCloseTo(box.left(), within(1e-3));
        assertThat(fit.top()).isCloseTo(box.top(), within(1e-3));
        assertThat(fit.width()).isCloseTo(box.width(), within(1e-3));
        assertThat(fit.height()).isCloseTo(box.height(), within(1e-3));
    }

    @Test
    void theCascadeFindsExactlyOneFaceOnSharedFacesAndLandmarksAreInAFaceOrder() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        for (int i : new int[] {0, 7, 30, 81, 140, 170}) {
            RgbImage img = TestModels.face(i);
            List<FaceDetector.Detection> found = aligner.detect(img);
            assertThat(found).as("faces in face_%04d", i).isNotEmpty();
            FaceBox box = found.get(0).box();
            assertThat(box.width()).as("face %d box", i).isBetween(90.0, 220.0);
            Landmarks lm = aligner.landmarks(img, box);
            double[] le = lm.leftEye(), re = lm.rightEye();
            double eyesY = (le[1] + re[1]) / 2;
            double noseY = lm.y(30);
            double mouthY = (lm.mouthLeft()[1] + lm.mouthRight()[1]) / 2;
            double chinY = lm.y(8);
            assertThat(le[0]).as("face %d: left eye left of right eye", i).isLessThan(re[0] - 30);
            assertThat(eyesY).as("face %d: eyes above nose", i).isLessThan(noseY - 10);
            assertThat(noseY).as("face %d: nose above mouth", i).isLessThan(mouthY - 5);
            assertThat(mouthY).as("face %d: mouth above chin", i).isLessThan(chinY);
            double margin = 0.15 * box.width();
            for (int k = 17; k < 68; k++) { // brows, nose, eyes, mouth inside the (slightly widened) box
                assertThat(lm.x(k)).as("face %d point %d x", i, k).isBetween(box.left() - margin, box.left() + box.width() + margin);
                assertThat(lm.y(k)).as("face %d point %d y", i, k).isBetween(box.top() - margin, box.top() + box.height() + margin);
            }
            // The shared set is FFHQ/CelebA-HQ aligned: eyes near (96, 120) and (160, 120) of 256.
            assertThat(le[0]).isCloseTo(96, within(8.0));
            assertThat(re[0]).isCloseTo(160, within(8.0));
            assertThat(eyesY).isCloseTo(121, within(8.0));
        }
    }

    @Test
    void theMeasuredHaarToPredictorBoxMapHoldsOnTheSharedFaces() throws IOException {
        FaceAligner aligner = TestModels.aligner();
        ShapePredictor p = aligner.predictor();
        double dx = 0, dy = 0, scale = 0;
        int n = 0;
        for (int i = 0; i < 179; i += 12) {
            RgbImage img = TestModels.face(i);
            FaceBox haar = aligner.detect(img).get(0).box();
            GrayImage g = GrayImage.meanOf(img);
            // The box the predictor itself settles on: fit, predict, repeat.
            FaceBox b = haar;
            for (int k = 0; k < 4; k++) b = p.fitBox(p.predict(g, b));
            dx += (b.centerX() - haar.centerX()) / haar.width();
            dy += (b.centerY() - haar.centerY()) / haar.height();
            scale += Math.sqrt(b.area() / haar.area());
            n++;
        }
        assertThat(dx / n).isCloseTo(FaceAligner.BOX_SHIFT_X, within(0.02));
        assertThat(dy / n).isCloseTo(FaceAligner.BOX_SHIFT_Y, within(0.02));
        assertThat(scale / n).isCloseTo(FaceAligner.BOX_SCALE, within(0.03));
    }
}
