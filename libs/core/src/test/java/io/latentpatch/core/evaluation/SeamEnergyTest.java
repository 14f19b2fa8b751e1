package io.latentpatch.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SeamEnergyTest {
    private static final int SIZE = 16;
    private static final int GRID = 4;

    /** A grey checkerboard of amplitude {@code t}, plus {@code h} on the right half of the image. */
    private static int[] checkerWithStep(int t, int h) {
        int[] rgb = new int[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int v = ((x + y) % 2) * t + (x >= SIZE / 2 ? h : 0);
                rgb[y * SIZE + x] = v << 16 | v << 8 | v;
            }
        }
        return rgb;
    }

    /** Source 0 on the left half of the grid, source 1 on the right. */
    private static int[] halves() {
        int[] p = new int[GRID * GRID];
        for (int i = 0; i < p.length; i++) p[i] = (i % GRID) < GRID / 2 ? 0 : 1;
        return p;
    }

    @Test
    void aSeamOfKnownHeightGivesTheRatioOfStepToTexture() {
        // Inside: every neighbour pair differs by t. Across the border (h > t): pairs differ by t + h or h − t, mean h.
        SeamEnergy e = new SeamEnergy().add(checkerWithStep(20, 60), SIZE, halves(), GRID);
        assertThat(e.meanInside()).isCloseTo(20, within(1e-9));
        assertThat(e.meanAcross()).isCloseTo(60, within(1e-9));
        assertThat(e.ratio()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void anInvisibleBorderHasRatioOne() {
        SeamEnergy e = new SeamEnergy().add(checkerWithStep(20, 0), SIZE, halves(), GRID);
        assertThat(e.ratio()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void oneSourceEverywhereHasNoBorderToMeasure() {
        SeamEnergy e = new SeamEnergy().add(checkerWithStep(20, 60), SIZE, new int[GRID * GRID], GRID);
        assertThat(e.meanAcross()).isNaN();
        assertThat(e.ratio()).isNaN();
    }
}
