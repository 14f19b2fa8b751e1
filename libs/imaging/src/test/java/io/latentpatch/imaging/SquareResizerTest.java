package io.latentpatch.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SquareResizerTest {

    private static RgbImage random(long seed, int w, int h) {
        Random random = new Random(seed);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextInt(1 << 24);
        }
        return new RgbImage(w, h, px);
    }

    /** Deliberately plain reference: a 2-D Lanczos sum per output pixel, in double, no precomputed plan. */
    private static float[] reference(RgbImage image, int size) {
        int side = Math.min(image.width(), image.height());
        int x0 = (image.width() - side) / 2;
        int y0 = (image.height() - side) / 2;
        double scale = (double) side / size;
        double fs = Math.max(scale, 1.0);
        double support = 3 * fs;
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            for (int oy = 0; oy < size; oy++) {
                for (int ox = 0; ox < size; ox++) {
                    double cy = (oy + 0.5) * scale;
                    double cx = (ox + 0.5) * scale;
                    double sum = 0;
                    double wsumY = 0;
                    double[] wy = new double[side];
                    double[] wx = new double[side];
                    double wsumX = 0;
                    for (int j = 0; j < side; j++) {
                        if (j >= Math.floor(cy - support + 0.5) && j < Math.floor(cy + support + 0.5)) {
                            wy[j] = SquareResizer.lanczos((j - cy + 0.5) / fs);
                            wsumY += wy[j];
                        }
                        if (j >= Math.floor(cx - support + 0.5) && j < Math.floor(cx + support + 0.5)) {
                            wx[j] = SquareResizer.lanczos((j - cx + 0.5) / fs);
                            wsumX += wx[j];
                        }
                    }
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            int v = (image.get(x0 + x, y0 + y) >> shift) & 0xff;
                            sum += wy[y] / wsumY * wx[x] / wsumX * (v / 255.0);
                        }
                    }
                    out[(c * size + oy) * size + ox] = (float) Math.min(1.0, Math.max(0.0, sum));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}x{1} → {2}")
    @CsvSource({"37, 53, 16", "50, 50, 23", "7, 7, 19", "64, 40, 40", "101, 99, 32", "20, 31, 3"})
    void matchesThePlainTwoDimensionalSum(int w, int h, int size) {
        RgbImage image = random(w * 31L + h, w, h);
        float[] fast = SquareResizer.toChw(image, size);
        float[] slow = reference(image, size);
        assertThat(fast).hasSize(slow.length);
        for (int i = 0; i < fast.length; i++) {
            assertThat(fast[i]).as("value %d", i).isCloseTo(slow[i], offset(2e-5f));
        }
    }

    @Test
    void sameSizeCropIsCopiedExactly() {
        RgbImage image = random(5, 24, 20);
        float[] chw = SquareResizer.toChw(image, 20);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                int p = image.get(x + 2, y);
                assertThat(chw[y * 20 + x]).isEqualTo(((p >> 16) & 0xff) / 255f);
                assertThat(chw[400 + y * 20 + x]).isEqualTo(((p >> 8) & 0xff) / 255f);
                assertThat(chw[800 + y * 20 + x]).isEqualTo((p & 0xff) / 255f);
            }
        }
    }

    @Test
    void flatColourStaysFlatAndResultIsRepeatable() {
        int[] px = new int[90 * 70];
        Arrays.fill(px, 0x4080C0);
        RgbImage flat = new RgbImage(90, 70, px);
        float[] chw = SquareResizer.toChw(flat, 16);
        for (int i = 0; i < 256; i++) {
            assertThat(chw[i]).isCloseTo(0x40 / 255f, offset(1e-6f));
            assertThat(chw[256 + i]).isCloseTo(0x80 / 255f, offset(1e-6f));
            assertThat(chw[512 + i]).isCloseTo(0xC0 / 255f, offset(1e-6f));
        }
        RgbImage noisy = random(9, 333, 300);
        assertThat(SquareResizer.toChw(noisy, 256)).isEqualTo(SquareResizer.toChw(noisy, 256));
    }
}
