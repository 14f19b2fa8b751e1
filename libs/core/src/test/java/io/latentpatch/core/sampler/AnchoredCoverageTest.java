package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnchoredCoverageTest {

    @Test
    void everyBlockOfOutputsAnchorsEachSourceOnce() {
        for (int b : new int[] {1, 2, 7, 16, 100}) {
            for (int block = 0; block < 3; block++) {
                boolean[] seen = new boolean[b];
                for (int i = block * b; i < (block + 1) * b; i++) {
                    int a = AnchoredCoverage.anchor(42, i, b);
                    assertThat(a).isBetween(0, b - 1);
                    assertThat(seen[a]).as("anchor %d repeated in block %d of B=%d", a, block, b).isFalse();
                    seen[a] = true;
                }
            }
        }
    }

    @Test
    void anchorDependsOnSeedIndexAndCountOnly() {
        assertThat(AnchoredCoverage.anchor(7, 5, 16)).isEqualTo(AnchoredCoverage.anchor(7, 5, 16));
        int differ = 0;
        for (int i = 0; i < 64; i++) if (AnchoredCoverage.anchor(7, i, 16) != AnchoredCoverage.anchor(8, i, 16)) differ++;
        assertThat(differ).as("another job seed permutes the anchors").isGreaterThan(32);
        // blocks are independent permutations, not one repeated
        int same = 0;
        for (int i = 0; i < 16; i++) if (AnchoredCoverage.anchor(7, i, 16) == AnchoredCoverage.anchor(7, 16 + i, 16)) same++;
        assertThat(same).isLessThan(8);
        assertThatThrownBy(() -> AnchoredCoverage.anchor(1, -1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void drawFollowsTheWeights() {
        int[] nearest = {3, 1, 4};
        int[] cellsOf = new int[6];
        int n = 200_000;
        int[] hits = new int[6];
        SplittableRandom rng = new SplittableRandom(1);
        // anchor 5 absent from the nearest: weights 1, 1, 1, 4 => the anchor 4/7 of the time
        for (int i = 0; i < n; i++) hits[AnchoredCoverage.draw(nearest, 3, 5, cellsOf, 100, rng)]++;
        assertThat(hits[5] / (double) n).isCloseTo(4 / 7.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(hits[3] / (double) n).isCloseTo(1 / 7.0, org.assertj.core.data.Offset.offset(0.01));
        // anchor 1 present and holding 30 of 100 cells (over the cap): 1, 4·0.2, 1
        cellsOf[1] = 30;
        hits = new int[6];
        for (int i = 0; i < n; i++) hits[AnchoredCoverage.draw(nearest, 3, 1, cellsOf, 100, rng)]++;
        assertThat(hits[1] / (double) n).isCloseTo(0.8 / 2.8, org.assertj.core.data.Offset.offset(0.01));
        assertThat(hits[0] + hits[2] + hits[5]).isZero();
    }

    @Test
    void outputsOfAJobSpreadOverTheSources() {
        SamplerParams paper = SamplerParams.defaultsFor(12).toBuilder().patch(4).stride(2).scales(2).build();
        SamplerParams anchored = paper.toBuilder().coverage(SamplerParams.Coverage.ANCHORED).build();
        // 8 sources, two nearly identical groups of different size: the paper's walk favours the big one
        java.util.List<io.latentpatch.core.grid.LatentGrid> ys = new java.util.ArrayList<>();
        for (int b = 0; b < 8; b++) {
            io.latentpatch.core.grid.LatentGrid g = TestGrids.gaussian(3, 12, 900 + b);
            float shift = b < 6 ? 0f : 3f;
            float[] d = g.data();
            for (int i = 0; i < d.length; i++) d[i] = d[i] * 0.1f + shift;
            ys.add(new io.latentpatch.core.grid.LatentGrid(3, 12, d));
        }
        SourceBank bank = SourceBank.forParams(ys, null, null, anchored);
        int[] dominantCount = new int[8];
        for (SampleResult r : new PatchSampler().sampleMany(bank, anchored, GenerationRequest.random(), 3, 0, 32, 1)) {
            int[] share = new int[8];
            for (int p : r.provenance()) share[p]++;
            int best = 0;
            for (int b = 1; b < 8; b++) if (share[b] > share[best]) best = b;
            dominantCount[best]++;
        }
        for (int b = 0; b < 8; b++) assertThat(dominantCount[b]).as("outputs led by source %d", b).isGreaterThan(0);
    }
}
