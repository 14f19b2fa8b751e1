package io.latentpatch.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.contracts.labels.LabelsReader;
import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.labels.SourceLabels;
import io.latentpatch.core.sampler.GenerationRequest;
import io.latentpatch.core.sampler.PatchSampler;
import io.latentpatch.core.sampler.SampleResult;
import io.latentpatch.core.sampler.SamplerParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link JobPlanner}: what each mode hands the sampler, and the errors a user sees when a mode lacks an input. */
class JobPlannerTest {
    private static final int B = 7;
    private static final int L = 5;
    private static final int M = 16;

    private static final List<LatentGrid> LATENTS = randomLatents(B, L, M, 42);
    private static final EncodedSources SOURCES = EncodedSources.fit(LATENTS, 3);
    private static final List<String> NAMES = names(B);
    /** glasses=true for sources 1, 4 and 6 only. */
    private static final SourceLabels LABELS = LabelsReader.fromCsv("""
            file,glasses,hair
            s0.png,false,dark
            s1.png,true,blond
            s2.png,false,blond
            s3.png,false,dark
            s4.png,true,dark
            s5.png,false,dark
            s6.png,true,blond
            """);

    @Test
    void randomModeBanksEverySourceWithThePaperDefaultsForTheGrid() {
        JobPlanner.Plan plan = JobPlanner.plan(GenerationSpec.defaults(), SOURCES, NAMES, null, null, null);

        assertThat(plan.sourceIds()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(plan.bank().sourceIds()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(plan.sourceCount()).isEqualTo(B);
        assertThat(plan.request()).isInstanceOf(GenerationRequest.Random.class);
        assertThat(plan.targetOriginal()).isNull();
        assertThat(plan.params().patch()).isEqualTo(4);
        assertThat(plan.params().stride()).isEqualTo(2);
        assertThat(plan.params().k()).isEqualTo(3);
        assertThat(plan.params().scales()).isEqualTo(5);
        for (int b = 0; b < B; b++) {
            assertThat(plan.bank().original(b)).isEqualTo(LATENTS.get(b));
            assertThat(plan.bank().sourceAt(M, b)).isEqualTo(SOURCES.pca().project(LATENTS.get(b)));
        }
    }

    @Test
    void attributesModeBanksOnlyMatchingSourcesAndProvenanceReportsTheirOriginalIndices() {
        GenerationSpec spec = spec(GenerationSpec.Mode.ATTRIBUTES, null, "glasses=true");
        JobPlanner.Plan plan = JobPlanner.plan(spec, SOURCES, NAMES, LABELS, null, null);

        assertThat(plan.sourceIds()).containsExactly(1, 4, 6);
        assertThat(plan.bank().count()).isEqualTo(3);
        assertThat(plan.bank().sourceIds()).containsExactly(1, 4, 6);
        assertThat(plan.sourceCount()).isEqualTo(B);
        for (int j = 0; j < 3; j++) {
            assertThat(plan.bank().original(j)).isEqualTo(LATENTS.get(plan.sourceIds()[j]));
        }
        List<SampleResult> samples = sample(plan, 6);
        List<Integer> seen = new ArrayList<>();
        for (SampleResult s : samples) {
            for (int id : s.provenance()) {
                assertThat(id).isIn(1, 4, 6);
                if (!seen.contains(id)) seen.add(id);
            }
            LatentGrid finished = OutputFinisher.finish(s, plan, SOURCES, null, null);
            assertCellsCopiedFromProvenance(finished, s.provenance(), null);
        }
        assertThat(seen).as("ids the samples used").hasSizeGreaterThan(1);
    }

    @Test
    void attributesModeNeedsAFilterLabelsAndTwoMatches() {
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.ATTRIBUTES, null, null), SOURCES, NAMES, LABELS, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--where");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.ATTRIBUTES, null, "glasses=true"), SOURCES, NAMES, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--labels");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.ATTRIBUTES, null, "glasses=true,hair=dark"),
                SOURCES, NAMES, LABELS, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 of 7 sources match").hasMessageContaining("at least 2");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.ATTRIBUTES, null, "beard=true"), SOURCES, NAMES, LABELS, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known attributes: glasses, hair");
    }

    @Test
    void editModeExcludesTheTargetAndKeepsEveryCellOutsideTheRegion() {
        int target = 2;
        boolean[] region = RegionMask.named(List.of("eyes"), M);
        JobPlanner.Plan plan = JobPlanner.plan(spec(GenerationSpec.Mode.EDIT, target, null), SOURCES, NAMES, null, null, region);

        assertThat(plan.request()).isInstanceOf(GenerationRequest.Edit.class);
        GenerationRequest.Edit edit = (GenerationRequest.Edit) plan.request();
        assertThat(edit.targetBankIndex()).isEqualTo(target);
        assertThat(edit.target()).isEqualTo(SOURCES.pca().project(LATENTS.get(target)));
        assertThat(plan.targetOriginal()).isEqualTo(LATENTS.get(target));
        for (SampleResult s : sample(plan, 8)) {
            int[] provenance = s.provenance();
            for (int cell = 0; cell < M * M; cell++) {
                if (region[cell]) assertThat(provenance[cell]).as("cell %d inside the region", cell).isNotIn(target, SampleResult.TARGET);
                else assertThat(provenance[cell]).as("cell %d outside the region", cell).isEqualTo(SampleResult.TARGET);
            }
            assertCellsCopiedFromProvenance(OutputFinisher.finish(s, plan, SOURCES, null, null), provenance, LATENTS.get(target));
        }
    }

    @Test
    void referenceModeStartsFromTheReferenceSourceWithoutExcludingIt() {
        JobPlanner.Plan plan = JobPlanner.plan(spec(GenerationSpec.Mode.REFERENCE, 5, null), SOURCES, NAMES, null, null, null);

        GenerationRequest.Reference ref = (GenerationRequest.Reference) plan.request();
        assertThat(ref.reference()).isEqualTo(SOURCES.pca().project(LATENTS.get(5)));
        assertThat(ref.multiScale()).isFalse();
        assertThat(ref.excludedBankIndex()).isEqualTo(GenerationRequest.Reference.NONE);
        assertThat(plan.targetOriginal()).isEqualTo(LATENTS.get(5));
        assertThat(plan.sourceIds()).hasSize(B);
    }

    @Test
    void anOutsideImageIsTheReferenceOrTargetAndMustMatchTheSourceShape() {
        LatentGrid outside = randomLatents(1, L, M, 9).get(0);
        JobPlanner.Plan plan = JobPlanner.plan(spec(GenerationSpec.Mode.EDIT, null, null), SOURCES, NAMES, null,
                new JobPlanner.OutsideImage(outside), RegionMask.named(List.of("mouth"), M));

        assertThat(plan.targetOriginal()).isEqualTo(outside);
        assertThat(((GenerationRequest.Edit) plan.request()).targetBankIndex()).isEqualTo(-1);
        assertThat(plan.sourceIds()).hasSize(B);

        LatentGrid wrong = randomLatents(1, L + 1, M, 9).get(0);
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.REFERENCE, null, null), SOURCES, NAMES, null,
                new JobPlanner.OutsideImage(wrong), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sources are 5x16x16");
    }

    @Test
    void referenceAndEditModesSayWhatIsMissing() {
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.REFERENCE, null, null), SOURCES, NAMES, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference mode needs --reference");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.EDIT, null, null), SOURCES, NAMES, null, null,
                RegionMask.named(List.of("eyes"), M)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edit mode needs --reference");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.EDIT, 1, null), SOURCES, NAMES, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--region");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.REFERENCE, 7, null), SOURCES, NAMES, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--reference 7").hasMessageContaining("(0..6)");
    }

    @Test
    void inputsTheModeWouldIgnoreAreRejectedRatherThanSilentlyDropped() {
        boolean[] eyes = RegionMask.named(List.of("eyes"), M);
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.RANDOM, null, "glasses=true"), SOURCES, NAMES, LABELS, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --mode attributes");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.RANDOM, 2, null), SOURCES, NAMES, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --mode reference or --mode edit");
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.REFERENCE, 2, null), SOURCES, NAMES, null, null, eyes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add --mode edit");
        GenerationSpec multiScaleEdit = new GenerationSpec(GenerationSpec.Mode.EDIT, null, null, null, null, null, null, null, null, null,
                null, null, 2, true, null, null);
        assertThatThrownBy(() -> JobPlanner.checkModeInputs(multiScaleEdit, false, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--multi-scale-reference applies to reference mode only");
        JobPlanner.checkModeInputs(spec(GenerationSpec.Mode.EDIT, null, null), true, true);
    }

    @Test
    void editingASourceNeedsTwoOtherSources() {
        EncodedSources two = EncodedSources.fit(LATENTS.subList(0, 2), 3);
        assertThatThrownBy(() -> JobPlanner.plan(spec(GenerationSpec.Mode.EDIT, 0, null), two, NAMES.subList(0, 2), null, null,
                RegionMask.named(List.of("eyes"), M)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 other sources");
    }

    @Test
    void aPatchLargerThanTheCoarsestScaleIsRejectedWithTheSizeThatWorks() {
        GenerationSpec tooBig = new GenerationSpec(GenerationSpec.Mode.RANDOM, null, 12, null, null, null, null, null, null, null,
                null, null, null, false, null, null);
        assertThatThrownBy(() -> JobPlanner.plan(tooBig, SOURCES, NAMES, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ω=12").hasMessageContaining("use ω <= 10");
    }

    @Test
    void theDefaultBlendFinishKeepsAnEditsCellsOutsideTheRegionExact() {
        boolean[] region = new boolean[M * M];
        for (int cell = 0; cell < M * M; cell++) region[cell] = (cell / M) >= 3 && (cell / M) < 7;
        int target = 2;
        GenerationSpec spec = new GenerationSpec(GenerationSpec.Mode.EDIT, null, null, null, null, null, null, null, null, null, null,
                null, target, false, null, null);
        JobPlanner.Plan plan = JobPlanner.plan(spec, SOURCES, NAMES, null, null, region);
        assertThat(plan.params().finish()).isEqualTo(SamplerParams.Finish.BLEND);
        for (SampleResult s : sample(plan, 4)) {
            LatentGrid blended = OutputFinisher.finish(s, plan, SOURCES, null, null);
            int changed = 0;
            for (int y = 0; y < M; y++) {
                for (int x = 0; x < M; x++) {
                    int id = s.provenance()[y * M + x];
                    LatentGrid from = id == SampleResult.TARGET ? LATENTS.get(target) : LATENTS.get(id);
                    if (!region[y * M + x]) {
                        assertThat(blended.cellVector(y, x)).as("cell (%d, %d) outside the region", y, x).containsExactly(from.cellVector(y, x));
                    } else if (!java.util.Arrays.equals(blended.cellVector(y, x), from.cellVector(y, x))) {
                        changed++;
                    }
                }
            }
            assertThat(changed).as("cells inside the region the blend moved").isPositive();
        }
    }

    /** Every cell of {@code finished} is the full original vector of the source its provenance names (target for −1). */
    static void assertCellsCopiedFromProvenance(LatentGrid finished, int[] provenance, LatentGrid target) {
        assertThat(finished.channels()).isEqualTo(L);
        for (int y = 0; y < M; y++) {
            for (int x = 0; x < M; x++) {
                int id = provenance[y * M + x];
                LatentGrid from = id == SampleResult.TARGET ? target : LATENTS.get(id);
                assertThat(finished.cellVector(y, x)).as("cell (%d, %d) from %d", y, x, id).containsExactly(from.cellVector(y, x));
            }
        }
    }

    private static List<SampleResult> sample(JobPlanner.Plan plan, int count) {
        return new PatchSampler().sampleMany(plan.bank(), plan.params(), plan.request(), 11L, 0, count, 1);
    }

    private static GenerationSpec spec(GenerationSpec.Mode mode, Integer reference, String where) {
        // the copy finish, so that every finished cell can be checked against its source exactly
        return new GenerationSpec(mode, null, null, null, null, null, null, SamplerParams.Finish.COPY, null, null, null, null, reference,
                false, null, where);
    }

    static List<LatentGrid> randomLatents(int count, int channels, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LatentGrid> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            float[] data = new float[channels * size * size];
            for (int i = 0; i < data.length; i++) data[i] = (float) random.nextGaussian();
            out.add(new LatentGrid(channels, size, data));
        }
        return out;
    }

    private static List<String> names(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add("s" + i + ".png");
        return names;
    }
}
