package io.latentpatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.contracts.GenerationParams;
import io.latentpatch.contracts.GenerationParams.Mode;
import io.latentpatch.contracts.ImageSize;
import io.latentpatch.contracts.SourceSetManifest;
import io.latentpatch.contracts.labels.LabelsReader;
import io.latentpatch.core.labels.AttributeFilter;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.core.sampler.SamplerParams;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ContractMapping}: a job's wire form means what the same `generate` options mean. */
class ContractMappingTest {

    @Test
    void everyParameterMapsToTheSpecField() {
        GenerationParams p = GenerationParams.builder().method(GenerationParams.Method.RANDOM_PATCH).mode(Mode.REFERENCE)
                .patch(6).stride(3).k(10).scales(2).coarsestFraction(0.5).pcaDims(8)
                .finish(GenerationParams.Finish.RECONSTRUCT).upsample(GenerationParams.Upsample.PROVENANCE)
                .kPerScale(List.of(10, 4)).reference(3).reusePenalty(0.25f).multiScaleReference(true).build();
        GenerationSpec s = ContractMapping.toSpec(p);
        // What `generate --method random-patch --mode reference --patch 6 ... --reference 3` builds.
        GenerationSpec cli = new GenerationSpec(GenerationSpec.Mode.REFERENCE, SamplerParams.Method.RANDOM_PATCH, 6, 3, 10, 2, 0.5,
                SamplerParams.Finish.RECONSTRUCT, SamplerParams.Upsample.PROVENANCE, new int[] {10, 4}, 0.25f, 8, 3, true, null, null);
        assertThat(s).usingRecursiveComparison().isEqualTo(cli);
        assertThat(s.resolveParams(32)).usingRecursiveComparison().isEqualTo(cli.resolveParams(32));
    }

    @Test
    void theMappingRoundTripsBothWays() {
        GenerationParams full = GenerationParams.builder().method(GenerationParams.Method.RANDOM_CELL).mode(Mode.EDIT)
                .patch(6).stride(3).k(10).scales(2).coarsestFraction(0.5).pcaDims(8)
                .finish(GenerationParams.Finish.QUANTIZE).upsample(GenerationParams.Upsample.BILINEAR)
                .kPerScale(List.of(10, 4)).reference(3).reusePenalty(0.25f)
                .region(io.latentpatch.contracts.Region.named("eyes", "mouth")).build();
        assertThat(ContractMapping.toParams(ContractMapping.toSpec(full))).isEqualTo(full);
        GenerationParams reference = GenerationParams.builder().mode(Mode.REFERENCE).method(GenerationParams.Method.LATENTPATCH)
                .reference(1).multiScaleReference(true).build();
        assertThat(ContractMapping.toParams(ContractMapping.toSpec(reference))).isEqualTo(reference);
        GenerationParams filtered = GenerationParams.builder().mode(Mode.ATTRIBUTES).method(GenerationParams.Method.LATENTPATCH)
                .where("blond=true,glasses!=true").build();
        assertThat(ContractMapping.toParams(ContractMapping.toSpec(filtered))).isEqualTo(filtered);
        // Unset mode and method are the engine's defaults, written out explicitly on the way back.
        assertThat(ContractMapping.toParams(ContractMapping.toSpec(GenerationParams.DEFAULTS)))
                .isEqualTo(GenerationParams.builder().mode(Mode.RANDOM).method(GenerationParams.Method.LATENTPATCH).build());

        GenerationSpec spec = new GenerationSpec(GenerationSpec.Mode.ATTRIBUTES, SamplerParams.Method.LATENTPATCH, 5, 2, 4, 3, 0.75,
                SamplerParams.Finish.RECONSTRUCT, SamplerParams.Upsample.PROVENANCE, new int[] {4, 3, 2}, 0.5f, 12, null, false, null,
                "glasses=true");
        assertThat(ContractMapping.toSpec(ContractMapping.toParams(spec))).usingRecursiveComparison().isEqualTo(spec);
    }

    @Test
    void anchorParametersMapBothWaysAndTheValidatorChecksThem() {
        GenerationParams p = GenerationParams.builder().anchorRegions(6).anchorWeight(8.0).anchorCap(0.25).build();
        GenerationSpec s = ContractMapping.toSpec(p);
        assertThat(s.anchorRegions()).isEqualTo(6);
        assertThat(s.anchorWeight()).isEqualTo(8.0);
        assertThat(s.anchorCap()).isEqualTo(0.25);
        assertThat(ContractMapping.toParams(s).anchorRegions()).isEqualTo(6);
        assertThat(ContractMapping.toSpec(ContractMapping.toParams(s))).usingRecursiveComparison().isEqualTo(s);
        // what `generate --anchor-regions 6 --anchor-weight 8 --anchor-cap 0.25` resolves to
        assertThat(s.resolveParams(16)).isEqualTo(GenerationSpec.defaults().withAnchors(6, 8.0, 0.25).resolveParams(16));
        assertThat(ContractMapping.toSpec(GenerationParams.DEFAULTS).anchorRegions()).isNull();
        org.assertj.core.api.Assertions.assertThatCode(() -> ContractMapping.validate(p, 16, 16, 8)).doesNotThrowAnyException();
        // B = 2 < 4 regions is allowed: regions share anchors
        org.assertj.core.api.Assertions.assertThatCode(() -> ContractMapping.validate(GenerationParams.builder()
                .coverage(GenerationParams.Coverage.ANCHORED).anchorRegions(4).anchorWeight(1e-9).anchorCap(1.0).build(), 16, 16, 2))
                .doesNotThrowAnyException();
        // the face layout maps both ways; an unset count stays unset (5 in the engine)
        GenerationParams face = GenerationParams.builder().anchorLayout(GenerationParams.AnchorLayout.FACE).anchorWeight(8.0).build();
        GenerationSpec faceSpec = ContractMapping.toSpec(face);
        assertThat(faceSpec.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.FACE);
        assertThat(faceSpec.anchorRegions()).isNull();
        assertThat(ContractMapping.toParams(faceSpec).anchorLayout()).isEqualTo(GenerationParams.AnchorLayout.FACE);
        assertThat(ContractMapping.toSpec(ContractMapping.toParams(faceSpec))).usingRecursiveComparison().isEqualTo(faceSpec);
        assertThat(faceSpec.resolveParams(32).anchorRegions()).isEqualTo(5);
        org.assertj.core.api.Assertions.assertThatCode(() -> ContractMapping.validate(face, 32, 16, 16)).doesNotThrowAnyException();
        GenerationParams balanced = face.toBuilder().anchorLayout(GenerationParams.AnchorLayout.FACE_BALANCED).build();
        GenerationSpec balancedSpec = ContractMapping.toSpec(balanced);
        assertThat(balancedSpec.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.FACE_BALANCED);
        assertThat(ContractMapping.toParams(balancedSpec).anchorLayout()).isEqualTo(GenerationParams.AnchorLayout.FACE_BALANCED);
        assertThat(balancedSpec.resolveParams(32).anchorRegions()).as("the face's five regions").isEqualTo(5);
        GenerationParams pooled = GenerationParams.builder().anchorLayout(GenerationParams.AnchorLayout.FACE_POOLED).build();
        GenerationSpec pooledSpec = ContractMapping.toSpec(pooled);
        assertThat(pooledSpec.anchorLayout()).isEqualTo(SamplerParams.AnchorLayout.FACE_POOLED);
        assertThat(ContractMapping.toParams(pooledSpec).anchorLayout()).isEqualTo(GenerationParams.AnchorLayout.FACE_POOLED);
        assertThat(pooledSpec.resolveParams(32)).as("named, it is the default").isEqualTo(GenerationSpec.defaults().resolveParams(32));
    }

    @Test
    void everyWireEnumConstantHasAnEngineTwin() {
        for (Mode m : Mode.values()) assertThat(ContractMapping.mode(m).name()).isEqualTo(m.name());
        for (GenerationParams.Method m : GenerationParams.Method.values()) assertThat(ContractMapping.method(m).name()).isEqualTo(m.name());
        for (GenerationParams.Finish f : GenerationParams.Finish.values()) assertThat(ContractMapping.finish(f).name()).isEqualTo(f.name());
        for (GenerationParams.Upsample u : GenerationParams.Upsample.values()) {
            assertThat(ContractMapping.upsample(u).name()).isEqualTo(u.name());
        }
    }

    @Test
    void everyEngineEnumConstantHasAWireTwin() {
        for (GenerationSpec.Mode m : GenerationSpec.Mode.values()) {
            // Each mode with the inputs it needs: a reference index, region names, a filter.
            Integer reference = m == GenerationSpec.Mode.REFERENCE || m == GenerationSpec.Mode.EDIT ? 0 : null;
            List<String> region = m == GenerationSpec.Mode.EDIT ? List.of("eyes") : null;
            String where = m == GenerationSpec.Mode.ATTRIBUTES ? "blond=true" : null;
            GenerationSpec s = new GenerationSpec(m, null, null, null, null, null, null, null, null, null, null, null, reference, false,
                    region, where);
            assertThat(ContractMapping.toSpec(ContractMapping.toParams(s))).usingRecursiveComparison().isEqualTo(s);
        }
        for (SamplerParams.Method m : SamplerParams.Method.values()) {
            GenerationSpec s = new GenerationSpec(null, m, null, null, null, null, null, null, null, null, null, null, null, false, null, null);
            assertThat(ContractMapping.toSpec(ContractMapping.toParams(s)).method()).isEqualTo(m);
        }
        for (SamplerParams.Finish f : SamplerParams.Finish.values()) {
            GenerationSpec s = new GenerationSpec(null, null, null, null, null, null, null, f, null, null, null, null, null, false, null, null);
            assertThat(ContractMapping.toSpec(ContractMapping.toParams(s)).finish()).isEqualTo(f);
        }
        for (SamplerParams.Upsample u : SamplerParams.Upsample.values()) {
            GenerationSpec s = new GenerationSpec(null, null, null, null, null, null, null, null, u, null, null, null, null, false, null, null);
            assertThat(ContractMapping.toSpec(ContractMapping.toParams(s)).upsample()).isEqualTo(u);
        }
    }

    @Test
    void unsetParametersStayUnsetSoTheEngineDefaultsApply() {
        GenerationSpec s = ContractMapping.toSpec(GenerationParams.DEFAULTS);
        assertThat(s).usingRecursiveComparison().isEqualTo(GenerationSpec.defaults());
        assertThat(ContractMapping.toSpec(null)).usingRecursiveComparison().isEqualTo(GenerationSpec.defaults());
    }

    @Test
    void eachEnumConstantHasItsEngineCounterpart() {
        for (GenerationParams.Mode m : GenerationParams.Mode.values()) {
            assertThat(ContractMapping.mode(m).name()).isEqualTo(m.name());
        }
        for (GenerationParams.Method m : GenerationParams.Method.values()) {
            assertThat(ContractMapping.method(m).name()).isEqualTo(m.name());
        }
        for (GenerationParams.Finish f : GenerationParams.Finish.values()) {
            assertThat(ContractMapping.finish(f).name()).isEqualTo(f.name());
        }
        for (GenerationParams.Upsample u : GenerationParams.Upsample.values()) {
            assertThat(ContractMapping.upsample(u).name()).isEqualTo(u.name());
        }
    }

    @Test
    void namedRegionsBecomeRegionNamesAndAMaskDoesNot() {
        GenerationParams named = GenerationParams.builder().mode(Mode.EDIT).reference(1)
                .region(io.latentpatch.contracts.Region.named("eyes", "mouth")).build();
        assertThat(ContractMapping.toSpec(named).regionNames()).containsExactly("eyes", "mouth");
        assertThat(ContractMapping.regionFor(named, key -> java.util.Optional.empty())).isEqualTo(new EditRegion.Named(List.of("eyes", "mouth")));
        GenerationParams mask = named.toBuilder().region(io.latentpatch.contracts.Region.mask("jobs/j/mask.png")).build();
        assertThat(ContractMapping.toSpec(mask).regionNames()).isNull();
        assertThat(ContractMapping.regionFor(GenerationParams.DEFAULTS, key -> java.util.Optional.empty())).isNull();
    }

    @Test
    void manifestLabelsSelectTheSameSourcesAsALabelsFile() {
        SourceSetManifest m = manifest(List.of("a.png", "b.png", "c.png"), List.of(
                Map.of("glasses", "true"), Map.of("glasses", "false"), Map.of("glasses", "true")));
        SourceLabels labels = ContractMapping.labels(m);
        SourceLabels csv = LabelsReader.fromCsv("file,glasses\na.png,true\nb.png,false\nc.png,true\n");
        AttributeFilter filter = AttributeFilter.parse("glasses=true");
        assertThat(filter.matching(ContractMapping.sourceNames(m), labels))
                .containsExactly(filter.matching(List.of("a.png", "b.png", "c.png"), csv));
        assertThat(ContractMapping.labels(manifest(List.of("a.png", "b.png"), null))).isNull();
    }

    @Test
    void duplicateFileNamesGetTheirIndexSoEachImageKeepsItsOwnLabels() {
        SourceSetManifest m = manifest(List.of("face.png", "face.png", "2.png"), List.of(
                Map.of("smile", "yes"), Map.of("smile", "no"), Map.of("smile", "yes")));
        assertThat(ContractMapping.sourceNames(m)).containsExactly("face.png#0", "face.png#1", "2.png#2");
        int[] hits = AttributeFilter.parse("smile=yes").matching(ContractMapping.sourceNames(m), ContractMapping.labels(m));
        assertThat(hits).containsExactly(0, 2);
    }

    @Test
    void validateReportsWhatTheEngineWouldBeforeAnythingIsEncoded() {
        ContractMapping.validate(GenerationParams.DEFAULTS, 768, 16, 4);
        assertThatThrownBy(() -> ContractMapping.validate(GenerationParams.builder().pcaDims(20).build(), 16, 32, 4))
                .hasMessageContaining("--pca 20 is larger than the codec's 16 latent channels");
        assertThatThrownBy(() -> ContractMapping.validate(GenerationParams.builder().patch(40).build(), 16, 32, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40");
        assertThatThrownBy(() -> ContractMapping.validate(GenerationParams.builder().mode(Mode.REFERENCE).reference(9).build(), 16, 32, 4))
                .hasMessageContaining("--reference 9 is not a source index; the set has 4 sources");
        assertThatThrownBy(() -> ContractMapping.validate(GenerationParams.builder().mode(Mode.EDIT).reference(0)
                .region(io.latentpatch.contracts.Region.named("tail")).build(), 16, 32, 4))
                .hasMessageContaining("unknown region 'tail'");
        assertThatThrownBy(() -> ContractMapping.validate(GenerationParams.DEFAULTS, 16, 32, 1))
                .hasMessageContaining("at least 2 sources");
    }

    private static SourceSetManifest manifest(List<String> names, List<Map<String, String>> labels) {
        List<byte[]> images = names.stream().map(n -> n.getBytes()).toList();
        return SourceSetManifest.of("set-1", Collections.nCopies(names.size(), new ImageSize(64, 64)), names, labels, images,
                Instant.parse("2026-11-23T00:00:00Z"));
    }

}
