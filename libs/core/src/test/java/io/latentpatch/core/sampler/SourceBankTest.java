package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.resample.Resize;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceBankTest {

    @Test
    void everyLevelHoldsTheBilinearResizeOfEverySource() {
        for (int count : new int[] {2, 17, 70, 131}) {
            List<LatentGrid> ys = TestGrids.gaussians(count, 3, 9, count);
            SourceBank bank = SourceBank.build(ys, 6, 7);
            assertThat(bank.scaleSizes()).containsExactly(6, 7, 9);
            for (int m : bank.scaleSizes()) {
                for (int b = 0; b < count; b++) {
                    assertThat(bank.sourceAt(m, b)).isEqualTo(m == 9 ? ys.get(b) : Resize.bilinear(ys.get(b), m));
                }
            }
            assertThat(bank.value(7, count - 1, 2, 6, 5)).isEqualTo(Resize.bilinear(ys.get(count - 1), 7).get(2, 6, 5));
        }
    }

    @Test
    void tilesArePaddedToWholeVectors() {
        SourceBank bank = SourceBank.build(TestGrids.gaussians(70, 2, 4, 1), 4);
        assertThat(bank.tileWidth() % DistanceKernels.LANES).isZero();
        assertThat((long) bank.tiles() * bank.tileWidth()).isGreaterThanOrEqualTo(70);
        // tiled level and its cell norms plus, for a small bank, their source-major copies
        assertThat(bank.bytes()).isEqualTo(4L * 16 * bank.tiles() * bank.tileWidth() * (2 + 1) + 4L * 16 * (2 + 1) * 70);
    }

    @Test
    void cellNormsAreThoseOfTheStoredValuesInBothLayouts() {
        for (int count : new int[] {5, 70}) {
            List<LatentGrid> ys = TestGrids.gaussians(count, 3, 6, 8);
            SourceBank bank = SourceBank.build(ys, 4);
            for (int m : bank.scaleSizes()) {
                float[] tiled = bank.norms(m);
                float[] major = bank.sourceMajorNorms(m);
                assertThat(tiled).hasSize(m * m * bank.tiles() * bank.tileWidth());
                for (int b = 0; b < count; b++) {
                    LatentGrid g = bank.sourceAt(m, b);
                    for (int cell = 0; cell < m * m; cell++) {
                        float[] v = new float[3];
                        for (int c = 0; c < 3; c++) v[c] = g.data()[c * m * m + cell];
                        float expected = DistanceKernels.cellNorm(v, 0, 3);
                        assertThat(tiled[cell * bank.tiles() * bank.tileWidth() + b]).isEqualTo(expected);
                        assertThat(major[b * m * m + cell]).isEqualTo(expected);
                    }
                }
                for (int b = count; b < bank.tiles() * bank.tileWidth(); b++) assertThat(tiled[b]).isZero();  // padding lanes
            }
        }
    }

    @Test
    void sourceMajorCopyHoldsTheSameValues() {
        List<LatentGrid> ys = TestGrids.gaussians(21, 3, 6, 4);
        SourceBank bank = SourceBank.build(ys, 4);
        for (int m : bank.scaleSizes()) {
            float[] major = bank.sourceMajor(m);
            assertThat(major).isNotNull();
            for (int b = 0; b < 21; b++) {
                for (int cell = 0; cell < m * m; cell++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(major[(b * m * m + cell) * 3 + c]).isEqualTo(bank.value(m, b, c, cell / m, cell % m));
                    }
                }
            }
        }
    }

    @Test
    void cellMajorBilinearEqualsTheChannelsFirstOne() {
        LatentGrid g = TestGrids.gaussian(5, 7, 3);
        for (int out : new int[] {3, 7, 10, 13}) {
            float[] cellMajor = SamplingPlan.toCellMajor(g, new float[5 * 49]);
            float[] dst = new float[5 * out * out];
            Resize.bilinearCellMajor(cellMajor, 5, 7, dst, out);
            assertThat(SamplingPlan.toChannelsFirst(dst, 5, out)).isEqualTo(Resize.bilinear(g, out));
        }
    }

    @Test
    void mismatchedShapesAreRejectedNamingTheGrid() {
        List<LatentGrid> ys = new ArrayList<>(TestGrids.gaussians(3, 4, 8, 1));
        ys.add(TestGrids.gaussian(4, 9, 2));
        assertThatThrownBy(() -> SourceBank.build(ys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projected grid 3 is 4x9x9 but grid 0 is 4x8x8");
        List<LatentGrid> channels = new ArrayList<>(TestGrids.gaussians(2, 4, 8, 1));
        channels.add(TestGrids.gaussian(5, 8, 2));
        assertThatThrownBy(() -> SourceBank.build(channels)).hasMessageContaining("projected grid 2 is 5x8x8");
    }

    @Test
    void nonFiniteValuesAreRejected() {
        List<LatentGrid> ys = TestGrids.gaussians(3, 2, 4, 1);
        ys.get(1).set(1, 2, 3, Float.NaN);
        assertThatThrownBy(() -> SourceBank.build(ys)).hasMessageContaining("projected grid 1").hasMessageContaining("channel 1, cell (2, 3)");
    }

    @Test
    void sourceIdsAreReportedAndLookedUp() {
        SourceBank bank = SourceBank.build(TestGrids.gaussians(3, 2, 4, 1), null, new int[] {40, 7, 12});
        assertThat(bank.sourceId(0)).isEqualTo(40);
        assertThat(bank.indexOfSource(12)).isEqualTo(2);
        assertThat(bank.indexOfSource(7)).isEqualTo(1);
        assertThat(bank.indexOfSource(3)).isEqualTo(-1);
        SourceBank plain = SourceBank.build(TestGrids.gaussians(3, 2, 4, 1));
        assertThat(plain.sourceIds()).containsExactly(0, 1, 2);
        assertThat(plain.indexOfSource(2)).isEqualTo(2);
        assertThat(plain.indexOfSource(3)).isEqualTo(-1);
    }

    @Test
    void duplicateOrMiscountedIdsAreRejected() {
        List<LatentGrid> ys = TestGrids.gaussians(3, 2, 4, 1);
        assertThatThrownBy(() -> SourceBank.build(ys, null, new int[] {1, 5, 1})).hasMessageContaining("source id 1 appears twice");
        assertThatThrownBy(() -> SourceBank.build(ys, null, new int[] {1, 5})).hasMessageContaining("3 projected grids but 2 source ids");
        assertThatThrownBy(() -> SourceBank.build(ys, null, new int[] {4, -2, 9})).hasMessageContaining("source ids must be >= 0, got -2");
        assertThatThrownBy(() -> SourceBank.build(ys, TestGrids.gaussians(2, 5, 4, 1), null)).hasMessageContaining("2 original grids");
    }

    @Test
    void scaleSizesOutsideTheGridAreRejected() {
        assertThatThrownBy(() -> SourceBank.build(TestGrids.gaussians(3, 2, 4, 1), 5)).hasMessageContaining("scale size 5 is outside [1, M=4]");
    }

    @Test
    void missingScaleIsNamed() {
        SourceBank bank = SourceBank.build(TestGrids.gaussians(3, 2, 8, 1));
        assertThatThrownBy(() -> bank.sourceAt(5, 0)).hasMessageContaining("[8], not 5");
    }

    @Test
    void originalsAreRequiredOnlyWhenAsked() {
        SourceBank bank = SourceBank.build(TestGrids.gaussians(3, 2, 4, 1));
        assertThat(bank.hasOriginals()).isFalse();
        assertThatThrownBy(() -> bank.original(0)).hasMessageContaining("without the original latents");
    }
}
