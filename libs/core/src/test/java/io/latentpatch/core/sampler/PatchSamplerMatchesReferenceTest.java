package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.sampler.SamplerParams.Upsample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast sampler against the plain one on awkward shapes: provenance and canvases must be equal bit
 * for bit (both sum each distance in the same fused order), for every mode and option.
 */
class PatchSamplerMatchesReferenceTest {
    private static final ReferencePatchSampler REFERENCE = new ReferencePatchSampler();

    /** grid M, sources B, dims r, patch ω, stride w, scales S, k. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(7, 2, 3, 2, 1, 1, 1),       // B = 2, one scale, k = 1
                Arguments.of(7, 5, 2, 7, 3, 1, 2),       // ω = grid: a single corner
                Arguments.of(9, 17, 4, 4, 3, 3, 3),      // stride does not divide: border corner
                Arguments.of(13, 3, 1, 3, 2, 4, 2),      // r = 1, odd grid, four scales
                Arguments.of(13, 70, 5, 5, 2, 2, 4),     // several tiles, padded last tile
                Arguments.of(16, 16, 16, 4, 2, 5, 3),    // the paper's setting
                Arguments.of(11, 131, 3, 6, 4, 1, 10),   // wide tiles with padding, large k
                Arguments.of(8, 4, 2, 3, 2, 2, 50));     // k larger than B: clamped
    }

    private static SamplerParams params(int m, int patch, int stride, int scales, int k) {
        return SamplerParams.defaultsFor(Math.max(m, 2)).toBuilder().patch(patch).stride(stride).scales(scales).k(k).build();
    }

    private static void assertSame(List<SampleResult> fast, List<SampleResult> slow) {
        assertThat(fast).hasSameSizeAs(slow);
        for (int i = 0; i < fast.size(); i++) {
            assertThat(fast.get(i).imageIndex()).isEqualTo(slow.get(i).imageIndex());
            assertThat(fast.get(i).imageSeed()).isEqualTo(slow.get(i).imageSeed());
            assertThat(fast.get(i).provenance()).as("provenance of image %d", i).isEqualTo(slow.get(i).provenance());
            assertThat(fast.get(i).canvas()).as("canvas of image %d", i).isEqualTo(slow.get(i).canvas());
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void randomGenerationMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        for (Upsample up : Upsample.values()) {
            SamplerParams p = params(m, patch, stride, scales, k).toBuilder().upsample(up).build();
            SourceBank bank = TestGrids.bank(count, r, m, p, m * 31L + count);
            GenerationRequest req = GenerationRequest.random();
            assertSame(new PatchSampler().sampleMany(bank, p, req, 99, 3, 7, 1), REFERENCE.sampleMany(bank, p, req, 99, 3, 7, 1));
            assertSame(new PatchSampler(3, false).sampleMany(bank, p, req, 5, 0, 5, 2), REFERENCE.sampleMany(bank, p, req, 5, 0, 5, 1));
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void anchoredCoverageMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        for (Upsample up : Upsample.values()) {
            SamplerParams p = params(m, patch, stride, scales, k).toBuilder().upsample(up)
                    .coverage(SamplerParams.Coverage.ANCHORED).sourceReusePenalty(up == Upsample.BILINEAR ? 0f : 0.5f).build();
            SourceBank bank = TestGrids.bank(count, r, m, p, m * 37L + count);
            GenerationRequest req = GenerationRequest.random();
            assertSame(new PatchSampler().sampleMany(bank, p, req, 21, 2, 9, 1), REFERENCE.sampleMany(bank, p, req, 21, 2, 9, 1));
            assertSame(new PatchSampler(4, false).sampleMany(bank, p, req, 8, 0, 6, 2), REFERENCE.sampleMany(bank, p, req, 8, 0, 6, 1));
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void anchorRegionsMatch(int m, int count, int r, int patch, int stride, int scales, int k) {
        // every layout (B = 2, 3, 4 < regions included), several weights, caps, seeds, threads and lockstep sizes
        int[][] layouts = {{2, 0}, {3, 1}, {4, 2}, {6, 3}};
        double[] weights = {8, 2.5, 16, 0.5};
        double[] caps = {0.2, 0.35, 1.0, 0.1};
        for (int[] l : layouts) {
            int regions = l[0];
            Upsample up = l[1] % 2 == 0 ? Upsample.PROVENANCE : Upsample.BILINEAR;
            SamplerParams p = params(m, patch, stride, scales, k).toBuilder().upsample(up).coverage(SamplerParams.Coverage.ANCHORED)
                    .anchorRegions(regions).anchorWeight(weights[l[1]]).anchorCap(caps[l[1]])
                    .sourceReusePenalty(l[1] == 3 ? 0.5f : 0f).build();
            SourceBank bank = TestGrids.bank(count, r, m, p, m * 41L + count + regions);
            assertLockstepsMatchReference(bank, p, 100 + regions);
        }
    }

    /** Random mode, seed {@code seed}: lockstep groups of the default size, of 3 and of 1 (step-split), 1 and 2 threads. */
    private static void assertLockstepsMatchReference(SourceBank bank, SamplerParams p, long seed) {
        GenerationRequest req = GenerationRequest.random();
        assertSame(new PatchSampler().sampleMany(bank, p, req, seed, 1, 9, 1), REFERENCE.sampleMany(bank, p, req, seed, 1, 9, 1));
        assertSame(new PatchSampler(3, false).sampleMany(bank, p, req, seed + 7, 0, 7, 2), REFERENCE.sampleMany(bank, p, req, seed + 7, 0, 7, 1));
        assertSame(new PatchSampler(1, true).sampleMany(bank, p, req, seed, 4, 3, 2), REFERENCE.sampleMany(bank, p, req, seed, 4, 3, 1));
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void faceLayoutMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        // the face layout (inner face / outside, / above / below, / four quarters), B = 2 < 3 regions included
        int[] regionCounts = {2, 3, 2, 3, 5, 5};
        double[] weights = {8, 4, 2.5, 16, 8, 3};
        double[] caps = {0.4, 0.3, 0.2, 1.0, 0.2, 0.5};
        for (int i = 0; i < regionCounts.length; i++) {
            Upsample up = i % 2 == 0 ? Upsample.PROVENANCE : Upsample.BILINEAR;
            SamplerParams p = params(m, patch, stride, scales, k).toBuilder().upsample(up).coverage(SamplerParams.Coverage.ANCHORED)
                    .anchorLayout(SamplerParams.AnchorLayout.FACE).anchorRegions(regionCounts[i]).anchorWeight(weights[i])
                    .anchorCap(caps[i]).sourceReusePenalty(i == 3 ? 0.5f : 0f).build();
            SourceBank bank = TestGrids.bank(count, r, m, p, m * 43L + count + i);
            assertLockstepsMatchReference(bank, p, 200 + i);
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void balancedFaceLayoutMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        // the outside's donors balanced over each group (over all sources, or the pool nearest along the rim): the fast
        // sampler caches rim rows, the reference recomputes them
        int[] regionCounts = {5, 3, 2, 5, 3, 5};
        double[] weights = {8, 32, 4, 16, 8, 64};
        double[] caps = {0.2, 0.2, 0.2, 0.2, 0.2, 0.25};   // the last is the product default
        SamplerParams.AnchorLayout[] layouts = {SamplerParams.AnchorLayout.FACE_BALANCED, SamplerParams.AnchorLayout.FACE_BALANCED,
                SamplerParams.AnchorLayout.FACE_BALANCED, SamplerParams.AnchorLayout.FACE_POOLED, SamplerParams.AnchorLayout.FACE_POOLED,
                SamplerParams.AnchorLayout.FACE_POOLED};
        for (int i = 0; i < regionCounts.length; i++) {
            SamplerParams p = params(m, patch, stride, scales, k).toBuilder().coverage(SamplerParams.Coverage.ANCHORED)
                    .anchorLayout(layouts[i]).anchorRegions(regionCounts[i])
                    .anchorWeight(weights[i]).anchorCap(caps[i]).build();
            SourceBank bank = TestGrids.bank(count, r, m, p, m * 47L + count + i);
            assertLockstepsMatchReference(bank, p, 300 + i);
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void penaltyAndPerScaleKMatch(int m, int count, int r, int patch, int stride, int scales, int k) {
        int[] ks = new int[scales];
        for (int s = 0; s < scales; s++) ks[s] = Math.max(1, k + scales - 1 - s);
        SamplerParams p = params(m, patch, stride, scales, k).toBuilder().kPerScale(ks).sourceReusePenalty(0.75f).build();
        SourceBank bank = TestGrids.bank(count, r, m, p, 5);
        GenerationRequest req = GenerationRequest.random();
        assertSame(new PatchSampler().sampleMany(bank, p, req, 11, 0, 6, 1), REFERENCE.sampleMany(bank, p, req, 11, 0, 6, 1));
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void referenceGuidedMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        SamplerParams p = params(m, patch, stride, scales, k);
        List<LatentGrid> ys = TestGrids.gaussians(count, r, m, 17);
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        LatentGrid outside = TestGrids.gaussian(r, m, 1234);
        List<GenerationRequest> requests = List.of(
                GenerationRequest.reference(outside),
                GenerationRequest.reference(outside, true),
                GenerationRequest.reference(ys.get(count - 1)),
                new GenerationRequest.Reference(ys.get(0), true, 0));
        for (GenerationRequest req : requests) {
            for (Upsample up : Upsample.values()) {
                SamplerParams q = p.toBuilder().upsample(up).build();
                assertSame(new PatchSampler().sampleMany(bank, q, req, 3, 0, 5, 1), REFERENCE.sampleMany(bank, q, req, 3, 0, 5, 1));
            }
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void editingMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        SamplerParams p = params(m, patch, stride, scales, k);
        List<LatentGrid> ys = TestGrids.gaussians(count, r, m, 23);
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        SplittableRandom rng = new SplittableRandom(m);
        List<boolean[]> regions = new ArrayList<>();
        boolean[] block = new boolean[m * m];
        for (int y = m / 3; y < m / 3 + Math.max(1, m / 3); y++) for (int x = 1; x < m - 1; x++) block[y * m + x] = true;
        regions.add(block);
        boolean[] scattered = new boolean[m * m];
        for (int i = 0; i < scattered.length; i++) scattered[i] = rng.nextInt(5) == 0;
        scattered[m * m - 1] = true;
        regions.add(scattered);
        boolean[] all = new boolean[m * m];
        java.util.Arrays.fill(all, true);
        regions.add(all);
        for (boolean[] region : regions) {
            for (GenerationRequest req : List.of(GenerationRequest.edit(ys.get(1), region, 1),
                    GenerationRequest.edit(TestGrids.gaussian(r, m, 77), region, -1))) {
                assertSame(new PatchSampler().sampleMany(bank, p, req, 8, 2, 4, 1), REFERENCE.sampleMany(bank, p, req, 8, 2, 4, 1));
            }
        }
    }

    @ParameterizedTest(name = "M={0} B={1} r={2} ω={3} w={4} S={5} k={6}")
    @MethodSource("shapes")
    void filteredBankWithOwnIdsMatches(int m, int count, int r, int patch, int stride, int scales, int k) {
        SamplerParams p = params(m, patch, stride, scales, k);
        int[] ids = new int[count];
        for (int b = 0; b < count; b++) ids[b] = 1000 + 3 * (count - b);
        SourceBank bank = SourceBank.forParams(TestGrids.gaussians(count, r, m, 29), null, ids, p);
        GenerationRequest req = GenerationRequest.random();
        List<SampleResult> fast = new PatchSampler().sampleMany(bank, p, req, 1, 0, 3, 1);
        assertSame(fast, REFERENCE.sampleMany(bank, p, req, 1, 0, 3, 1));
        for (SampleResult s : fast) for (int id : s.provenance()) assertThat(ids).contains(id);
    }

    @org.junit.jupiter.api.Test
    void largeCallsOnSmallBanksUseWiderGroupsAndStillMatch() {
        // 70 images: enough for the 16-image groups of one-tile banks (PatchSampler.SMALL_BANK_WIDE_GROUP)
        SamplerParams p = params(16, 4, 1, 5, 3);
        for (int count : new int[] {16, 20}) {
            SourceBank bank = TestGrids.bank(count, 16, 16, p, 41);
            GenerationRequest req = GenerationRequest.random();
            List<SampleResult> slow = REFERENCE.sampleMany(bank, p, req, 6, 0, 70, 1);
            assertSame(new PatchSampler().sampleMany(bank, p, req, 6, 0, 70, 1), slow);
            assertSame(new PatchSampler().sampleMany(bank, p, req, 6, 0, 70, 2), slow);
            assertSame(new PatchSampler(16, false).sampleMany(bank, p, req, 6, 0, 70, 1), slow);
        }
    }

    @org.junit.jupiter.api.Test
    void exactTiesResolveToTheLowerEntryAsInTheReference() {
        // sources repeat every 5 entries, so every distance has exact ties; small (one or two vectors) and large banks
        for (int count : new int[] {12, 20, 28, 150}) {
            SamplerParams p = params(9, 3, 2, 2, 4).toBuilder().sourceReusePenalty(count == 12 ? 0f : 0.5f).build();
            List<LatentGrid> distinct = TestGrids.gaussians(5, 3, 9, 31);
            List<LatentGrid> ys = new ArrayList<>();
            for (int b = 0; b < count; b++) ys.add(distinct.get(b % 5));
            SourceBank bank = SourceBank.forParams(ys, null, null, p);
            for (SamplerParams q : List.of(p, p.toBuilder().sourceReusePenalty(0f).build())) {
                for (GenerationRequest req : List.of(GenerationRequest.random(), GenerationRequest.reference(ys.get(7), true))) {
                    assertSame(new PatchSampler().sampleMany(bank, q, req, 4, 0, 6, 1), REFERENCE.sampleMany(bank, q, req, 4, 0, 6, 1));
                }
            }
        }
    }
}
