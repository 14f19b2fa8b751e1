package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.sampler.SamplerParams.Finish;
import io.latentpatch.core.sampler.SamplerParams.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatchSamplerPropertiesTest {
    private static final PatchSampler FAST = new PatchSampler();
    private static final ReferencePatchSampler REFERENCE = new ReferencePatchSampler();

    @Test
    void copyFinishGivesEachCellItsSourcesOriginalVector() {
        int m = 9;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(3).stride(2).scales(3).build();
        List<LatentGrid> ys = TestGrids.gaussians(12, 4, m, 1);
        List<LatentGrid> zs = TestGrids.gaussians(12, 7, m, 2);
        int[] ids = new int[12];
        for (int b = 0; b < 12; b++) ids[b] = 500 - b;
        SourceBank bank = SourceBank.forParams(ys, zs, ids, p);
        for (SampleResult s : FAST.sampleMany(bank, p, GenerationRequest.random(), 4, 0, 5, 1)) {
            LatentGrid z = s.finish(Finish.COPY, bank, null, null, null);
            assertThat(z.channels()).isEqualTo(7);
            for (int y = 0; y < m; y++) {
                for (int x = 0; x < m; x++) {
                    LatentGrid source = zs.get(bank.indexOfSource(s.provenanceAt(y, x)));
                    assertThat(z.cellVector(y, x)).isEqualTo(source.cellVector(y, x));
                }
            }
        }
    }

    @Test
    void copyFinishOfAReferenceTakesTheReferenceOriginalWhereItIsKept() {
        int m = 8;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().scales(1).k(2).build();
        SourceBank bank = SourceBank.forParams(TestGrids.gaussians(6, 3, m, 1), TestGrids.gaussians(6, 5, m, 2), null, p);
        LatentGrid refY = TestGrids.gaussian(3, m, 9);
        LatentGrid refZ = TestGrids.gaussian(5, m, 10);
        // k = 1 against an outside reference keeps most of it? no: every corner is overwritten; keep part by editing instead
        boolean[] region = new boolean[m * m];
        for (int x = 0; x < m; x++) region[3 * m + x] = true;
        SampleResult s = FAST.sample(bank, p, GenerationRequest.edit(refY, region, -1), 1, 0);
        assertThatThrownBy(() -> s.finish(Finish.COPY, bank, null, null, null)).hasMessageContaining("targetOriginal");
        LatentGrid z = s.finish(Finish.COPY, bank, null, null, refZ);
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                if (y == 3) assertThat(s.provenanceAt(y, x)).isNotEqualTo(SampleResult.TARGET);
                else assertThat(z.cellVector(y, x)).isEqualTo(refZ.cellVector(y, x));
            }
        }
    }

    @Test
    void aKLargerThanTheCandidatesSamplesAsKEqualToThemAndAllocatesNothingForTheRest() {
        int m = 8;
        List<LatentGrid> ys = TestGrids.gaussians(5, 4, m, 6);
        SamplerParams all = SamplerParams.defaultsFor(m).toBuilder().k(5).build();
        int[] huge = new int[all.scales()];
        int[] five = new int[all.scales()];
        Arrays.fill(huge, Integer.MAX_VALUE);
        Arrays.fill(five, 5);
        SourceBank bank = SourceBank.forParams(ys, null, null, all);
        List<SamplerParams[]> pairs = List.of(new SamplerParams[] {all.toBuilder().k(Integer.MAX_VALUE).build(), all},
                new SamplerParams[] {all.toBuilder().kPerScale(huge).build(), all.toBuilder().kPerScale(five).build()});
        for (SamplerParams[] pair : pairs) {
            for (Sampler sampler : List.of(FAST, REFERENCE)) {
                List<SampleResult> got = sampler.sampleMany(bank, pair[0], GenerationRequest.random(), 3, 0, 4, 1);
                List<SampleResult> want = sampler.sampleMany(bank, pair[1], GenerationRequest.random(), 3, 0, 4, 1);
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).canvas()).isEqualTo(want.get(i).canvas());
                    assertThat(got.get(i).provenance()).isEqualTo(want.get(i).provenance());
                }
            }
        }
    }

    @Test
    void kOneWithAReferenceFromTheBankReproducesIt() {
        int m = 13;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(4).stride(3).k(1).build();
        List<LatentGrid> ys = TestGrids.gaussians(9, 5, m, 3);
        int[] ids = {10, 11, 12, 13, 14, 15, 16, 17, 18};
        SourceBank bank = SourceBank.forParams(ys, null, ids, p);
        for (Sampler sampler : List.of(FAST, REFERENCE)) {
            SampleResult s = sampler.sample(bank, p, GenerationRequest.reference(ys.get(6)), 42, 0);
            assertThat(s.canvas()).isEqualTo(ys.get(6));
            assertThat(s.provenance()).containsOnly(16);
        }
    }

    @Test
    void editingNeverChangesACellOutsideTheRegion() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().k(3).build();
        List<LatentGrid> ys = TestGrids.gaussians(20, 6, m, 4);
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        boolean[] eyes = new boolean[m * m];
        for (int y = 5; y < 8; y++) for (int x = 3; x < 13; x++) eyes[y * m + x] = true;
        LatentGrid target = ys.get(7);
        for (SampleResult s : FAST.sampleMany(bank, p, GenerationRequest.edit(target, eyes, 7), 5, 0, 6, 2)) {
            for (int y = 0; y < m; y++) {
                for (int x = 0; x < m; x++) {
                    int cell = y * m + x;
                    if (eyes[cell]) {
                        assertThat(s.provenanceAt(y, x)).isNotIn(SampleResult.TARGET, 7);
                        assertThat(s.canvas().cellVector(y, x)).isEqualTo(ys.get(s.provenanceAt(y, x)).cellVector(y, x));
                    } else {
                        assertThat(s.provenanceAt(y, x)).isEqualTo(SampleResult.TARGET);
                        assertThat(s.canvas().cellVector(y, x)).isEqualTo(target.cellVector(y, x));
                    }
                }
            }
        }
    }

    @Test
    void firstScaleNeverComparesCellsNotGeneratedYet() {
        // 3×3 grid, ω = 2, w = 1, k = 1. Columns 0–1 are identical in all sources, so at corner (0, 1) every
        // masked distance is 0 and the tie goes to entry 0. Column 2 of source 2 is zero, like the empty
        // canvas: a sampler that compared empty cells would pick source 2 there.
        int m = 3;
        int r = 2;
        List<LatentGrid> ys = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            LatentGrid g = LatentGrid.zeros(r, m);
            for (int c = 0; c < r; c++) {
                for (int y = 0; y < m; y++) {
                    g.set(c, y, 0, 5f);
                    g.set(c, y, 1, 5f);
                    g.set(c, y, 2, b == 2 ? 0f : 100f + b);
                }
            }
            ys.add(g);
        }
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(2).stride(1).scales(1).k(1).build();
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        for (Sampler sampler : List.of(FAST, REFERENCE)) {
            for (int image = 0; image < 10; image++) {
                SampleResult s = sampler.sample(bank, p, GenerationRequest.random(), 0, image);
                assertThat(s.provenanceAt(0, 2)).as("%s image %d", sampler.getClass().getSimpleName(), image).isEqualTo(0);
            }
        }
    }

    @Test
    void sameSeedSameOutputDifferentSeedDifferentOutput() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m);
        SourceBank bank = TestGrids.bank(16, 8, m, p, 5);
        SampleResult a = FAST.sample(bank, p, GenerationRequest.random(), 1, 0);
        SampleResult b = FAST.sample(bank, p, GenerationRequest.random(), 1, 0);
        SampleResult c = FAST.sample(bank, p, GenerationRequest.random(), 2, 0);
        SampleResult d = FAST.sample(bank, p, GenerationRequest.random(), 1, 1);
        assertThat(b.canvas()).isEqualTo(a.canvas());
        assertThat(b.provenance()).isEqualTo(a.provenance());
        assertThat(c.provenance()).isNotEqualTo(a.provenance());
        assertThat(d.provenance()).isNotEqualTo(a.provenance());
        assertThat(c.canvas()).isNotEqualTo(a.canvas());
    }

    @Test
    void outputsUseSeveralSources() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m);
        SourceBank bank = TestGrids.bank(16, 8, m, p, 6);
        Set<Integer> used = new HashSet<>();
        for (int id : FAST.sample(bank, p, GenerationRequest.random(), 3, 0).provenance()) used.add(id);
        assertThat(used.size()).isGreaterThan(1);
    }

    @Test
    void resultsDoNotDependOnThreadsOrBatching() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().upsample(SamplerParams.Upsample.PROVENANCE).build();
        SourceBank bank = TestGrids.bank(40, 6, m, p, 7);
        List<SampleResult> batch = FAST.sampleMany(bank, p, GenerationRequest.random(), 77, 10, 11, 1);
        assertSameResults(FAST.sampleMany(bank, p, GenerationRequest.random(), 77, 10, 11, 2), batch);
        assertSameResults(new PatchSampler(5, false).sampleMany(bank, p, GenerationRequest.random(), 77, 10, 11, 2), batch);
        List<SampleResult> one = new ArrayList<>();
        for (int i = 10; i < 21; i++) one.add(FAST.sample(bank, p, GenerationRequest.random(), 77, i));
        assertSameResults(one, batch);
    }

    @Test
    void largeStepsSplitAcrossThreadsGiveTheSameResults() {
        // B·ω²·r above the parallel threshold, so steps are split across a thread team
        int m = 8;
        int count = 4200;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(4).stride(2).scales(2).k(5).build();
        int r = 16;
        assertThat((long) count * p.patch() * p.patch() * r).isGreaterThanOrEqualTo(PatchSampler.PARALLEL_STEP_FLOATS);
        SourceBank bank = TestGrids.bank(count, r, m, p, 8);
        GenerationRequest req = GenerationRequest.random();
        List<SampleResult> single = FAST.sampleMany(bank, p, req, 5, 0, 3, 1);
        assertSameResults(FAST.sampleMany(bank, p, req, 5, 0, 3, 2), single);
        assertSameResults(new PatchSampler(2, true).sampleMany(bank, p, req, 5, 0, 3, 3), single);
        assertSameResults(List.of(FAST.sample(bank, p, req, 5, 1)), single.subList(1, 2));
        assertSameResults(REFERENCE.sampleMany(bank, p, req, 5, 0, 1, 1), single.subList(0, 1));
    }

    private static void assertSameResults(List<SampleResult> actual, List<SampleResult> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).imageIndex()).isEqualTo(expected.get(i).imageIndex());
            assertThat(actual.get(i).provenance()).isEqualTo(expected.get(i).provenance());
            assertThat(actual.get(i).canvas()).isEqualTo(expected.get(i).canvas());
        }
    }

    @Test
    void randomCellTakesEachCellFromItsSourceAtTheSamePosition() {
        int m = 7;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().method(Method.RANDOM_CELL).build();
        List<LatentGrid> ys = TestGrids.gaussians(5, 3, m, 9);
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        SampleResult s = FAST.sample(bank, p, GenerationRequest.random(), 1, 0);
        Set<Integer> used = new HashSet<>();
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                used.add(s.provenanceAt(y, x));
                assertThat(s.canvas().cellVector(y, x)).isEqualTo(ys.get(s.provenanceAt(y, x)).cellVector(y, x));
            }
        }
        assertThat(used).hasSizeGreaterThan(2);
        assertThat(REFERENCE.sample(bank, p, GenerationRequest.random(), 1, 0).provenance()).isEqualTo(s.provenance());
    }

    @Test
    void randomPatchPastesWholeTilesOnTheStrideOmegaGrid() {
        int m = 9;
        int patch = 4;  // corners 0, 4, 5: the border tile overlaps its neighbour
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().method(Method.RANDOM_PATCH).patch(patch).build();
        List<LatentGrid> ys = TestGrids.gaussians(30, 2, m, 10);
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        for (int image = 0; image < 5; image++) {
            SampleResult s = FAST.sample(bank, p, GenerationRequest.random(), 2, image);
            for (int y = 0; y < m; y++) {
                for (int x = 0; x < m; x++) {
                    assertThat(s.canvas().cellVector(y, x)).isEqualTo(ys.get(s.provenanceAt(y, x)).cellVector(y, x));
                }
            }
            // tile rows/columns [0,4) and the last-written [5,9): one source per tile
            for (int[] ty : new int[][] {{0, 4}, {5, 9}}) {
                for (int[] tx : new int[][] {{0, 4}, {5, 9}}) {
                    int id = s.provenanceAt(ty[0], tx[0]);
                    for (int y = ty[0]; y < ty[1]; y++) for (int x = tx[0]; x < tx[1]; x++) assertThat(s.provenanceAt(y, x)).isEqualTo(id);
                }
            }
        }
        SamplerParams one = p.toBuilder().patch(1).build();
        assertThat(FAST.sample(bank, one, GenerationRequest.random(), 1, 0).provenance())
                .isEqualTo(FAST.sample(bank, one.toBuilder().method(Method.RANDOM_CELL).build(), GenerationRequest.random(), 1, 0).provenance());
    }

    @Test
    void baselinesRefuseConditionalRequests() {
        int m = 8;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().method(Method.RANDOM_PATCH).build();
        SourceBank bank = TestGrids.bank(3, 2, m, p, 1);
        assertThatThrownBy(() -> FAST.sample(bank, p, GenerationRequest.reference(TestGrids.gaussian(2, m, 1)), 1, 0))
                .hasMessageContaining("RANDOM_PATCH baseline generates unconditionally");
    }

    @Test
    void requestsThatDoNotFitTheBankAreRejectedClearly() {
        int m = 8;
        SamplerParams p = SamplerParams.defaultsFor(m);
        SourceBank bank = TestGrids.bank(4, 3, m, p, 1);
        assertThatThrownBy(() -> FAST.sample(bank, p, GenerationRequest.reference(TestGrids.gaussian(5, m, 1)), 1, 0))
                .hasMessageContaining("reference is 5x8x8 but the bank's projected grids are 3x8x8");
        boolean[] region = new boolean[m * m];
        region[0] = true;
        assertThatThrownBy(() -> FAST.sample(bank, p, GenerationRequest.edit(TestGrids.gaussian(3, m, 1), region, 4), 1, 0))
                .hasMessageContaining("target bank index 4 is outside the bank of 4 entries");
        assertThatThrownBy(() -> GenerationRequest.edit(TestGrids.gaussian(3, m, 1), new boolean[m * m], -1))
                .hasMessageContaining("edit region is empty");
        assertThatThrownBy(() -> GenerationRequest.edit(TestGrids.gaussian(3, m, 1), new boolean[5], -1))
                .hasMessageContaining("5 cells").hasMessageContaining("8x8");
        SourceBank onlyM = SourceBank.build(TestGrids.gaussians(4, 3, m, 1));
        assertThatThrownBy(() -> FAST.sample(onlyM, p, GenerationRequest.random(), 1, 0))
                .hasMessageContaining("holds scale sizes [8]").hasMessageContaining("SourceBank.forParams");
        assertThatThrownBy(() -> FAST.sampleMany(bank, p, GenerationRequest.random(), 1, 0, 1, 0)).hasMessageContaining("threads must be >= 1");
        SourceBank single = TestGrids.bank(1, 3, m, p, 1);
        assertThatThrownBy(() -> FAST.sample(single, p, GenerationRequest.random(), 1, 0)).hasMessageContaining("at least 2 sources, got 1");
    }

    @Test
    void editingOnlyNeedsTheFinestScaleInTheBank() {
        int m = 8;
        SamplerParams p = SamplerParams.defaultsFor(m);
        SourceBank onlyM = SourceBank.build(TestGrids.gaussians(4, 3, m, 1));
        boolean[] region = new boolean[m * m];
        region[9] = true;
        SampleResult s = FAST.sample(onlyM, p, GenerationRequest.edit(TestGrids.gaussian(3, m, 2), region, -1), 1, 0);
        assertThat(Arrays.stream(s.provenance()).filter(id -> id != SampleResult.TARGET).count()).isEqualTo(1);
    }
}
