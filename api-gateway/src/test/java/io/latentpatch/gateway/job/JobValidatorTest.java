package io.latentpatch.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.GenerationParams.Mode;
import io.latentpatch.contracts.Region;
import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.gateway.problem.Problem.FieldError;
import io.latentpatch.contracts.ModelInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JobValidatorTest {

    /** pixel-f16 at 256 px: L = 768, M = 16. */
    private static final ModelInfo PIXEL = ModelInfo.of("pixel-f16", 768, 16, 256, "test", java.time.Instant.EPOCH);
    private static final Function<GenerationParams, io.latentpatch.planning.EditRegion> NO_MASKS = p -> {
        throw new AssertionError("no mask expected");
    };

    private final JobValidator validator = new JobValidator(256);

    private static SourceSetManifest set(int b, List<Map<String, String>> labels) {
        List<String> names = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            names.add("face_" + i + ".png");
            images.add(new byte[] {(byte) i});
        }
        return SourceSetManifest.of("set-" + b, Collections.nCopies(b, new ImageSize(256, 256)), names, labels, images, Instant.EPOCH);
    }

    private List<FieldError> check(GenerationParams p, SourceSetManifest set) {
        return validator.checkParams(p, PIXEL, set, NO_MASKS);
    }

    @Test
    void defaultsAndTheCountLimit() {
        assertThat(check(GenerationParams.DEFAULTS, set(2, null))).isEmpty();
        assertThat(validator.checkCount(1)).isEmpty();
        assertThat(validator.checkCount(256)).isEmpty();
        assertThat(validator.checkCount(257)).singleElement().extracting(FieldError::detail).asString()
                .contains("between 1 and 256, got 257");
        assertThat(validator.checkCount(0)).hasSize(1);
        assertThat(new JobValidator(1_000_000).maxCount()).isEqualTo(10_000);
    }

    @Test
    void parametersAreCheckedOnTheModelsGridAndTheErrorNamesTheField() {
        List<FieldError> big = check(GenerationParams.builder().patch(17).stride(2).scales(1).build(), set(4, null));
        assertThat(big).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/params/patch");
            assertThat(e.detail()).contains("ω=17").contains("16x16").contains("pixel-f16");
        });
        assertThat(check(GenerationParams.builder().patch(4).stride(4).build(), set(4, null))).singleElement()
                .satisfies(e -> assertThat(e.pointer()).isEqualTo("/params/stride"))
                .extracting(FieldError::detail).asString().contains("stride w=4 must be smaller than the patch ω=4");
        assertThat(check(GenerationParams.builder().pcaDims(769).build(), set(4, null))).singleElement()
                .satisfies(e -> assertThat(e.pointer()).isEqualTo("/params/pcaDims"))
                .extracting(FieldError::detail).asString().contains("768");
        assertThat(check(GenerationParams.builder().patch(8).stride(4).scales(1).build(), set(4, null))).isEmpty();
    }

    @Test
    void anchorParametersPassThroughTheEnginesChecksAndTheirMessagesNameTheField() {
        GenerationParams regional = GenerationParams.builder().anchorRegions(6).anchorWeight(8.0).anchorCap(0.3).build();
        assertThat(check(regional, set(4, null))).isEmpty();
        assertThat(check(regional, set(2, null))).as("fewer sources than regions: regions share anchors").isEmpty();
        assertThat(JobValidator.paramPointer("anchor regions must be 1 (one anchor), ... got 5")).isEqualTo("/params/anchorRegions");
        assertThat(JobValidator.paramPointer("anchor weight must be a finite number > 0, got 0.0")).isEqualTo("/params/anchorWeight");
        assertThat(JobValidator.paramPointer("anchor cap must be a share of the output in (0, 1], got 2.0")).isEqualTo("/params/anchorCap");
        GenerationParams face = GenerationParams.builder().anchorLayout(GenerationParams.AnchorLayout.FACE).anchorRegions(3)
                .anchorWeight(8.0).anchorCap(0.4).build();
        assertThat(check(face, set(4, null))).isEmpty();
        assertThat(check(face, set(2, null))).as("fewer sources than regions: regions share anchors").isEmpty();
        GenerationParams balanced = face.toBuilder().anchorLayout(GenerationParams.AnchorLayout.FACE_BALANCED).anchorRegions(5).build();
        assertThat(check(balanced, set(4, null))).isEmpty();
        assertThat(check(balanced, set(3, null))).as("fewer sources than regions: regions share anchors").isEmpty();
        assertThat(JobValidator.paramPointer("anchor regions with the face layout must be 2 (inner face, outside) or 3 ..., got 4"))
                .isEqualTo("/params/anchorRegions");
    }

    @Test
    void theReferenceMustBeAnImageOfTheSet() {
        GenerationParams p = GenerationParams.builder().mode(Mode.REFERENCE).reference(4).build();
        assertThat(check(p, set(4, null))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/params/reference");
            assertThat(e.detail()).contains("has 4 images (0..3)");
        });
        assertThat(check(GenerationParams.builder().mode(Mode.REFERENCE).reference(3).build(), set(4, null))).isEmpty();
    }

    @Test
    void editingNeedsTwoOtherSourcesAndKnownRegionNames() {
        GenerationParams edit = GenerationParams.builder().mode(Mode.EDIT).reference(0).region(Region.named("eyes")).build();
        assertThat(check(edit, set(2, null))).singleElement().extracting(FieldError::detail).asString()
                .contains("at least 2 other sources");
        assertThat(check(edit, set(3, null))).isEmpty();
        GenerationParams ears = GenerationParams.builder().mode(Mode.EDIT).reference(0).region(Region.named("ears")).build();
        assertThat(check(ears, set(3, null))).singleElement().extracting(FieldError::detail).asString()
                .contains("unknown region 'ears'").contains("eyes");
    }

    @Test
    void maskRegionsAreLoadedAndMustCoverACell() {
        GenerationParams mask = GenerationParams.builder().mode(Mode.EDIT).reference(0)
                .region(Region.mask("jobs/x/mask.png")).build();
        List<FieldError> missing = validator.checkParams(mask, PIXEL, set(3, null), p -> {
            throw new IllegalArgumentException("region mask jobs/x/mask.png does not exist in the object store");
        });
        assertThat(missing).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/params/region");
            assertThat(e.detail()).contains("does not exist");
        });
        java.awt.image.BufferedImage black = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
        List<FieldError> empty = validator.checkParams(mask, PIXEL, set(3, null),
                p -> new io.latentpatch.planning.EditRegion.Mask(black, "jobs/x/mask.png"));
        assertThat(empty).singleElement().extracting(FieldError::detail).asString().contains("covers no grid cell");
    }

    @Test
    void attributeFiltersMustParseAndMatchTwoLabelledSources() {
        List<Map<String, String>> labels = List.of(Map.of("blond", "true"), Map.of("blond", "false"),
                Map.of("blond", "yes"), Map.of());
        GenerationParams blond = GenerationParams.builder().mode(Mode.ATTRIBUTES).where("blond=true").build();
        assertThat(check(blond, set(4, labels))).isEmpty();
        GenerationParams dark = GenerationParams.builder().mode(Mode.ATTRIBUTES).where("blond=false").build();
        assertThat(check(dark, set(4, labels))).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/params/where");
            assertThat(e.detail()).contains("1 of 4 sources match").contains("at least 2");
        });
        GenerationParams unknown = GenerationParams.builder().mode(Mode.ATTRIBUTES).where("glasses=true").build();
        assertThat(check(unknown, set(4, labels))).singleElement().extracting(FieldError::detail).asString()
                .contains("unknown attribute 'glasses'").contains("blond");
        GenerationParams syntax = GenerationParams.builder().mode(Mode.ATTRIBUTES).where("blond").build();
        assertThat(check(syntax, set(4, labels))).singleElement().extracting(FieldError::detail).asString()
                .contains("no '=' or '!='");
        assertThat(check(blond, set(4, null))).singleElement().extracting(FieldError::detail).asString()
                .contains("has no labels");
    }
}
