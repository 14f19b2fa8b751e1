package io.latentpatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.sampler.AnchoredCoverage;
import io.latentpatch.core.sampler.SamplerParams;
import org.junit.jupiter.api.Test;

/** {@link GenerationSpec}: unset parameters follow the paper scaled to the grid; set ones win; bad text names the choices. */
class GenerationSpecTest {

    @Test
    void defaultsAreThePapersOnA16GridAndScaleWithTheGrid() {
        SamplerParams p16 = GenerationSpec.defaults().resolveParams(16);
        assertThat(new int[] {p16.patch(), p16.stride(), p16.k(), p16.scales()}).containsExactly(4, 2, 3, 5);
        assertThat(p16.coverage()).isEqualTo(SamplerParams.Coverage.ANCHORED);
        assertThat(p16.finish()).isEqualTo(SamplerParams.Finish.BLEND);
        assertThat(p16.upsample()).isEqualTo(SamplerParams.Upsample.PROVENANCE);
        // one flag away: the paper's rule with the paper's every default
        SamplerParams paper = GenerationSpec.defaults().withCoverage(SamplerParams.Coverage.NONE).resolveParams(16);
        assertThat(paper).isEqualTo(SamplerParams.defaultsFor(16));
        // the baselines keep the paper's finish
        assertThat(new GenerationSpec(GenerationSpec.Mode.RANDOM, SamplerParams.Method.RANDOM_PATCH, null, null, null, null, null, null,
                null, null, null, null, null, false, null, null).resolveParams(16).finish()).isEqualTo(SamplerParams.Finish.COPY);
        SamplerParams p32 = GenerationSpec.defaults().resolveParams(32);
        assertThat(new int[] {p32.patch(), p32.stride(), p32.k(), p32.scales()}).containsExactly(8, 4, 3, 5);
    }

    @Test
    void explicitValuesOverrideTheDefaults() {
        GenerationSpec spec = new GenerationSpec(GenerationSpec.Mode.RANDOM, SamplerParams.Method.RANDOM_PATCH, 6, 3, 10, 1, 0.5,
                SamplerParams.Finish.RECONSTRUCT, SamplerParams.Upsample.PROVENANCE, new int[] {10}, 0.25f, 8, null, false, null, null);
        SamplerParams p = spec.resolveParams(32);
        assertThat(new int[] {p.patch(), p.stride(), p.k(), p.scales()}).containsExactly(6, 3, 10, 1);
        assertThat(p.coarsestFraction()).isEqualTo(0.5);
        assertThat(p.finish()).isEqualTo(SamplerParams.Finish.RECONSTRUCT);
        assertThat(p.upsample()).isEqualTo(SamplerParams.Upsample.PROVENANCE);
        assertThat(p.kPerScale()).containsExactly(10);
        assertThat(p.sourceReusePenalty()).isEqualTo(0.25f);
        assertThat(p.method()).isEqualTo(SamplerParams.Method.RANDOM_PATCH);
        assertThat(spec.resolvePcaDims(32)).isEqualTo(8);
    }

    @Test
    void anchorParametersResolveIntoTheSamplerAndUnsetIsThePooledFaceLayoutWithFiveRegions() {
        SamplerParams unset = GenerationSpec.defaults().resolveParams(16);
        assertThat(unset.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.FACE_POOLED);
        assertThat(unset.anchorRegions()).isEqualTo(GenerationSpec.DEFAULT_FACE_REGIONS).isEqualTo(5);
        assertThat(unset.anchorWeight()).isEqualTo(GenerationSpec.DEFAULT_POOLED_WEIGHT).isEqualTo(64.0);
        assertThat(unset.anchorCap()).isEqualTo(GenerationSpec.DEFAULT_POOLED_CAP).isEqualTo(0.25);
        unset.validate(16, 16);
        // the grid layout alone is the earlier default, one anchor of weight 4: the engine's own defaults
        SamplerParams grid = GenerationSpec.defaults().withAnchors(null, SamplerParams.AnchorLayout.GRID, null, null).resolveParams(16);
        assertThat(grid.anchorRegions()).isEqualTo(1);
        assertThat(grid.anchorWeight()).isEqualTo(4.0);
        assertThat(grid.defaultAnchors()).isTrue();
        assertThat(ReportJson.params(grid).has("anchorRegions")).as("the grid default's reports keep their bytes").isFalse();
        // a region count alone keeps its grid meaning
        SamplerParams regional = GenerationSpec.defaults().withAnchors(4, 8.0, 0.3).resolveParams(32);
        assertThat(regional.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.GRID);
        assertThat(regional.anchorRegions()).isEqualTo(4);
        assertThat(regional.anchorWeight()).isEqualTo(8.0);
        assertThat(regional.anchorCap()).isEqualTo(0.3);
        assertThat(regional.toBuilder().anchorRegions(1).anchorWeight(4).anchorCap(0.2).build())
                .isEqualTo(GenerationSpec.defaults().withAnchors(null, SamplerParams.AnchorLayout.GRID, null, null).resolveParams(32));
        assertThat(GenerationSpec.defaults().withAnchors(2, null, null).resolveParams(32).anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.GRID);
        // a weight or cap alone keeps the pooled face layout
        SamplerParams weight6 = GenerationSpec.defaults().withAnchors(null, 6.0, null).resolveParams(32);
        assertThat(weight6.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.FACE_POOLED);
        assertThat(weight6.anchorRegions()).isEqualTo(5);
        assertThat(weight6.anchorWeight()).isEqualTo(6.0);
        assertThat(weight6.anchorCap()).isEqualTo(0.25);
        assertThat(GenerationSpec.defaults().withAnchors(null, null, 0.5).resolveParams(32).anchorWeight()).isEqualTo(64.0);
        // with the paper's rule they are an error, not silently dropped, and unset they stay the engine's
        SamplerParams paper = GenerationSpec.defaults().withCoverage(SamplerParams.Coverage.NONE).withAnchors(3, null, null).resolveParams(16);
        assertThatThrownBy(() -> paper.validate(16, 8)).hasMessageContaining("only apply with coverage ANCHORED");
        SamplerParams paperUnset = GenerationSpec.defaults().withCoverage(SamplerParams.Coverage.NONE).resolveParams(16);
        assertThat(paperUnset.defaultAnchors()).isTrue();
        paperUnset.validate(16, 8);
        var json = ReportJson.params(regional);
        assertThat(json.get("anchorRegions").asInt()).isEqualTo(4);
        assertThat(json.get("anchorWeight").asDouble()).isEqualTo(8.0);
        assertThat(json.get("anchorCap").asDouble()).isEqualTo(0.3);
        var unsetJson = ReportJson.params(unset);
        assertThat(unsetJson.get("anchorLayout").asText()).isEqualTo("face-pooled");
        assertThat(unsetJson.get("anchorRegions").asInt()).isEqualTo(5);
        assertThat(unsetJson.get("anchorWeight").asDouble()).isEqualTo(64.0);
        assertThat(unsetJson.get("anchorCap").asDouble()).isEqualTo(0.25);
    }

    @Test
    void theFaceLayoutResolvesWithFiveRegionsUnlessToldAndIsReported() {
        SamplerParams face = GenerationSpec.defaults().withAnchors(null, SamplerParams.AnchorLayout.FACE, 4.0, null).resolveParams(32);
        assertThat(face.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.FACE);
        assertThat(face.anchorRegions()).as("the face layout's default").isEqualTo(5);
        assertThat(face.anchorWeight()).isEqualTo(4.0);
        assertThat(face.anchorCap()).isEqualTo(0.2);
        // the face layout is the default of 2026-12-02: the same regions, weight 8, the engine's cap, the donors unspread
        assertThat(GenerationSpec.defaults().withAnchors(null, SamplerParams.AnchorLayout.FACE, null, null).resolveParams(32))
                .isEqualTo(GenerationSpec.defaults().resolveParams(32).toBuilder()
                        .anchorLayout(SamplerParams.AnchorLayout.FACE).anchorWeight(8.0).anchorCap(0.2).build());
        SamplerParams face3 = GenerationSpec.defaults().withAnchors(3, SamplerParams.AnchorLayout.FACE, null, 0.4).resolveParams(32);
        assertThat(face3.anchorRegions()).isEqualTo(3);
        assertThat(face3.anchorWeight()).isEqualTo(8.0);
        face3.validate(32, 16);
        assertThat(GenerationSpec.defaults().withAnchors(4, SamplerParams.AnchorLayout.GRID, null, null).resolveParams(32))
                .isEqualTo(GenerationSpec.defaults().withAnchors(4, null, null).resolveParams(32));
        assertThatThrownBy(() -> GenerationSpec.defaults().withAnchors(6, SamplerParams.AnchorLayout.FACE, null, null).resolveParams(16)
                .validate(16, 8)).hasMessageContaining("face layout must be 2");
        // the balanced face layout takes the face's defaults (5 regions, weight 8, cap 0.2) and is reported by name
        SamplerParams balanced = GenerationSpec.defaults().withAnchors(null, SamplerParams.AnchorLayout.FACE_BALANCED, null, null)
                .resolveParams(32);
        assertThat(balanced).isEqualTo(GenerationSpec.defaults().resolveParams(32).toBuilder()
                .anchorLayout(SamplerParams.AnchorLayout.FACE_BALANCED).anchorWeight(GenerationSpec.DEFAULT_FACE_WEIGHT)
                .anchorCap(AnchoredCoverage.SHARE_CAP).build());
        assertThat(ReportJson.params(balanced).get("anchorLayout").asText()).isEqualTo("face-balanced");
        // the pooled face layout, named, is the default
        SamplerParams pooled = GenerationSpec.defaults().withAnchors(null, SamplerParams.AnchorLayout.FACE_POOLED, null, null)
                .resolveParams(32);
        assertThat(pooled).isEqualTo(GenerationSpec.defaults().resolveParams(32));
        assertThat(pooled.anchorLayout().donorPool()).isEqualTo(6);
        assertThat(ReportJson.params(pooled).get("anchorLayout").asText()).isEqualTo("face-pooled");
        var json = ReportJson.params(face);
        assertThat(json.get("anchorLayout").asText()).isEqualTo("face");
        assertThat(json.get("anchorRegions").asInt()).isEqualTo(5);
        assertThat(ReportJson.params(GenerationSpec.defaults().withAnchors(4, 8.0, 0.3).resolveParams(32)).has("anchorLayout"))
                .as("grid reports keep their bytes").isFalse();
        // the baselines take no anchors: their defaults stay the engine's
        SamplerParams baseline = new GenerationSpec(GenerationSpec.Mode.RANDOM, SamplerParams.Method.RANDOM_PATCH, null, null, null, null,
                null, null, null, null, null, null, null, false, null, null).resolveParams(16);
        assertThat(baseline.defaultAnchors()).isTrue();
        // reference and edit modes take no anchors either; attributes generation does
        for (GenerationSpec.Mode mode : new GenerationSpec.Mode[] {GenerationSpec.Mode.REFERENCE, GenerationSpec.Mode.EDIT}) {
            SamplerParams p = new GenerationSpec(mode, SamplerParams.Method.LATENTPATCH, null, null, null, null,
                    null, null, null, null, null, null, null, false, null, null).resolveParams(16);
            assertThat(p.defaultAnchors()).as("%s", mode).isTrue();
            assertThat(ReportJson.params(p).has("anchorLayout")).isFalse();
        }
        assertThat(new GenerationSpec(GenerationSpec.Mode.ATTRIBUTES, SamplerParams.Method.LATENTPATCH, null, null, null, null,
                null, null, null, null, null, null, null, false, null, "glasses=true").resolveParams(16).anchorLayout())
                .isEqualTo(SamplerParams.AnchorLayout.FACE_POOLED);
    }

    @Test
    void pcaDimsDefaultTo16OrLAndMayNotExceedL() {
        assertThat(GenerationSpec.defaults().resolvePcaDims(768)).isEqualTo(16);
        assertThat(GenerationSpec.defaults().resolvePcaDims(4)).isEqualTo(4);
        GenerationSpec r40 = new GenerationSpec(null, null, null, null, null, null, null, null, null, null, null, 40, null, false, null, null);
        assertThatThrownBy(() -> r40.resolvePcaDims(32)).hasMessageContaining("--pca 40").hasMessageContaining("at most 32");
    }

    @Test
    void enumTextIsParsedLeniantlyAndAnUnknownValueListsTheChoices() {
        assertThat(GenerationSpec.Mode.parse(" Edit ")).isEqualTo(GenerationSpec.Mode.EDIT);
        assertThat(GenerationSpec.parseEnum(SamplerParams.Method.class, "random-cell", "method")).isEqualTo(SamplerParams.Method.RANDOM_CELL);
        assertThat(GenerationSpec.label(SamplerParams.Method.RANDOM_PATCH)).isEqualTo("random-patch");
        assertThatThrownBy(() -> GenerationSpec.Mode.parse("inpaint"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown mode 'inpaint'; choose one of random|reference|edit|attributes");
    }
}
