package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.imaging.PngWriter;
import io.latentpatch.imaging.RgbImage;
import io.latentpatch.planning.RegionMask;
import io.latentpatch.samples.Portrait;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modes of {@code latentpatch generate} on the built-in portraits with the pixel codec, where decoding is exact; with the copy finish (the default blends), so every cell can be checked against the source it names. */
class GenerateModesTest {
    private static final int M = BuiltInSet.GRID;
    private static final int BLOCK = 256 / M;

    @TempDir
    Path tmp;

    @Test
    void editRegeneratesOnlyTheRegionFromOtherSourcesAndKeepsTheTargetElsewhere() {
        int target = 3;
        Cli.ok("generate", "--finish", "copy", "--mode", "edit", "--reference", "" + target, "--region", "eyes,mouth", "--count", "4", "--seed", "2",
                "--quiet", "--out", tmp.toString());
        boolean[] region = RegionMask.named(List.of("eyes", "mouth"), M);
        RgbImage targetPixels = RgbImage.fromChw(BuiltInSet.images().get(target).chw(), 256, 256);
        for (int i = 0; i < 4; i++) {
            int[] provenance = RunFiles.provenance(tmp, i, M);
            for (int cell = 0; cell < M * M; cell++) {
                if (region[cell]) assertThat(provenance[cell]).as("output %d region cell %d", i, cell).isNotIn(-1, target);
                else assertThat(provenance[cell]).as("output %d cell %d outside the region", i, cell).isEqualTo(-1);
            }
            RgbImage image = RunFiles.png(tmp.resolve(i + ".png"));
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    if (!region[(y / BLOCK) * M + x / BLOCK] && image.get(x, y) != targetPixels.get(x, y)) {
                        throw new AssertionError("output " + i + " pixel (" + x + ", " + y + ") outside the region changed");
                    }
                }
            }
        }
        RunFiles.assertCopiedFromProvenance(tmp, 4, BuiltInSet.latents(), BuiltInSet.latents().get(target));
        JsonNode report = RunFiles.report(tmp);
        assertThat(report.get("mode").asText()).isEqualTo("edit");
        assertThat(report.get("reference").asInt()).isEqualTo(target);
        assertThat(report.at("/outputs/0/copyReport/targetShare").asDouble())
                .isEqualTo(1.0 - RegionMask.count(region) / (double) (M * M));
    }

    @Test
    void editWithAMaskPictureRegeneratesTheWhiteCells() {
        int[] rgb = new int[256 * 256];
        for (int y = 0; y < 64; y++) for (int x = 0; x < 128; x++) rgb[y * 256 + x] = 0xFFFFFF; // cells x 0..7, y 0..3
        Path mask = tmp.resolve("mask.png");
        PngWriter.write(mask, new RgbImage(256, 256, rgb));
        Path out = tmp.resolve("out");
        Cli.ok("generate", "--finish", "copy", "--mode", "edit", "--reference", "0", "--region", mask.toString(), "--count", "2", "--quiet", "--out", out.toString());
        for (int i = 0; i < 2; i++) {
            int[] provenance = RunFiles.provenance(out, i, M);
            for (int y = 0; y < M; y++) {
                for (int x = 0; x < M; x++) {
                    boolean inside = x < 8 && y < 4;
                    assertThat(provenance[y * M + x] == -1).as("output %d cell (%d, %d) kept", i, y, x).isEqualTo(!inside);
                }
            }
        }
    }

    @Test
    void attributesModeCopiesOnlyFromSourcesWhoseLabelsMatch() {
        List<Integer> matching = new ArrayList<>();
        List<Portrait> portraits = BuiltInSet.portraits();
        for (int i = 0; i < portraits.size(); i++) if (portraits.get(i).label("glasses").equals("true")) matching.add(i);
        assertThat(matching).as("portraits with glasses").hasSizeBetween(2, 31);

        Cli.ok("generate", "--finish", "copy", "--mode", "attributes", "--where", "glasses=true", "--count", "4", "--quiet", "--out", tmp.toString());
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int id : RunFiles.provenance(tmp, i, M)) {
                assertThat(matching).as("output %d copies from source %d", i, id).contains(id);
                if (!used.contains(id)) used.add(id);
            }
        }
        assertThat(used).hasSizeGreaterThan(1);
        List<Integer> candidates = new ArrayList<>();
        RunFiles.report(tmp).get("candidateSources").forEach(n -> candidates.add(n.asInt()));
        assertThat(candidates).isEqualTo(matching);
        assertThat(RunFiles.report(tmp).get("where").asText()).isEqualTo("glasses=true");
        RunFiles.assertCopiedFromProvenance(tmp, 4, BuiltInSet.latents(), null);
    }

    @Test
    void referenceModeKeepsTheReferenceWhereNoPatchWasCopied() {
        int reference = 5;
        Cli.ok("generate", "--finish", "copy", "--mode", "reference", "--reference", "" + reference, "--count", "3", "--quiet", "--out", tmp.toString());
        RunFiles.assertCopiedFromProvenance(tmp, 3, BuiltInSet.latents(), BuiltInSet.latents().get(reference));
        assertThat(RunFiles.report(tmp).get("mode").asText()).isEqualTo("reference");
        boolean referenceUsed = false;
        for (int i = 0; i < 3; i++) for (int id : RunFiles.provenance(tmp, i, M)) referenceUsed |= id == reference;
        assertThat(referenceUsed).as("the reference is a candidate like any other source").isTrue();
    }

    @Test
    void anImageFileThatIsNotASourceCanBeTheEditTarget() {
        int copyOf = 3;
        Path target = tmp.resolve("target.png");
        PngWriter.writeChw(target, BuiltInSet.images().get(copyOf).chw(), 256, 256);
        Path out = tmp.resolve("out");
        Cli.ok("generate", "--finish", "copy", "--mode", "edit", "--reference", target.toString(), "--region", "mouth", "--count", "2", "--quiet",
                "--out", out.toString());
        // The file holds portrait 3's pixels, so its latent is portrait 3's; kept cells must be exactly that.
        RunFiles.assertCopiedFromProvenance(out, 2, BuiltInSet.latents(), BuiltInSet.latents().get(copyOf));
        boolean[] region = RegionMask.named(List.of("mouth"), M);
        for (int i = 0; i < 2; i++) {
            int[] provenance = RunFiles.provenance(out, i, M);
            for (int cell = 0; cell < M * M; cell++) assertThat(provenance[cell] == -1).isEqualTo(!region[cell]);
        }
    }

    @Test
    void theBaselinesRunThroughTheSamePipeline() {
        for (String method : List.of("random-cell", "random-patch")) {
            Path out = tmp.resolve(method);
            Cli.ok("generate", "--method", method, "--count", "2", "--quiet", "--out", out.toString());
            assertThat(RunFiles.report(out).at("/params/method").asText()).isEqualTo(method);
            RunFiles.assertCopiedFromProvenance(out, 2, BuiltInSet.latents(), null);
        }
    }
}
