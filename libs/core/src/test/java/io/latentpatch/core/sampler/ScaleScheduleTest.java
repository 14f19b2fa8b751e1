package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScaleScheduleTest {

    @Test
    void paperScheduleOnSixteenGoesFromTenToSixteen() {
        assertThat(ScaleSchedule.of(16, 5, 0.625).sizes()).containsExactly(10, 12, 13, 15, 16);
        assertThat(ScaleSchedule.of(16, 7, 0.625).sizes()).containsExactly(10, 11, 12, 13, 14, 15, 16);
        assertThat(ScaleSchedule.of(16, 2, 0.625).sizes()).containsExactly(10, 16);
    }

    @Test
    void oneScaleIsOnlyTheGrid() {
        assertThat(ScaleSchedule.of(16, 1, 0.625).sizes()).containsExactly(16);
        assertThat(ScaleSchedule.of(7, 1, 0.1).sizes()).containsExactly(7);
    }

    @Test
    void coarsestSizeScalesWithTheGrid() {
        assertThat(ScaleSchedule.of(32, 5, 0.625).sizes()).containsExactly(20, 23, 26, 29, 32);
        assertThat(ScaleSchedule.coarsestSize(13, 0.625)).isEqualTo(8);
        assertThat(ScaleSchedule.coarsestSize(1, 0.625)).isEqualTo(1);
    }

    @Test
    void sizesAreStrictlyIncreasingForEveryFeasibleScaleCount() {
        for (int m = 1; m <= 40; m++) {
            int coarsest = ScaleSchedule.coarsestSize(m, 0.625);
            for (int s = 1; s <= m - coarsest + 1; s++) {
                int[] sizes = ScaleSchedule.of(m, s, 0.625).sizes();
                assertThat(sizes).hasSize(s);
                assertThat(sizes[s - 1]).isEqualTo(m);
                if (s > 1) assertThat(sizes[0]).isEqualTo(coarsest);
                for (int i = 1; i < s; i++) assertThat(sizes[i]).isGreaterThan(sizes[i - 1]);
            }
        }
    }

    @Test
    void tooManyScalesIsRejectedWithTheLimit() {
        assertThatThrownBy(() -> ScaleSchedule.of(16, 8, 0.625))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("S=8")
                .hasMessageContaining("only 7 exist");
    }

    @Test
    void cornersStepByStrideAndAddTheBorderCorner() {
        assertThat(ScaleSchedule.corners(16, 4, 2)).containsExactly(0, 2, 4, 6, 8, 10, 12);
        assertThat(ScaleSchedule.corners(16, 6, 2)).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(ScaleSchedule.corners(9, 4, 3)).containsExactly(0, 3, 5);
        assertThat(ScaleSchedule.corners(13, 4, 3)).containsExactly(0, 3, 6, 9);
        assertThat(ScaleSchedule.corners(7, 7, 3)).containsExactly(0);
        assertThat(ScaleSchedule.corners(10, 4, 4)).containsExactly(0, 4, 6);
    }

    @Test
    void cornersCoverEveryCellUpToTheBorder() {
        for (int m = 1; m <= 20; m++) {
            for (int patch = 1; patch <= m; patch++) {
                for (int stride = 1; stride <= patch; stride++) {
                    int[] corners = ScaleSchedule.corners(m, patch, stride);
                    boolean[] covered = new boolean[m];
                    for (int i = 0; i < corners.length; i++) {
                        if (i > 0) assertThat(corners[i]).isGreaterThan(corners[i - 1]);
                        assertThat(corners[i] + patch).isLessThanOrEqualTo(m);
                        for (int x = corners[i]; x < corners[i] + patch; x++) covered[x] = true;
                    }
                    assertThat(corners[corners.length - 1]).as("last corner of m=%d ω=%d w=%d", m, patch, stride).isEqualTo(m - patch);
                    for (int x = 0; x < m; x++) assertThat(covered[x]).as("cell %d of m=%d ω=%d w=%d", x, m, patch, stride).isTrue();
                }
            }
        }
    }

    @Test
    void patchLargerThanTheGridHasNoCorners() {
        assertThatThrownBy(() -> ScaleSchedule.corners(5, 6, 2)).hasMessageContaining("ω=6").hasMessageContaining("5x5");
    }
}
