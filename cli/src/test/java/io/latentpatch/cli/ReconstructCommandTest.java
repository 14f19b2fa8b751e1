package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.latentpatch.samples.SampleSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latentpatch reconstruct} with the pixel codec, whose round trip is exact. */
class ReconstructCommandTest {
    @TempDir
    Path tmp;

    @Test
    void thePixelCodecReconstructsEveryImageExactly() throws Exception {
        Path sources = tmp.resolve("sources");
        SampleSet.writeTo(sources, 3, 4, 256);
        Path out = tmp.resolve("out");
        Cli.Run run = Cli.ok("reconstruct", "--model", "pixel", "--sources", sources.toString(), "--out", out.toString());

        assertThat(run.out()).contains("model pixel-f16 on 3 images: mean PSNR 99.00 dB (min 99.00, max 99.00)");
        for (int i = 0; i < 3; i++) {
            String name = String.format("portrait_%03d", i);
            assertThat(RunFiles.png(out.resolve(name + ".reconstructed.png")).rgb())
                    .isEqualTo(RunFiles.png(sources.resolve(name + ".png")).rgb());
        }
    }

    @Test
    void modelAndSourcesAreRequired() {
        Cli.Run run = Cli.run("reconstruct", "--model", "pixel");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--sources=DIR|FILE'");
    }
}
