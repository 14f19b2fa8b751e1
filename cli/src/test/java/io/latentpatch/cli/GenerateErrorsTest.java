package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.samples.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code latentpatch generate}: exit code 2, one line on stderr saying what to do, never a stack trace. */
class GenerateErrorsTest {
    @TempDir
    static Path tmp;

    /** Four small portraits; labels give glasses=true to portrait_002.png only. */
    private static Path sources;
    private static Path labels;

    @BeforeAll
    static void writeSources() throws Exception {
        sources = tmp.resolve("sources");
        SampleSet.writeTo(sources, 4, 1, 64);
        Files.delete(sources.resolve(SampleSet.LABELS_FILE));
        labels = tmp.resolve("labels.csv");
        Files.writeString(labels, """
                file,glasses
                portrait_000.png,false
                portrait_001.png,false
                portrait_002.png,true
                portrait_003.png,false
                """);
    }

    @Test
    void aMissingSourcesDirectory() {
        assertUserError(Cli.run("generate", "--sources", tmp.resolve("no-such-dir").toString(), "--out", out()),
                "source " + tmp.resolve("no-such-dir") + " does not exist");
    }

    @Test
    void aFileThatIsNotAnImage() throws Exception {
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.png"), "this is not a PNG");
        Files.copy(sources.resolve("portrait_000.png"), dir.resolve("b.png"));
        assertUserError(Cli.run("generate", "--sources", dir.toString(), "--out", out()), "a.png");
    }

    @Test
    void aPatchTooBigForTheGrid() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--patch", "40", "--out", out()),
                "patch ω=40 is larger than the 32x32 grid; use ω <= 32");
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--patch", "24", "--out", out()),
                "use ω <= 20");
    }

    @Test
    void anAttributeFilterMatchingFewerThanTwoSources() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--labels", labels.toString(),
                "--mode", "attributes", "--where", "glasses=true", "--out", out()),
                "1 of 4 sources match the attribute filter 'glasses=true'; generation needs at least 2");
    }

    @Test
    void attributesModeWithoutAFilter() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--labels", labels.toString(),
                "--mode", "attributes", "--out", out()), "--where");
    }

    @Test
    void anUnknownRegionNameListsTheKnownOnes() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--mode", "edit", "--reference", "1",
                "--region", "eyes,ears", "--out", out()), "unknown region 'ears'; known regions: eyes, left-eye");
    }

    @Test
    void editWithoutARegionOrAReference() {
        assertUserError(Cli.run("generate", "--mode", "edit", "--reference", "1", "--out", out()), "edit mode needs --region");
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--mode", "edit", "--region", "eyes",
                "--out", out()), "edit mode needs --reference");
    }

    @Test
    void optionsTheChosenModeWouldIgnore() {
        assertUserError(Cli.run("generate", "--where", "glasses=true", "--out", out()), "--where filters the sources in attributes mode only");
        assertUserError(Cli.run("generate", "--region", "eyes", "--out", out()), "--region is used by edit mode only");
        assertUserError(Cli.run("generate", "--mode", "attributes", "--where", "glasses=true", "--reference", "2", "--out", out()),
                "--reference is used by reference and edit modes only");
    }

    @Test
    void aReferenceIndexOutsideTheSourceSet() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--mode", "reference",
                "--reference", "9", "--out", out()), "--reference 9 is not a source index; the set has 4 sources (0..3)");
    }

    @Test
    void aMissingReferenceFileOrMaskPicture() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--mode", "reference",
                "--reference", tmp.resolve("nope.png").toString(), "--out", out()), "nope.png");
        assertUserError(Cli.run("generate", "--mode", "edit", "--reference", "1", "--region", tmp.resolve("mask.png").toString(),
                "--out", out()), "region mask " + tmp.resolve("mask.png") + " does not exist");
    }

    @Test
    void unknownEnumValuesListTheChoices() {
        assertUserError(Cli.run("generate", "--mode", "inpaint", "--out", out()), "unknown mode 'inpaint'; choose one of random|reference|edit|attributes");
        assertUserError(Cli.run("generate", "--finish", "snap", "--out", out()), "choose one of copy|reconstruct|quantize|blend");
        assertUserError(Cli.run("generate", "--model", tmp.resolve("no-model").toString(), "--out", out()), "nor a model directory");
    }

    @Test
    void aCountBelowOne() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--count", "0", "--out", out()),
                "--count must be >= 1, got 0");
    }

    @Test
    void aQuantizeFinishWithoutACodebook() {
        assertUserError(Cli.run("generate", "--sources", sources.toString(), "--model", "pixel-f8", "--finish", "quantize", "--out", out()),
                "--finish quantize needs a codec with a codebook");
    }

    private static String out() {
        return tmp.resolve("out").toString();
    }

    private static void assertUserError(Cli.Run run, String expected) {
        assertThat(run.exitCode()).as("exit code; stderr:\n%s", run.err()).isEqualTo(2);
        assertThat(run.error()).as("error output").startsWith("latentpatch: ").contains(expected).endsWith("\n");
        assertThat(run.error().strip().lines().count()).as("lines in %s", run.error()).isEqualTo(1);
        assertThat(run.err()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).as("stdout").doesNotContain("wrote");
    }
}
