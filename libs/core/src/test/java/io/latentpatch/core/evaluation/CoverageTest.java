package io.latentpatch.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static int[] filled(int cells, int source) {
        int[] p = new int[cells];
        Arrays.fill(p, source);
        return p;
    }

    @Test
    void oneSourceEverywhereHasEntropyZero() {
        Coverage c = Coverage.of(new int[][] {filled(16, 2), filled(16, 2)}, 4);
        assertThat(c.normalizedEntropy()).isEqualTo(0.0);
        assertThat(c.shares()).containsExactly(0, 0, 1, 0);
        assertThat(c.dominant()).containsExactly(2, 2);
        assertThat(c.dominatingFraction()).isEqualTo(0.25);
    }

    @Test
    void everySourceUsedEquallyHasEntropyOneAndEverySourceDominates() {
        int[][] outputs = new int[4][];
        for (int o = 0; o < 4; o++) outputs[o] = filled(9, o);
        Coverage c = Coverage.of(outputs, 4);
        assertThat(c.normalizedEntropy()).isCloseTo(1.0, within(1e-12));
        assertThat(c.dominatingFraction()).isEqualTo(1.0);
    }

    @Test
    void sharesAndTheDominantSourceOfAMixedOutputIgnoreTargetCells() {
        int[] p = {0, 0, 0, 1, -1, -1};
        Coverage c = Coverage.of(new int[][] {p}, 2);
        assertThat(c.shares()).containsExactly(0.75, 0.25);
        assertThat(c.dominant()).containsExactly(0);
        // −(¾ ln ¾ + ¼ ln ¼) / ln 2
        assertThat(c.normalizedEntropy()).isCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2), within(1e-12));
    }
}
