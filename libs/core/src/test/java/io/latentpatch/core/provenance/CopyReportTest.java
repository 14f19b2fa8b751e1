package io.latentpatch.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CopyReportTest {
    private static final int T = Provenance.TARGET;

    @Test
    void singleSourceCoversTheWholeGrid() {
        int[] map = new int[16];
        java.util.Arrays.fill(map, 2);
        CopyReport r = CopyReport.of(map, 4, 3);
        assertThat(r.largestRegionFraction()).isEqualTo(1.0);
        assertThat(r.largestRegionSource()).isEqualTo(2);
        assertThat(r.largestRegionCells()).isEqualTo(16);
        assertThat(r.sourceShares()).containsExactly(0, 0, 1);
        assertThat(r.distinctSources()).isEqualTo(1);
        assertThat(r.targetShare()).isZero();
    }

    @Test
    void checkerboardHasOnlySingleCellRegions() {
        int m = 5;
        int[] map = new int[m * m];
        for (int y = 0; y < m; y++) for (int x = 0; x < m; x++) map[y * m + x] = (x + y) % 2;
        CopyReport r = CopyReport.of(map, m, 2);
        assertThat(r.largestRegionCells()).isEqualTo(1);
        assertThat(r.largestRegionFraction()).isEqualTo(1.0 / (m * m));
        assertThat(r.largestRegionSource()).isZero(); // first region in raster order on a tie
        assertThat(r.sourceShares()[0]).isCloseTo(13 / 25.0, within(1e-12));
        assertThat(r.sourceShares()[1]).isCloseTo(12 / 25.0, within(1e-12));
    }

    @Test
    void lShapedRegionIsCountedWhole() {
        int[] map = {
            1, 0, 2, 0,
            1, 2, 0, 2,
            1, 0, 2, 0,
            1, 1, 1, 2,
        };
        CopyReport r = CopyReport.of(map, 4, 3);
        assertThat(r.largestRegionSource()).isEqualTo(1);
        assertThat(r.largestRegionCells()).isEqualTo(6);
        assertThat(r.largestRegionFraction()).isEqualTo(6 / 16.0);
    }

    @Test
    void diagonalNeighboursAreNotConnected() {
        // the diagonal of source 1 splits source 0 into two triangles of 6 cells that touch only at corners;
        // with 8-connectivity they would be one region of 12 and the diagonal one of 4
        int[] map = {
            1, 0, 0, 0,
            0, 1, 0, 0,
            0, 0, 1, 0,
            0, 0, 0, 1,
        };
        CopyReport r = CopyReport.of(map, 2);
        assertThat(r.gridSize()).isEqualTo(4);
        assertThat(r.largestRegionCells()).isEqualTo(6);
        assertThat(r.largestRegionSource()).isZero();
        int[] diagonalOnly = {
            1, 0,
            0, 1,
        };
        assertThat(CopyReport.of(diagonalOnly, 2).largestRegionCells()).isEqualTo(1);
    }

    @Test
    void targetCellsFormNoRegionAndAreReportedApart() {
        int[] map = {
            T, T, T,
            T, 0, 0,
            T, 1, T,
        };
        CopyReport r = CopyReport.of(map, 3, 2);
        assertThat(r.targetCells()).isEqualTo(6);
        assertThat(r.targetShare()).isEqualTo(6 / 9.0);
        assertThat(r.sourceShares()).containsExactly(2 / 3.0, 1 / 3.0);
        assertThat(r.largestRegionCells()).isEqualTo(2);
        assertThat(r.largestRegionFraction()).isEqualTo(2 / 9.0);
    }

    @Test
    void allTargetMeansNoSource() {
        CopyReport r = CopyReport.of(new int[] {T, T, T, T}, 2, 3);
        assertThat(r.largestRegionSource()).isEqualTo(-1);
        assertThat(r.largestRegionFraction()).isZero();
        assertThat(r.sourceShares()).containsExactly(0, 0, 0);
        assertThat(r.targetShare()).isEqualTo(1.0);
    }

    @Test
    void theLargerOfTwoRegionsOfOneSourceWins() {
        int[] map = {
            0, 1, 0,
            1, 0, 0,
            2, 2, 0,
        };
        CopyReport r = CopyReport.of(map, 3, 3);
        assertThat(r.largestRegionSource()).isZero();
        assertThat(r.largestRegionCells()).isEqualTo(4); // (0,2), (1,1), (1,2), (2,2)
        assertThat(r.toString()).contains("4/9 cells");
    }

    @Test
    void rejectsBadMaps() {
        assertThatThrownBy(() -> CopyReport.of(new int[5], 2)).hasMessageContaining("5 cells is not square");
        assertThatThrownBy(() -> CopyReport.of(new int[] {0, 3, 0, 0}, 2, 3)).hasMessageContaining("(y=0, x=1) is 3");
    }
}
