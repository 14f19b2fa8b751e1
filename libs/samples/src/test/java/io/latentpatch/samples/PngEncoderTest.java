package io.latentpatch.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** ImageIO's PNG reader is the reference decoder. */
class PngEncoderTest {

    @Test
    void randomImagesOfAwkwardSizesDecodeToTheSamePixels() throws IOException {
        Random r = new Random(17);
        for (int[] wh : new int[][] {{1, 1}, {3, 7}, {33, 17}, {129, 2}}) {
            BufferedImage im = new BufferedImage(wh[0], wh[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < wh[1]; y++) for (int x = 0; x < wh[0]; x++) im.setRGB(x, y, r.nextInt(1 << 24));
            assertDecodesTo(im);
        }
    }

    @Test
    void smoothGradientsUseFiltersAndDecodeExactly() throws IOException {
        BufferedImage im = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) for (int x = 0; x < 256; x++) im.setRGB(x, y, (x << 16) | (y << 8) | ((x + y) / 2));
        byte[] png = assertDecodesTo(im);
        assertThat(png.length).isLessThan(256 * 256 * 3 / 10);
    }

    @Test
    void alphaIsDroppedAndColourKept() throws IOException {
        BufferedImage im = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) im.setRGB(x, y, 0x80000000 | (x * 40 << 16) | (y * 60));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(im)));
        for (int y = 0; y < 4; y++) for (int x = 0; x < 5; x++) assertThat(back.getRGB(x, y) & 0xFFFFFF).isEqualTo(im.getRGB(x, y) & 0xFFFFFF);
        assertThat(back.getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void portraitDecodesExactly() throws IOException {
        assertDecodesTo(SyntheticPortraits.generate(1, 3, 256).get(0).image());
    }

    private static byte[] assertDecodesTo(BufferedImage im) throws IOException {
        byte[] png = PngEncoder.encode(im);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back).isNotNull();
        assertThat(back.getWidth()).isEqualTo(im.getWidth());
        assertThat(back.getHeight()).isEqualTo(im.getHeight());
        for (int y = 0; y < im.getHeight(); y++) {
            for (int x = 0; x < im.getWidth(); x++) {
                assertThat(back.getRGB(x, y)).as("(%d,%d)", x, y).isEqualTo(im.getRGB(x, y));
            }
        }
        return png;
    }
}
