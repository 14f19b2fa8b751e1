package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.pca.PcaBasis;
import io.latentpatch.core.sampler.SamplerParams.Finish;
import org.junit.jupiter.api.Test;

class SampleResultFinishTest {
    // L = 3, r = 2: components are the first two axes, mean (1, 2, 3)
    private static final PcaBasis PCA = new PcaBasis(new float[] {1, 2, 3}, new float[] {1, 0, 0, 0, 1, 0}, new float[] {1, 1}, 3);

    private static SampleResult result(int[] provenance) {
        LatentGrid canvas = LatentGrid.zeros(2, 2);
        for (int cell = 0; cell < 4; cell++) {
            canvas.set(0, cell / 2, cell % 2, cell);
            canvas.set(1, cell / 2, cell % 2, -cell);
        }
        return new SampleResult(0, 0, provenance, canvas);
    }

    @Test
    void reconstructIsTheBasisTimesTheCanvasPlusTheMean() {
        LatentGrid z = result(new int[] {0, 1, 0, 1}).finish(Finish.RECONSTRUCT, null, PCA, null, null);
        assertThat(z.cellVector(1, 1)).containsExactly(1 + 3, 2 - 3, 3);
    }

    @Test
    void targetCellsTakeTheOriginalInEveryModeWhenGiven() {
        LatentGrid original = LatentGrid.zeros(3, 2);
        original.set(2, 0, 1, 42f);
        LatentGrid z = result(new int[] {0, SampleResult.TARGET, 0, 1}).finish(Finish.RECONSTRUCT, null, PCA, null, original);
        assertThat(z.cellVector(0, 1)).containsExactly(0, 0, 42);
        assertThat(z.cellVector(0, 0)).containsExactly(1, 2, 3);
    }

    @Test
    void quantizeSnapsEachCellToItsNearestCodebookEntry() {
        float[] codebook = {1, 2, 2.5f, 3, -1, 3, 10, 10, 10};
        LatentGrid z = result(new int[] {0, 1, 0, 1}).finish(Finish.QUANTIZE, null, PCA, codebook, null);
        // reconstructed cells (1,2,3), (2,1,3), (3,0,3), (4,-1,3); squared distances to entries 0 and 1:
        // 0.25 vs 13, 2.25 vs 5, 8.25 vs 1, 18.25 vs 1
        assertThat(z.cellVector(0, 0)).containsExactly(1, 2, 2.5f);
        assertThat(z.cellVector(0, 1)).containsExactly(1, 2, 2.5f);
        assertThat(z.cellVector(1, 0)).containsExactly(3, -1, 3);
        assertThat(z.cellVector(1, 1)).containsExactly(3, -1, 3);
        assertThatThrownBy(() -> result(new int[4]).finish(Finish.QUANTIZE, null, PCA, new float[4], null))
                .hasMessageContaining("4 floats").hasMessageContaining("L=3");
    }

    @Test
    void copyNeedsTheSourcesAndNamesUnknownIds() {
        SourceBank bank = SourceBank.build(TestGrids.gaussians(2, 2, 2, 1), TestGrids.gaussians(2, 3, 2, 2), null);
        assertThatThrownBy(() -> result(new int[] {0, 5, 0, 1}).finish(Finish.COPY, bank, null, null, null))
                .hasMessageContaining("source id 5");
        SourceBank noOriginals = SourceBank.build(TestGrids.gaussians(2, 2, 2, 1));
        assertThatThrownBy(() -> result(new int[] {0, 1, 0, 1}).finish(Finish.COPY, noOriginals, null, null, null))
                .hasMessageContaining("RECONSTRUCT");
        assertThatThrownBy(() -> result(new int[] {0, 1, 0, 1}).finish(Finish.RECONSTRUCT, null, null, null, null))
                .hasMessageContaining("PCA basis");
    }

    @Test
    void provenanceMustCoverTheCanvas() {
        assertThatThrownBy(() -> new SampleResult(0, 0, new int[3], LatentGrid.zeros(2, 2))).hasMessageContaining("3 cells");
    }
}
