package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The synthetic portraits must line up with the real aligned photos in {@code shared/data/faces}: the eyes of the
 * mean real face (the darkest spot near each expected eye) fall where the synthetic pupils are.
 */
class RealPhotoAlignmentIT {

    @Test
    void meanRealFaceHasItsEyesWhereThePortraitsHaveTheirs() throws IOException {
        String shared = System.getProperty("latentpatch.shared");
        Path faces = shared == null ? null : Path.of(shared, "data", "faces");
        assumeTrue(faces != null && Files.isDirectory(faces),
                "real photos not found (system property latentpatch.shared=" + shared + "); skipping alignment check");
        List<Path> files;
        try (var list = Files.list(faces)) {
            files = list.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(20);

        int size = SampleSet.DEFAULT_SIZE;
        double[] mean = new double[size * size];
        int used = 0;
        for (Path f : files) {
            BufferedImage im = ImageIO.read(f.toFile());
            if (im == null || im.getWidth() != size || im.getHeight() != size) continue;
            for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) mean[y * size + x] += Landmarks.luminance(im.getRGB(x, y));
            used++;
        }
        BufferedImage meanFace = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < mean.length; i++) {
            int v = (int) Math.round(mean[i] / used);
            meanFace.setRGB(i % size, i / size, v * 0x010101);
        }

        BufferedImage synthetic = SyntheticPortraits.generate(1, SampleSet.DEFAULT_SEED, size).get(0).image();
        for (double eyeX : new double[] {SyntheticPortraits.LEFT_EYE_X, SyntheticPortraits.RIGHT_EYE_X}) {
            // generous window: the real eyes are blurred by averaging, the brows lie just above it
            double[] real = Landmarks.darkCentroid(meanFace, eyeX * size, SyntheticPortraits.EYE_Y * size, 16, 12, 2);
            double[] ours = Landmarks.darkCentroid(synthetic, eyeX * size, SyntheticPortraits.EYE_Y * size,
                    (int) (0.035 * size), (int) (0.03 * size), 12);
            assertThat(ours[0]).as("eye x, synthetic vs mean of %d real photos", used).isCloseTo(real[0], offset(6.0));
            assertThat(ours[1]).as("eye y, synthetic vs mean of %d real photos", used).isCloseTo(real[1], offset(6.0));
        }
    }
}
