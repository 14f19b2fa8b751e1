package io.latentpatch.alignment;

import static io.latentpatch.alignment.DlibInputTest.writeFloat;
import static io.latentpatch.alignment.DlibInputTest.writeInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ShapePredictorTest {

    /** A one-level, one-tree (one split) predictor over two points, serialized as dlib would. */
    static byte[] tinyModel(float[] leafLeft, float[] leafRight) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 1); // version
        writeColumn(out, new float[] {0.25f, 0.5f, 0.75f, 0.5f}); // initial_shape
        writeInt(out, 1); // levels
        writeInt(out, 1); // trees at level 0
        writeInt(out, 1); // splits
        writeInt(out, 0); // idx1
        writeInt(out, 1); // idx2
        writeFloat(out, 100f); // thresh
        writeInt(out, 2); // leaves
        writeColumn(out, leafLeft);
        writeColumn(out, leafRight);
        writeInt(out, 1); // anchor lists
        writeInt(out, 2);
        writeInt(out, 0);
        writeInt(out, 1);
        writeInt(out, 1); // delta lists
        writeInt(out, 2);
        writeFloat(out, 0f);
        writeFloat(out, 0f);
        writeFloat(out, 0f);
        writeFloat(out, 0.1f);
        return out.toByteArray();
    }

    private static void writeColumn(ByteArrayOutputStream out, float[] v) {
        writeInt(out, -v.length);
        writeInt(out, -1);
        for (float f : v) writeFloat(out, f);
    }

    private static GrayImage imageWith(int atFeature0, int atFeature1) {
        GrayImage g = new GrayImage(200, 200, new int[200 * 200]);
        // Box (10, 20) 101x101 spans 100 px: feature 0 = point 0 = (35, 70); feature 1 = point 1 + (0, 0.1) = (85, 80).
        g.value()[70 * 200 + 35] = atFeature0;
        g.value()[80 * 200 + 85] = atFeature1;
        return g;
    }

    @Test
    void theTreeWalkComparesFeaturePixelDifferencesWithTheThresholdAndAddsTheLeaf() throws IOException {
        float[] left = {0.01f, 0f, 0f, -0.02f};
        float[] right = {0.5f, 0.5f, 0.5f, 0.5f};
        ShapePredictor p = ShapePredictor.read(new ByteArrayInputStream(tinyModel(left, right)), "tiny");
        assertThat(p.points()).isEqualTo(2);
        assertThat(p.levels()).isEqualTo(1);
        assertThat(p.treeDepth()).isEqualTo(1);
        FaceBox box = new FaceBox(10, 20, 101, 101);

        Landmarks bright = p.predict(imageWith(200, 50), box); // 150 > 100: left leaf
        assertThat(bright.x(0)).isCloseTo(36, within(1e-4));
        assertThat(bright.y(0)).isCloseTo(70, within(1e-4));
        assertThat(bright.x(1)).isCloseTo(85, within(1e-4));
        assertThat(bright.y(1)).isCloseTo(68, within(1e-4));

        Landmarks dark = p.predict(imageWith(50, 200), box); // -150 <= 100: right leaf
        assertThat(dark.x(0)).isCloseTo(85, within(1e-4));
        assertThat(dark.y(0)).isCloseTo(120, within(1e-4));
        assertThat(dark.x(1)).isCloseTo(135, within(1e-4));
    }

    @Test
    void featurePointsOutsideTheImageReadZero() throws IOException {
        ShapePredictor p = ShapePredictor.read(new ByteArrayInputStream(tinyModel(new float[] {0, 0, 0, 0},
                new float[] {1, 0, 0, 0})), "tiny");
        // Box far to the left: both feature points fall outside, 0 - 0 <= 100 goes right.
        Landmarks lm = p.predict(imageWith(200, 50), new FaceBox(-1000, 20, 101, 101));
        assertThat(lm.x(0)).isCloseTo(-1000 + 125, within(1e-3));
    }

    @Test
    void aFileWithTrailingBytesOrTheWrongVersionIsRejected() {
        byte[] good = tinyModel(new float[4], new float[4]);
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 2);
        longer[good.length] = 1;
        assertThatThrownBy(() -> ShapePredictor.read(new ByteArrayInputStream(longer), "long.dat"))
                .hasMessageContaining("long.dat").hasMessageContaining("trailing bytes");
        byte[] v2 = good.clone();
        v2[1] = 2;
        assertThatThrownBy(() -> ShapePredictor.read(new ByteArrayInputStream(v2), "v2.dat")).hasMessageContaining("version 2");
    }

    @Test
    void theSimilarityIsTheLeastSquaresRotationAndScale() {
        float[] from = {0, 0, 1, 0, 0, 1, 2, 3};
        double s = 1.7, th = 0.4;
        float[] to = new float[from.length];
        for (int i = 0; i < from.length; i += 2) {
            to[i] = (float) (s * (Math.cos(th) * from[i] - Math.sin(th) * from[i + 1]) + 5);
            to[i + 1] = (float) (s * (Math.sin(th) * from[i] + Math.cos(th) * from[i + 1]) - 2);
        }
        float[] m = ShapePredictor.similarity(from, to);
        assertThat(m[0]).isCloseTo((float) (s * Math.cos(th)), within(1e-5f));
        assertThat(m[2]).isCloseTo((float) (s * Math.sin(th)), within(1e-5f));
        assertThat(m[1]).isEqualTo(-m[2]);
        assertThat(m[3]).isEqualTo(m[0]);
    }
}
