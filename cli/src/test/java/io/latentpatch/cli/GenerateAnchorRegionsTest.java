package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.core.sampler.AnchoredCoverage;
import io.latentpatch.core.sampler.SamplerParams;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --anchor-layout/--anchor-regions/--anchor-weight/--anchor-cap} on the built-in portraits (pixel codec), in-process. */
class GenerateAnchorRegionsTest {
    private static final int COUNT = 4;

    @TempDir
    Path tmp;

    private Path generate(String name, String... extra) {
        return generate(COUNT, name, extra);
    }

    private Path generate(int count, String name, String... extra) {
        Path out = tmp.resolve(name);
        String[] base = {"generate", "--count", "" + count, "--seed", "3", "--threads", "2", "--quiet", "--finish", "copy", "--out", out.toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Cli.ok(args);
        return out;
    }

    @Test
    void regionalAnchorsAreRecordedChangeTheOutputsAndTheGridDefaultsKeepTheBytes() {
        Path grid = generate("grid", "--anchor-layout", "grid");
        Path explicitGrid = generate("grid-explicit", "--anchor-layout", "grid", "--anchor-regions", "1", "--anchor-weight", "4",
                "--anchor-cap", "0.2");
        Path regional = generate("regional", "--anchor-regions", "4", "--anchor-weight", "8", "--anchor-cap", "0.3");
        Path again = generate("again", "--anchor-regions", "4", "--anchor-weight", "8", "--anchor-cap", "0.3");
        int m = BuiltInSet.GRID;
        boolean differs = false;
        for (int i = 0; i < COUNT; i++) {
            assertThat(RunFiles.provenance(explicitGrid, i, m)).isEqualTo(RunFiles.provenance(grid, i, m));
            assertThat(RunFiles.latent(explicitGrid, i).data()).isEqualTo(RunFiles.latent(grid, i).data());
            assertThat(RunFiles.latent(again, i).data()).isEqualTo(RunFiles.latent(regional, i).data());
            differs |= !Arrays.equals(RunFiles.provenance(regional, i, m), RunFiles.provenance(grid, i, m));
        }
        assertThat(differs).as("four anchors per output change the provenance").isTrue();
        JsonNode params = RunFiles.report(regional).get("params");
        assertThat(params.get("anchorRegions").asInt()).isEqualTo(4);
        assertThat(params.get("anchorWeight").asDouble()).isEqualTo(8.0);
        assertThat(params.get("anchorCap").asDouble()).isEqualTo(0.3);
        assertThat(params.has("anchorLayout")).as("a region count alone is the grid's").isFalse();
        assertThat(RunFiles.report(grid).get("params").has("anchorRegions")).as("the single grid anchor's reports keep their bytes").isFalse();
    }

    @Test
    void thePooledFaceLayoutWithFiveRegionsIsTheDefaultIsRecordedAndChangesTheOutputs() {
        Path plain = generate("plain");
        Path halves = generate("halves", "--anchor-regions", "2", "--anchor-weight", "8");
        Path pooled = generate("pooled", "--anchor-layout", "face-pooled");
        Path explicit = generate("pooled-explicit", "--anchor-layout", "face-pooled", "--anchor-regions", "5", "--anchor-weight", "64",
                "--anchor-cap", "0.25");
        Path face = generate("face", "--anchor-layout", "face");
        Path faceExplicit = generate("face-explicit", "--anchor-layout", "face", "--anchor-regions", "5", "--anchor-weight", "8",
                "--anchor-cap", "0.2");
        Path face3 = generate("face3", "--anchor-layout", "face", "--anchor-regions", "3", "--anchor-weight", "8");
        int m = BuiltInSet.GRID;
        boolean differs = false;
        boolean differs3 = false;
        for (int i = 0; i < COUNT; i++) {
            assertThat(RunFiles.latent(pooled, i).data()).as("the default is the pooled face layout").isEqualTo(RunFiles.latent(plain, i).data());
            assertThat(RunFiles.latent(explicit, i).data()).as("5 regions of weight 64, cap 0.25 are its defaults").isEqualTo(RunFiles.latent(plain, i).data());
            assertThat(RunFiles.provenance(explicit, i, m)).isEqualTo(RunFiles.provenance(plain, i, m));
            assertThat(RunFiles.latent(faceExplicit, i).data()).as("the face layout's defaults: 5 regions of weight 8, cap 0.2")
                    .isEqualTo(RunFiles.latent(face, i).data());
            differs |= !Arrays.equals(RunFiles.provenance(face, i, m), RunFiles.provenance(halves, i, m));
            differs3 |= !Arrays.equals(RunFiles.provenance(face3, i, m), RunFiles.provenance(face, i, m));
        }
        assertThat(differs).as("the face's regions are not the halves").isTrue();
        assertThat(differs3).as("three face regions are not five").isTrue();
        JsonNode params = RunFiles.report(plain).get("params");
        assertThat(params.get("anchorLayout").asText()).isEqualTo("face-pooled");
        assertThat(params.get("anchorRegions").asInt()).isEqualTo(5);
        assertThat(params.get("anchorWeight").asDouble()).isEqualTo(64.0);
        assertThat(params.get("anchorCap").asDouble()).isEqualTo(0.25);
        JsonNode faceParams = RunFiles.report(face).get("params");
        assertThat(faceParams.get("anchorLayout").asText()).isEqualTo("face");
        assertThat(faceParams.get("anchorWeight").asDouble()).isEqualTo(8.0);
        assertThat(RunFiles.report(face3).get("params").get("anchorRegions").asInt()).isEqualTo(3);
        assertThat(RunFiles.report(halves).get("params").has("anchorLayout")).isFalse();
        Cli.Run four = Cli.run("generate", "--count", "1", "--quiet", "--anchor-layout", "face", "--anchor-regions", "4",
                "--out", tmp.resolve("z").toString());
        assertThat(four.exitCode()).isNotZero();
        assertThat(four.err()).contains("anchor regions with the face layout must be 2").contains("or 5").contains("got 4");
        Cli.Run oval = Cli.run("generate", "--count", "1", "--quiet", "--anchor-layout", "oval", "--out", tmp.resolve("w").toString());
        assertThat(oval.exitCode()).isNotZero();
        assertThat(oval.err()).contains("unknown anchor layout 'oval'");
    }

    @Test
    void theBalancedFaceLayoutsTakeTheFacesDefaultsAreRecordedAndMoveTheOutsidesDonors() {
        int count = 16;  // half a block of the built-in set's 32 sources: enough outputs for the nearest donors to be used
        Path face = generate(count, "face-plain", "--anchor-layout", "face");
        Path face64 = generate(count, "face-64", "--anchor-layout", "face", "--anchor-weight", "64", "--anchor-cap", "0.25");
        Path pooled = generate(count, "pooled", "--anchor-layout", "face-pooled");
        Path balanced = generate(count, "balanced", "--anchor-layout", "face-balanced");
        Path again = generate(count, "balanced-again", "--anchor-layout", "face-balanced", "--anchor-regions", "5", "--anchor-weight", "8");
        int m = BuiltInSet.GRID;
        boolean differs = false;
        boolean pooledDiffers = false;
        boolean pooledIsNotBalanced = false;
        for (int i = 0; i < count; i++) {
            assertThat(RunFiles.latent(again, i).data()).as("5 regions of weight 8 are its defaults too").isEqualTo(RunFiles.latent(balanced, i).data());
            assertThat(RunFiles.provenance(again, i, m)).isEqualTo(RunFiles.provenance(balanced, i, m));
            differs |= !Arrays.equals(RunFiles.provenance(balanced, i, m), RunFiles.provenance(face, i, m));
            pooledDiffers |= !Arrays.equals(RunFiles.provenance(pooled, i, m), RunFiles.provenance(face64, i, m));
            pooledIsNotBalanced |= !Arrays.equals(RunFiles.provenance(pooled, i, m), RunFiles.provenance(balanced, i, m));
        }
        assertThat(RunFiles.provenance(balanced, 0, m)).as("a group's first output has nothing to balance against")
                .isEqualTo(RunFiles.provenance(face, 0, m));
        // nor with the pool (the 3 nearest, as the face layout takes); its outside is split at the brows, so compare the
        // inner faces, which have the same anchor
        assertThat(innerFaceSource(pooled, 0, m)).as("the pooled first output's inner face")
                .isEqualTo(innerFaceSource(face64, 0, m));
        assertThat(differs).as("later outputs take less used donors").isTrue();
        assertThat(pooledDiffers).as("pooled, too").isTrue();
        assertThat(pooledIsNotBalanced).as("the pool keeps donors the balance over all sources would not").isTrue();
        JsonNode params = RunFiles.report(balanced).get("params");
        assertThat(params.get("anchorLayout").asText()).isEqualTo("face-balanced");
        assertThat(params.get("anchorRegions").asInt()).isEqualTo(5);
        assertThat(params.get("anchorWeight").asDouble()).isEqualTo(8.0);
    }

    @Test
    void badAnchorOptionsFailWithTheEnginesMessage() {
        Cli.Run five = Cli.run("generate", "--count", "1", "--quiet", "--anchor-regions", "5", "--out", tmp.resolve("x").toString());
        assertThat(five.exitCode()).isNotZero();
        assertThat(five.err()).contains("anchor regions must be 1").contains("got 5");
        Cli.Run none = Cli.run("generate", "--count", "1", "--quiet", "--coverage", "none", "--anchor-weight", "8",
                "--out", tmp.resolve("y").toString());
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("only apply with coverage ANCHORED");
    }

    /** The source holding most of the inner face's cells of output {@code i}. */
    private static int innerFaceSource(Path run, int i, int m) {
        int[] provenance = RunFiles.provenance(run, i, m);
        java.util.Map<Integer, Integer> cells = new java.util.HashMap<>();
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                if (AnchoredCoverage.faceCellRegion(SamplerParams.AnchorLayout.FACE, 5, m, y, x) == 0) cells.merge(provenance[y * m + x], 1, Integer::sum);
            }
        }
        return java.util.Collections.max(cells.entrySet(), java.util.Map.Entry.comparingByValue()).getKey();
    }
}
