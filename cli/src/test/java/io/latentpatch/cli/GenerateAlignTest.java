package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.latentpatch.alignment.AlignmentSettings;
import io.latentpatch.contracts.JsonCodec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate --align} on real faces (skips without the Debian model files or ../shared/data/faces). */
class GenerateAlignTest {
    @TempDir
    static Path tmp;

    private static Path sources;

    @BeforeAll
    static void sources() throws Exception {
        assumeTrue(Files.isRegularFile(AlignmentSettings.DEFAULT_LANDMARK_MODEL)
                        && Files.isRegularFile(AlignmentSettings.DEFAULT_DETECTOR_CASCADE),
                "skipped: Debian libdlib-data and opencv-data are not installed (scripts/test-setup.sh installs them as root)");
        String shared = System.getProperty("latentpatch.shared");
        Path faces = shared == null ? null : Path.of(shared, "data", "faces");
        assumeTrue(faces != null && Files.isDirectory(faces), "skipped: ../shared/data/faces is not present");
        sources = tmp.resolve("sources");
        Files.createDirectories(sources);
        for (int i = 0; i < 3; i++) {
            String name = String.format(Locale.ROOT, "face_%04d.png", i * 40);
            Files.copy(faces.resolve(name), sources.resolve(name));
        }
        BufferedImage sky = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 150; y++) for (int x = 0; x < 200; x++) sky.setRGB(x, y, (60 + y / 2) << 8 | 200);
        ImageIO.write(sky, "png", sources.resolve("sky.png").toFile());
    }

    @Test
    void aPictureWithoutAFaceFailsTheRunNamingIt() {
        Cli.Run run = Cli.run("generate", "--sources", sources.toString(), "--align", "--model", "pixel-f8", "--count", "1",
                "--quiet", "--out", tmp.resolve("fail").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.error()).contains("sky.png: cannot align the face: no face found").doesNotContain("Exception");
        assertThat(tmp.resolve("fail")).doesNotExist();
    }

    @Test
    void alignSkipLeavesItOutAndRecordsEveryTransform() throws Exception {
        Path out = tmp.resolve("skip");
        Cli.Run run = Cli.ok("generate", "--sources", sources.toString(), "--align", "--align-skip", "--model", "pixel-f8",
                "--count", "2", "--quiet", "--out", out.toString());
        assertThat(run.err()).contains("skipped sky.png").contains("3 aligned images");
        JsonNode alignment = JsonCodec.shared().mapper().readTree(out.resolve("aligned/alignment.json").toFile());
        assertThat(alignment.get("images")).hasSize(3);
        JsonNode first = alignment.get("images").get(0);
        assertThat(first.get("source").asText()).isEqualTo("face_0000.png");
        assertThat(first.get("sourceToAligned")).hasSize(6);
        assertThat(first.get("scale").asDouble()).isBetween(0.94, 1.06); // shared faces are aligned already
        assertThat(alignment.get("skipped").get(0).asText()).contains("sky.png");
        assertThat(out.resolve("aligned/000-face_0000.png")).exists();
        assertThat(out.resolve("outputs.png")).exists();
    }

    @Test
    void alignOptionsWithoutAlignAreRejected() {
        Cli.Run run = Cli.run("generate", "--sources", sources.toString(), "--align-skip", "--model", "pixel-f8", "--out",
                tmp.resolve("x").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.error()).contains("need --align");
    }

    @Test
    void aMissingLandmarkModelSaysWhichPackageHasIt() {
        Cli.Run run = Cli.run("generate", "--sources", sources.toString(), "--align", "--landmark-model",
                tmp.resolve("none.dat").toString(), "--model", "pixel-f8", "--out", tmp.resolve("y").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.error()).contains("none.dat").contains("libdlib-data");
    }
}
