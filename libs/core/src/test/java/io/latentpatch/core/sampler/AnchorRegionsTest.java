package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.grid.LatentGrid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regional anchors of the anchored coverage rule ({@link AnchoredCoverage#anchors}, {@link SamplerParams#anchorRegions()}). */
class AnchorRegionsTest {
    private static final int[] LAYOUTS = {1, 2, 3, 4, 6};

    /** FNV-1a over every result's index, seed, provenance and canvas bits. */
    static long digest(List<SampleResult> results) {
        long h = 0xcbf29ce484222325L;
        for (SampleResult r : results) {
            h = mix(h, r.imageIndex());
            h = mix(h, r.imageSeed());
            for (int p : r.provenance()) h = mix(h, p);
            for (float v : r.canvas().data()) h = mix(h, Float.floatToRawIntBits(v));
        }
        return h;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (8 * i)) & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Test
    void defaultAnchorParametersGiveTheBytesOfTheSingleAnchorRuleBeforeRegions() {
        // digests recorded with the sampler before anchor regions existed (commit 00d63fe), same shapes and seeds
        long[] before = {0xaa599fea9da156a5L, 0xe912e71546d6878dL, 0xb40f6a09a887adcaL};
        int i = 0;
        for (int[] shape : new int[][] {{16, 16, 4, 4, 2, 5, 3}, {13, 70, 5, 5, 2, 2, 4}, {9, 3, 2, 4, 3, 3, 3}}) {
            int m = shape[0];
            SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(shape[3]).stride(shape[4]).scales(shape[5]).k(shape[6])
                    .coverage(SamplerParams.Coverage.ANCHORED).upsample(SamplerParams.Upsample.PROVENANCE).build();
            SamplerParams explicit = p.toBuilder().anchorRegions(1).anchorWeight(4.0).anchorCap(0.2).build();
            assertThat(explicit).isEqualTo(p);
            SourceBank bank = TestGrids.bank(shape[1], shape[2], m, p, 4242L + m);
            GenerationRequest req = GenerationRequest.random();
            assertThat(digest(new PatchSampler().sampleMany(bank, explicit, req, 77, 0, 12, 1))).as("fast, shape %d", i).isEqualTo(before[i]);
            assertThat(digest(new ReferencePatchSampler().sampleMany(bank, explicit, req, 77, 0, 12, 1))).as("reference, shape %d", i)
                    .isEqualTo(before[i]);
            i++;
        }
    }

    @Test
    void regionZeroKeepsTheSingleAnchorAndTheOthersAreDistinct() {
        for (int b : new int[] {1, 2, 3, 5, 6, 16, 100}) {
            for (int regions : LAYOUTS) {
                for (int i = 0; i < 40; i++) {
                    int[] a = AnchoredCoverage.anchors(99, i, b, regions);
                    assertThat(a).hasSize(regions).isEqualTo(AnchoredCoverage.anchors(99, i, b, regions));
                    assertThat(a[0]).isEqualTo(AnchoredCoverage.anchor(99, i, b));
                    for (int r = 0; r < regions; r++) {
                        assertThat(a[r]).isBetween(0, b - 1);
                        if (r >= b) {
                            assertThat(a[r]).as("B=%d < regions: region %d shares region %d's", b, r, r % b).isEqualTo(a[r % b]);
                            continue;
                        }
                        for (int e = 0; e < r; e++) {
                            assertThat(a[r]).as("B=%d regions=%d image %d: region %d vs %d", b, regions, i, r, e).isNotEqualTo(a[e]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void otherRegionsDrawTheirOwnStream() {
        // region 1 is not a fixed offset of region 0 (its own permutation, not anchor + 1)
        int offsetOne = 0;
        int[] hits = new int[16];
        for (int i = 0; i < 160; i++) {
            int[] a = AnchoredCoverage.anchors(5, i, 16, 2);
            if (a[1] == (a[0] + 1) % 16) offsetOne++;
            hits[a[1]]++;
        }
        assertThat(offsetOne).isLessThan(40);
        for (int h : hits) assertThat(h).as("every source anchors some region 1").isPositive();
    }

    @Test
    void aPatchBelongsToTheRegionOfItsCentre() {
        // 16×16, ω = 4: centre (cy + 2, cx + 2)
        assertThat(AnchoredCoverage.region(1, 16, 4, 12, 12)).isZero();
        assertThat(AnchoredCoverage.region(4, 16, 4, 0, 0)).isEqualTo(0);
        assertThat(AnchoredCoverage.region(4, 16, 4, 0, 12)).isEqualTo(1);
        assertThat(AnchoredCoverage.region(4, 16, 4, 12, 0)).isEqualTo(2);
        assertThat(AnchoredCoverage.region(4, 16, 4, 12, 12)).isEqualTo(3);
        assertThat(AnchoredCoverage.region(4, 16, 4, 5, 6)).as("centre (7, 8)").isEqualTo(1);
        assertThat(AnchoredCoverage.region(2, 16, 4, 6, 0)).as("centre row 8: bottom").isEqualTo(1);
        assertThat(AnchoredCoverage.region(2, 16, 4, 5, 12)).as("centre row 7: top").isEqualTo(0);
        // 12×12, ω = 2, three bands: centre rows 0..3, 4..7, 8..11
        for (int cy = 0; cy <= 10; cy++) {
            assertThat(AnchoredCoverage.region(3, 12, 2, cy, 4)).as("cy %d", cy).isEqualTo((cy + 1) / 4);
        }
        // 3 rows × 2 columns on 10×10 (scale 10 of 16): the same fractions
        assertThat(AnchoredCoverage.region(6, 10, 4, 0, 0)).isEqualTo(0);
        assertThat(AnchoredCoverage.region(6, 10, 4, 6, 6)).as("centre (8, 8)").isEqualTo(5);
        assertThat(AnchoredCoverage.region(6, 10, 4, 3, 6)).as("centre (5, 8)").isEqualTo(3);
        assertThatThrownBy(() -> AnchoredCoverage.region(5, 16, 4, 0, 0)).hasMessageContaining("1, 2, 3, 4, 6");
    }

    @Test
    void eachRegionsAnchorDominatesItsRegion() {
        int m = 16;
        SamplerParams p = SamplerParams.defaultsFor(m).toBuilder().patch(4).stride(2).scales(2).k(3)
                .coverage(SamplerParams.Coverage.ANCHORED).upsample(SamplerParams.Upsample.PROVENANCE)
                .anchorRegions(4).anchorWeight(8).anchorCap(0.3).build();
        // 12 similar sources: no source is much nearer than another, so the anchor weight leads
        List<LatentGrid> ys = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            LatentGrid g = TestGrids.gaussian(3, m, 500 + b);
            float[] d = g.data();
            for (int i = 0; i < d.length; i++) d[i] *= 0.2f;
            ys.add(new LatentGrid(3, m, d));
        }
        SourceBank bank = SourceBank.forParams(ys, null, null, p);
        int outputs = 24;
        double inside = 0;
        double outside = 0;
        for (SampleResult r : new PatchSampler().sampleMany(bank, p, GenerationRequest.random(), 13, 0, outputs, 1)) {
            int[] a = AnchoredCoverage.anchors(13, r.imageIndex(), 12, 4);
            int[] prov = r.provenance();
            for (int region = 0; region < 4; region++) {
                int in = 0;
                int inCells = 0;
                int out = 0;
                int outCells = 0;
                for (int y = 0; y < m; y++) {
                    for (int x = 0; x < m; x++) {
                        boolean here = (y * 2 / m) * 2 + x * 2 / m == region;
                        boolean fromAnchor = prov[y * m + x] == bank.sourceId(a[region]);
                        if (here) { inCells++; if (fromAnchor) in++; } else { outCells++; if (fromAnchor) out++; }
                    }
                }
                inside += in / (double) inCells;
                outside += out / (double) outCells;
            }
        }
        inside /= 4 * outputs;
        outside /= 4 * outputs;
        assertThat(inside).as("share of a region from its own anchor").isGreaterThan(0.3);
        assertThat(inside).as("own region vs the rest of the grid").isGreaterThan(2 * outside);
    }

    @Test
    void regionalAnchorsChangeTheOutputsAndStayDeterministic() {
        SamplerParams one = SamplerParams.defaultsFor(16).toBuilder().coverage(SamplerParams.Coverage.ANCHORED).scales(2).build();
        SourceBank bank = TestGrids.bank(8, 4, 16, one, 3);
        GenerationRequest req = GenerationRequest.random();
        long single = digest(new PatchSampler().sampleMany(bank, one, req, 1, 0, 8, 1));
        for (int regions : new int[] {2, 3, 4, 6}) {
            SamplerParams p = one.toBuilder().anchorRegions(regions).build();
            long d = digest(new PatchSampler().sampleMany(bank, p, req, 1, 0, 8, 1));
            assertThat(d).as("%d regions", regions).isNotEqualTo(single).isEqualTo(digest(new PatchSampler().sampleMany(bank, p, req, 1, 0, 8, 2)));
        }
        assertThat(digest(new PatchSampler().sampleMany(bank, one.toBuilder().anchorWeight(8).build(), req, 1, 0, 8, 1))).isNotEqualTo(single);
    }

    @Test
    void builderCarriesTheAnchorParameters() {
        SamplerParams p = SamplerParams.defaultsFor(16).toBuilder().coverage(SamplerParams.Coverage.ANCHORED)
                .anchorRegions(6).anchorWeight(8).anchorCap(0.3).build();
        assertThat(p.anchorRegions()).isEqualTo(6);
        assertThat(p.anchorWeight()).isEqualTo(8.0);
        assertThat(p.anchorCap()).isEqualTo(0.3);
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p).isNotEqualTo(p.toBuilder().anchorRegions(4).build());
        assertThat(p.toString()).contains("anchorRegions=6, anchorWeight=8.0, anchorCap=0.3");
        assertThat(SamplerParams.defaultsFor(16).toString()).doesNotContain("anchor");
        assertThat(SamplerParams.defaultsFor(16).defaultAnchors()).isTrue();
    }

    @Test
    void anchorParametersAreValidated() {
        SamplerParams anchored = SamplerParams.defaultsFor(16).toBuilder().coverage(SamplerParams.Coverage.ANCHORED).build();
        for (int regions : LAYOUTS) {
            assertThatCode(() -> anchored.toBuilder().anchorRegions(regions).build().validate(16, 2)).doesNotThrowAnyException();
        }
        for (int regions : new int[] {0, -1, 5, 8, 9}) {
            assertThatThrownBy(() -> anchored.toBuilder().anchorRegions(regions).build().validate(16, 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anchor regions must be 1").hasMessageContaining("got " + regions);
        }
        for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> anchored.toBuilder().anchorWeight(w).build().validate(16, 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anchor weight must be a finite number > 0");
        }
        for (double c : new double[] {0, -0.1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> anchored.toBuilder().anchorCap(c).build().validate(16, 4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anchor cap must be a share of the output in (0, 1]");
        }
        assertThatCode(() -> anchored.toBuilder().anchorCap(1).anchorWeight(0.5).build().validate(16, 4)).doesNotThrowAnyException();
        SamplerParams paper = SamplerParams.defaultsFor(16);
        assertThatCode(() -> paper.validate(16, 4)).doesNotThrowAnyException();
        assertThatThrownBy(() -> paper.toBuilder().anchorRegions(4).build().validate(16, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only apply with coverage ANCHORED");
        assertThatThrownBy(() -> paper.toBuilder().anchorWeight(8).build().validate(16, 4))
                .hasMessageContaining("only apply with coverage ANCHORED");
        // a reference request ignores the coverage rule, regions included
        SamplerParams regional = anchored.toBuilder().anchorRegions(4).scales(2).build();
        SourceBank bank = TestGrids.bank(4, 3, 16, regional, 1);
        LatentGrid ref = TestGrids.gaussian(3, 16, 9);
        assertThat(new PatchSampler().sampleMany(bank, regional, GenerationRequest.reference(ref), 2, 0, 2, 1).get(0).provenance())
                .isEqualTo(new PatchSampler().sampleMany(bank, anchored.toBuilder().scales(2).build(), GenerationRequest.reference(ref), 2, 0, 2, 1)
                        .get(0).provenance());
    }
}
