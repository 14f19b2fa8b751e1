package io.latentpatch.alignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.latentpatch.imaging.RgbImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AffineResamplerTest {

    static RgbImage noise(int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) px[i] = r.nextInt(1 << 24);
        return new RgbImage(w, h, px);
    }

    @Test
    void theIdentityAndWholePixelShiftsCopyPixelsExactly() {
        RgbImage img = noise(37, 29, 1);
        assertThat(AffineResampler.resample(img, AffineTransform.IDENTITY, 29).rgb())
                .isEqualTo(crop(img, 0, 0, 29));
        AffineTransform shift = new AffineTransform(1, 0, 5, 0, 1, 3);
        assertThat(AffineResampler.resample(img, shift, 20).rgb()).isEqualTo(crop(img, 5, 3, 20));
    }

    @Test
    void outsideTheImageTheSourceIsMirroredWithoutRepeatingTheEdge() {
        assertThat(AffineResampler.reflect(-1, 5)).isEqualTo(1);
        assertThat(AffineResampler.reflect(-2, 5)).isEqualTo(2);
        assertThat(AffineResampler.reflect(5, 5)).isEqualTo(3);
        assertThat(AffineResampler.reflect(9, 5)).isEqualTo(1);
        assertThat(AffineResampler.reflect(3, 1)).isEqualTo(0);
        RgbImage img = noise(8, 8, 2);
        RgbImage out = AffineResampler.resample(img, new AffineTransform(1, 0, -2, 0, 1, 0), 8);
        assertThat(out.get(0, 4)).isEqualTo(img.get(2, 4));
        assertThat(out.get(1, 4)).isEqualTo(img.get(1, 4));
    }

    @Test
    void shrinkingAFineStripePatternAveragesItInsteadOfAliasing() {
        // One-pixel black/white columns, shrunk 5.5x and rotated: without antialiasing this gives stripes.
        RgbImage stripes = RgbImage.blank(400, 400);
        for (int y = 0; y < 400; y++) for (int x = 0; x < 400; x += 2) stripes.rgb()[y * 400 + x] = 0xffffff;
        AffineTransform m = AffineTransform.similarity(5.5, Math.toRadians(17), 0, 0, 120, 60);
        RgbImage out = AffineResampler.resample(stripes, m, 40);
        for (int v = 5; v < 35; v++) {
            for (int u = 5; u < 35; u++) {
                assertThat(out.get(u, v) & 0xff).as("pixel %d,%d", u, v).isCloseTo(128, within(14));
            }
        }
    }

    @Test
    void aRotationAndItsInverseComeBackCloseToTheOriginal() {
        // A smooth image survives rotate → rotate back with a small error.
        RgbImage img = RgbImage.blank(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = (int) Math.round(127 + 100 * Math.sin(x / 6.0) * Math.cos(y / 7.0));
                img.rgb()[y * 64 + x] = v << 16 | v << 8 | v;
            }
        }
        AffineTransform r = AffineTransform.similarity(1, Math.toRadians(30), 31.5, 31.5, 0, 0);
        RgbImage there = AffineResampler.resample(img, r, 64);
        RgbImage back = AffineResampler.resample(there, r.inverse(), 64);
        for (int y = 16; y < 48; y++) {
            for (int x = 16; x < 48; x++) {
                assertThat(back.get(x, y) & 0xff).isCloseTo(img.get(x, y) & 0xff, within(6));
            }
        }
    }

    @Test
    void affineAlgebraInverseAndCompositionAgree() {
        AffineTransform a = AffineTransform.similarity(1.3, 0.2, 10, 20, 3, -4);
        AffineTransform id = a.after(a.inverse());
        double[] p = id.apply(17, -5);
        assertThat(p[0]).isCloseTo(17, within(1e-9));
        assertThat(p[1]).isCloseTo(-5, within(1e-9));
        assertThat(a.scale()).isCloseTo(1.3, within(1e-12));
        assertThat(a.rotation()).isCloseTo(0.2, within(1e-12));
        double[] c = a.apply(10, 20);
        assertThat(c[0]).isCloseTo(13, within(1e-9));
        assertThat(c[1]).isCloseTo(16, within(1e-9));
    }

    private static int[] crop(RgbImage img, int x0, int y0, int size) {
        int[] out = new int[size * size];
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) out[y * size + x] = img.get(x0 + x, y0 + y);
        return out;
    }
}
