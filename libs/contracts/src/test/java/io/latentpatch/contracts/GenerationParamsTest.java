package io.latentpatch.contracts;

import io.latentpatch.contracts.GenerationParams.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationParamsTest {

    private static GenerationParams.Builder b() {
        return GenerationParams.builder();
    }

    @Test
    void anchorFieldsAreCheckedAndRoundTripOnTheWire() throws Exception {
        assertThatThrownBy(() -> b().anchorRegions(5).build()).isInstanceOf(InvalidMessageException.class)
                .hasMessage("anchorRegions must be 1, 2 (halves), 3 (bands), 4 (quadrants) or 6 (3x2), got 5");
        assertThatThrownBy(() -> b().anchorWeight(0.0).build()).hasMessage("anchorWeight must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> b().anchorWeight(Double.NaN).build()).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> b().anchorCap(1.5).build()).hasMessage("anchorCap must be a share of the output in (0, 1], got 1.5");
        assertThatThrownBy(() -> b().coverage(GenerationParams.Coverage.NONE).anchorRegions(4).build())
                .hasMessageContaining("only apply with coverage anchored");
        GenerationParams p = b().anchorRegions(4).anchorWeight(8.0).anchorCap(0.3).build();
        var json = JsonCodec.shared().writeParams(p);
        assertThat(json.get("anchorRegions").asInt()).isEqualTo(4);
        assertThat(json.get("anchorWeight").asDouble()).isEqualTo(8.0);
        assertThat(json.get("anchorCap").asDouble()).isEqualTo(0.3);
        assertThat(JsonCodec.shared().readParams(json)).isEqualTo(p);
        assertThat(p.toBuilder().build()).isEqualTo(p);
        var unset = JsonCodec.shared().writeParams(GenerationParams.DEFAULTS);
        assertThat(unset.has("anchorRegions") || unset.has("anchorWeight") || unset.has("anchorCap")).as("unset is omitted").isFalse();
        assertThat(JsonCodec.shared().readParams(JsonCodec.shared().mapper().readTree("{\"anchorRegions\":6}")).anchorRegions()).isEqualTo(6);
    }

    @Test
    void theFaceLayoutIsCheckedAndRoundTripsOnTheWire() throws Exception {
        GenerationParams face = b().anchorLayout(GenerationParams.AnchorLayout.FACE).anchorWeight(8.0).build();
        var json = JsonCodec.shared().writeParams(face);
        assertThat(json.get("anchorLayout").asText()).isEqualTo("face");
        assertThat(json.has("anchorRegions")).as("unset: the engine's 2 for the face layout").isFalse();
        assertThat(JsonCodec.shared().readParams(json)).isEqualTo(face);
        GenerationParams face3 = JsonCodec.shared().readParams(JsonCodec.shared().mapper()
                .readTree("{\"anchorLayout\":\"face\",\"anchorRegions\":3}"));
        assertThat(face3.anchorLayout()).isEqualTo(GenerationParams.AnchorLayout.FACE);
        assertThat(face3.anchorRegions()).isEqualTo(3);
        assertThat(face3.toBuilder().build()).isEqualTo(face3);
        assertThat(b().anchorLayout(GenerationParams.AnchorLayout.FACE).anchorRegions(5).build().anchorRegions()).isEqualTo(5);
        for (int regions : new int[] {1, 4, 6, 0}) {
            assertThatThrownBy(() -> b().anchorLayout(GenerationParams.AnchorLayout.FACE).anchorRegions(regions).build())
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessage("anchorRegions with anchorLayout face must be 2 (inner face, outside), 3 (inner face, outside above,"
                            + " outside below) or 5 (inner face, the outside's four quarters), got " + regions);
        }
        assertThatThrownBy(() -> b().anchorRegions(5).build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("anchorRegions must be 1, 2 (halves)");
        // the balanced face layout: its own wire name, the face's region counts
        GenerationParams balanced = JsonCodec.shared().readParams(JsonCodec.shared().mapper()
                .readTree("{\"anchorLayout\":\"face-balanced\",\"anchorRegions\":5}"));
        assertThat(balanced.anchorLayout()).isEqualTo(GenerationParams.AnchorLayout.FACE_BALANCED);
        assertThat(JsonCodec.shared().writeParams(balanced).get("anchorLayout").asText()).isEqualTo("face-balanced");
        assertThatThrownBy(() -> b().anchorLayout(GenerationParams.AnchorLayout.FACE_BALANCED).anchorRegions(4).build())
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("anchorRegions with anchorLayout face-balanced must be 2 (inner face, outside)");
        // the pooled face layout (the engine's default): its own wire name, the face's region counts
        GenerationParams pooled = JsonCodec.shared().readParams(JsonCodec.shared().mapper()
                .readTree("{\"anchorLayout\":\"face-pooled\",\"anchorRegions\":3}"));
        assertThat(pooled.anchorLayout()).isEqualTo(GenerationParams.AnchorLayout.FACE_POOLED);
        assertThat(JsonCodec.shared().writeParams(pooled).get("anchorLayout").asText()).isEqualTo("face-pooled");
        assertThatThrownBy(() -> b().anchorLayout(GenerationParams.AnchorLayout.FACE_POOLED).anchorRegions(6).build())
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("anchorRegions with anchorLayout face-pooled must be 2 (inner face, outside)");
        assertThat(b().anchorLayout(GenerationParams.AnchorLayout.GRID).anchorRegions(6).build().anchorRegions()).isEqualTo(6);
        assertThatThrownBy(() -> b().coverage(GenerationParams.Coverage.NONE).anchorLayout(GenerationParams.AnchorLayout.FACE).build())
                .hasMessageContaining("'anchorLayout'").hasMessageContaining("only apply with coverage anchored");
        assertThat(JsonCodec.shared().writeParams(GenerationParams.DEFAULTS).has("anchorLayout")).isFalse();
    }

    @Test
    void allNullMeansEngineDefaults() {
        assertThat(GenerationParams.DEFAULTS.patch()).isNull();
        assertThat(GenerationParams.DEFAULTS.mode()).isNull();
        assertThat(GenerationParams.DEFAULTS.where()).isNull();
    }

    @Test
    void rangesAreCheckedWithTheRejectedValue() {
        assertThatThrownBy(() -> b().patch(0).build()).hasMessage("patch must be >= 1, got 0");
        assertThatThrownBy(() -> b().k(-2).build()).hasMessage("k must be >= 1, got -2");
        assertThatThrownBy(() -> b().coarsestFraction(1.5).build()).hasMessageContaining("(0, 1], got 1.5");
        assertThatThrownBy(() -> b().coarsestFraction(Double.NaN).build()).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> b().patch(4).stride(5).build()).hasMessageContaining("stride 5 is larger than patch 4");
        assertThatThrownBy(() -> b().kPerScale(List.of(3, 0)).build()).hasMessageContaining("kPerScale element must be >= 1");
        assertThatThrownBy(() -> b().scales(5).kPerScale(List.of(3, 3)).build())
                .hasMessageContaining("kPerScale has 2 entries but scales is 5");
    }

    @Test
    void modesRequireTheirInputsAndRejectOthersInputs() {
        assertThatThrownBy(() -> b().mode(Mode.REFERENCE).build()).hasMessageContaining("needs 'reference'");
        assertThat(b().mode(Mode.REFERENCE).referenceImage("tenants/acme/sources/s/references/ab.png").build().referenceImage())
                .isEqualTo("tenants/acme/sources/s/references/ab.png");
        assertThatThrownBy(() -> b().mode(Mode.REFERENCE).reference(1).referenceImage("tenants/acme/sources/s/references/ab.png").build())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> b().referenceImage("tenants/acme/sources/s/references/ab.png").build())
                .hasMessageContaining("'referenceImage' is only used by modes reference and edit");
        assertThatThrownBy(() -> b().mode(Mode.EDIT).reference(1).build()).hasMessageContaining("needs 'region'");
        assertThatThrownBy(() -> b().mode(Mode.ATTRIBUTES).build()).hasMessageContaining("needs 'where'");
        assertThatThrownBy(() -> b().reference(2).build()).hasMessageContaining("only used by modes reference and edit");
        assertThatThrownBy(() -> b().mode(Mode.REFERENCE).reference(0).region(Region.named("eyes")).build())
                .hasMessageContaining("'region' is only used by mode edit");

        GenerationParams edit = b().mode(Mode.EDIT).reference(1).region(Region.named("eyes")).build();
        assertThat(edit.toBuilder().build()).isEqualTo(edit);
        GenerationParams attributes = b().mode(Mode.ATTRIBUTES).where("blond=true").build();
        assertThat(attributes.toBuilder().build()).isEqualTo(attributes);
    }

    @Test
    void attributeFilterBelongsToAttributesModeOnly() {
        assertThatThrownBy(() -> b().where("blond=true").build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("'where' is only used by mode attributes");
        assertThatThrownBy(() -> b().mode(Mode.ATTRIBUTES).where(" ").build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("mode attributes needs 'where'");
    }

    @Test
    void reusePenaltyMustBeFiniteAndNonNegative() {
        assertThatThrownBy(() -> b().reusePenalty(-0.5f).build()).isInstanceOf(InvalidMessageException.class)
                .hasMessage("reusePenalty must be a finite number >= 0, got -0.5");
        assertThatThrownBy(() -> b().reusePenalty(Float.POSITIVE_INFINITY).build()).hasMessageContaining("got Infinity");
        assertThatThrownBy(() -> b().reusePenalty(Float.NaN).build()).hasMessageContaining("got NaN");
        assertThat(b().reusePenalty(0.25f).build().reusePenalty()).isEqualTo(0.25f);
    }

    @Test
    void multiScaleReferenceBelongsToReferenceModeOnly() {
        assertThatThrownBy(() -> b().multiScaleReference(true).build()).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("'multiScaleReference' is only used by mode reference");
        GenerationParams p = b().mode(Mode.REFERENCE).reference(2).multiScaleReference(true).build();
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(b().multiScaleReference(false).build().multiScaleReference()).isFalse();
    }

    @Test
    void regionNeedsExactlyOneFormAndTokenNames() {
        assertThatThrownBy(() -> new Region(null, null)).hasMessageContaining("not neither");
        assertThatThrownBy(() -> new Region(List.of("eyes"), "tenants/acme/jobs/a/mask.png")).hasMessageContaining("not both");
        assertThatThrownBy(() -> Region.named()).hasMessageContaining("empty");
        assertThatThrownBy(() -> Region.named("Eyes")).hasMessageContaining("'Eyes' is not a region name");
        assertThat(Region.mask("tenants/acme/jobs/a/mask.png").isMask()).isTrue();
    }

    @Test
    void listsAreCopiedSoCallersCannotMutateAMessage() {
        java.util.ArrayList<Integer> ks = new java.util.ArrayList<>(List.of(3, 3));
        GenerationParams p = b().kPerScale(ks).build();
        ks.add(9);
        assertThat(p.kPerScale()).containsExactly(3, 3);
        assertThatThrownBy(() -> p.kPerScale().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
