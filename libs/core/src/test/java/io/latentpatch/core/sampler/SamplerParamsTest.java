package io.latentpatch.core.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.core.sampler.SamplerParams.Method;
import org.junit.jupiter.api.Test;

class SamplerParamsTest {

    @Test
    void defaultsOnSixteenAreThePapers() {
        SamplerParams p = SamplerParams.defaultsFor(16);
        assertThat(p.k()).isEqualTo(3);
        assertThat(p.scales()).isEqualTo(5);
        assertThat(p.patch()).isEqualTo(4);
        assertThat(p.stride()).isEqualTo(2);
        assertThat(p.coarsestFraction()).isEqualTo(0.625);
        assertThat(p.finish()).isEqualTo(SamplerParams.Finish.COPY);
        assertThat(p.upsample()).isEqualTo(SamplerParams.Upsample.BILINEAR);
        assertThat(p.method()).isEqualTo(Method.LATENTPATCH);
        assertThat(p.kPerScale()).isNull();
        assertThat(p.sourceReusePenalty()).isZero();
        assertThat(SamplerParams.builder().build()).isEqualTo(p);
    }

    @Test
    void patchAndStrideScaleWithTheGrid() {
        SamplerParams p = SamplerParams.defaultsFor(32);
        assertThat(p.patch()).isEqualTo(8);
        assertThat(p.stride()).isEqualTo(4);
        assertThat(p.scales()).isEqualTo(5);
    }

    @Test
    void defaultsAreValidForEveryGridSize() {
        for (int m = 2; m <= 64; m++) {
            SamplerParams p = SamplerParams.defaultsFor(m);
            int grid = m;
            assertThatCode(() -> p.validate(grid, 2)).as("defaults for M=%d: %s", m, p).doesNotThrowAnyException();
            assertThat(p.stride()).isGreaterThanOrEqualTo(1).isLessThan(p.patch());
        }
    }

    @Test
    void builderRoundTripsEveryField() {
        SamplerParams p = SamplerParams.defaultsFor(16).toBuilder().patch(6).stride(2).k(10).scales(5).coarsestFraction(0.5)
                .finish(SamplerParams.Finish.QUANTIZE).upsample(SamplerParams.Upsample.PROVENANCE).kPerScale(8, 5, 3, 3, 3)
                .sourceReusePenalty(0.5f).method(Method.RANDOM_PATCH).build();
        assertThat(p.toBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p.kPerScale()).containsExactly(8, 5, 3, 3, 3);
        assertThat(p.kAt(1)).isEqualTo(5);
        assertThat(p.kFinest()).isEqualTo(3);
        assertThat(p.toString()).contains("kPerScale=[8, 5, 3, 3, 3]");
    }

    @Test
    void kPerScaleIsCopiedNotShared() {
        int[] ks = {4, 3};
        SamplerParams p = SamplerParams.defaultsFor(16).toBuilder().scales(2).kPerScale(ks).build();
        ks[0] = 99;
        p.kPerScale()[1] = 99;
        assertThat(p.kPerScale()).containsExactly(4, 3);
    }

    private static SamplerParams.Builder paper() {
        return SamplerParams.defaultsFor(16).toBuilder();
    }

    @Test
    void patchThatDoesNotFitTheCoarsestScaleNamesThatScale() {
        assertThatThrownBy(() -> paper().patch(12).stride(2).build().validate(16, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ω=12")
                .hasMessageContaining("coarsest scale 10x10")
                .hasMessageContaining("[10, 12, 13, 15, 16]");
        assertThatCode(() -> paper().patch(12).stride(2).scales(1).build().validate(16, 10)).doesNotThrowAnyException();
    }

    @Test
    void patchLargerThanTheGridIsRejected() {
        assertThatThrownBy(() -> paper().patch(17).scales(1).build().validate(16, 10)).hasMessageContaining("ω=17").hasMessageContaining("16x16");
    }

    @Test
    void strideMustBeSmallerThanThePatch() {
        assertThatThrownBy(() -> paper().patch(4).stride(4).build().validate(16, 10))
                .hasMessageContaining("stride w=4 must be smaller than the patch ω=4");
        assertThatThrownBy(() -> paper().patch(1).stride(1).scales(1).build().validate(16, 10))
                .hasMessageContaining("RANDOM_CELL");
        assertThatThrownBy(() -> paper().stride(0).build().validate(16, 10)).hasMessageContaining("stride w must be >= 1, got 0");
    }

    @Test
    void kAndScalesMustBePositive() {
        assertThatThrownBy(() -> paper().k(0).build().validate(16, 10)).hasMessageContaining("k must be >= 1, got 0");
        assertThatThrownBy(() -> paper().scales(0).build().validate(16, 10)).hasMessageContaining("S must be >= 1, got 0");
        assertThatThrownBy(() -> paper().scales(9).build().validate(16, 10)).hasMessageContaining("S=9").hasMessageContaining("only 7 exist");
    }

    @Test
    void kLargerThanTheSourcesIsAcceptedAndClampedBySamplers() {
        assertThatCode(() -> paper().k(50).build().validate(16, 2)).doesNotThrowAnyException();
    }

    @Test
    void fewerThanTwoSourcesIsAClearError() {
        assertThatThrownBy(() -> paper().build().validate(16, 1))
                .hasMessageContaining("at least 2 sources, got 1")
                .hasMessageContaining("attribute filter");
        assertThatThrownBy(() -> paper().method(Method.RANDOM_CELL).build().validate(16, 0)).hasMessageContaining("got 0");
    }

    @Test
    void kPerScaleMustMatchTheScales() {
        assertThatThrownBy(() -> paper().kPerScale(3, 3).build().validate(16, 10))
                .hasMessageContaining("2 entries").hasMessageContaining("S=5");
        assertThatThrownBy(() -> paper().kPerScale(3, 3, 0, 3, 3).build().validate(16, 10))
                .hasMessageContaining("got 0 at scale 3");
    }

    @Test
    void penaltyMustBeFiniteAndNonNegative() {
        assertThatThrownBy(() -> paper().sourceReusePenalty(-1f).build().validate(16, 10)).hasMessageContaining("-1.0");
        assertThatThrownBy(() -> paper().sourceReusePenalty(Float.NaN).build().validate(16, 10)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> paper().sourceReusePenalty(Float.POSITIVE_INFINITY).build().validate(16, 10)).hasMessageContaining("Infinity");
    }

    @Test
    void coarsestFractionMustBeAFraction() {
        assertThatThrownBy(() -> paper().coarsestFraction(0).build().validate(16, 10)).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> paper().coarsestFraction(1.5).build().validate(16, 10)).hasMessageContaining("1.5");
    }

    @Test
    void randomPatchBaselineOnlyNeedsThePatchToFit() {
        assertThatCode(() -> paper().method(Method.RANDOM_PATCH).patch(16).stride(99).build().validate(16, 2)).doesNotThrowAnyException();
        assertThatCode(() -> paper().method(Method.RANDOM_PATCH).patch(1).build().validate(16, 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> paper().method(Method.RANDOM_PATCH).patch(17).build().validate(16, 2)).hasMessageContaining("ω=17");
    }
}
