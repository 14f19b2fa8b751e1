package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.contracts.JsonCodec;
import io.latentpatch.imaging.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latentpatch evaluate} and {@code generate --evaluate} on the built-in portraits, with the pixel codec as features. */
class EvaluateCommandTest {
    @TempDir
    static Path tmp;

    private static Path run;

    @BeforeAll
    static void generateAndEvaluate() {
        run = tmp.resolve("run");
        Cli.ok("generate", "--count", "6", "--seed", "3", "--quiet", "--out", run.toString(), "--evaluate", "--evaluate-model", "pixel-f8");
    }

    @Test
    void generateEvaluateWritesTheFiguresAndAPictureOfEachOutputWithItsNearestSource() throws IOException {
        JsonNode e = JsonCodec.shared().mapper().readTree(run.resolve("evaluation.json").toFile());
        assertThat(e.get("featureModel").asText()).isEqualTo("pixel-f8");
        assertThat(e.get("outputs").asInt()).isEqualTo(6);
        assertThat(e.get("sources")).hasSize(32);
        assertThat(e.get("diversity").asDouble()).isBetween(0.0, 2.0);
        assertThat(e.get("copyDistance").asDouble()).isPositive();
        double shares = 0;
        for (JsonNode s : e.at("/coverage/shares")) shares += s.asDouble();
        assertThat(shares).isCloseTo(1.0, within(1e-9));
        assertThat(e.at("/coverage/normalizedEntropy").asDouble()).isBetween(0.0, 1.0);
        assertThat(e.get("perOutput")).hasSize(6);
        for (JsonNode o : e.get("perOutput")) {
            assertThat(o.get("largestRegionFraction").asDouble()).isBetween(0.0, 1.0);
            assertThat(o.get("nearestSource").asInt()).isBetween(0, 31);
        }
        assertThat(e.at("/seamEnergy/ratio").asDouble()).isPositive();
        RgbImage picture = RunFiles.png(run.resolve("evaluation.png"));
        assertThat(picture.width()).isGreaterThan(3 * 128 * 4);
    }

    @Test
    void evaluatingAgainGivesTheSameFigures() throws IOException {
        Path again = tmp.resolve("again");
        Cli.ok("evaluate", run.toString(), "--model", "pixel-f8", "--out", again.toString());
        assertThat(Files.readString(again.resolve("evaluation.json"))).isEqualTo(Files.readString(run.resolve("evaluation.json")));
    }

    @Test
    void aRunWhoseSourcesAreUnknownOrMissingFailsWithOneLine() throws IOException {
        Path bare = tmp.resolve("bare");
        Files.createDirectories(bare);
        for (int i = 0; i < 2; i++) {
            Files.copy(run.resolve(i + ".png"), bare.resolve(i + ".png"));
            Files.copy(run.resolve(i + ".provenance.npy"), bare.resolve(i + ".provenance.npy"));
        }
        Cli.Run unknown = Cli.run("evaluate", bare.toString(), "--model", "pixel-f8");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.error()).contains("pass --sources DIR").doesNotContain("Exception");
        Cli.Run missing = Cli.run("evaluate", tmp.resolve("nowhere").toString(), "--model", "pixel-f8");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.error()).contains("does not exist");
    }
}
