package io.latentpatch.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Psnr}: 8-bit PSNR, checked on hand-computed cases and against a direct formula on random images. */
class PsnrTest {

    @Test
    void oneLevelOffEverywhereIs20Log10Of255() {
        float[] a = new float[3 * 4 * 4];
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = 100 / 255f;
            b[i] = 101 / 255f;
        }
        assertThat(Psnr.of8Bit(a, b)).isCloseTo(20 * Math.log10(255), within(1e-9));
    }

    @Test
    void oneFullScaleErrorAmong48ValuesIs10Log10Of48() {
        float[] a = new float[48];
        float[] b = new float[48];
        b[17] = 1f;
        assertThat(Psnr.of8Bit(a, b)).isCloseTo(10 * Math.log10(48), within(1e-9));
    }

    @Test
    void differencesBelowHalfALevelVanishInTheEightBitRounding() {
        float[] a = {0.5f, 0.2f, 0f};
        float[] b = {0.5f + 0.001f, 0.2f - 0.0015f, -0.3f};
        assertThat(Psnr.of8Bit(a, b)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void matchesTheTextbookFormulaOnRandomImages() {
        SplittableRandom random = new SplittableRandom(3);
        float[] a = new float[3 * 37 * 29];
        float[] b = new float[a.length];
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            int va = random.nextInt(256);
            int vb = Math.min(255, Math.max(0, va + random.nextInt(-20, 21)));
            a[i] = va / 255f;
            b[i] = vb / 255f;
            sum += (va - vb) * (va - vb);
        }
        double expected = 10 * Math.log10(255.0 * 255.0 / (sum / a.length));
        assertThat(Psnr.of8Bit(a, b)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void imagesOfDifferentSizesAreRejected() {
        assertThatThrownBy(() -> Psnr.of8Bit(new float[3], new float[6]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 vs 6");
    }
}
