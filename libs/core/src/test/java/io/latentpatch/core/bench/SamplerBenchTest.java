package io.latentpatch.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplerBenchTest {

    @Test
    void lastLineIsTheMachineReadableThroughput() {
        String report = SamplerBench.run("--sources", "5", "--grid", "8", "--dims", "3", "--patch", "3", "--stride", "1",
                "--scales", "2", "--k", "2", "--images", "6", "--threads", "2", "--warmup", "2");
        String[] lines = report.split("\n");
        assertThat(lines[0]).startsWith("config: sources=5 grid=8 dims=3 patch=3 stride=1 scales=2 k=2 images=6");
        assertThat(report).contains("jdk: ").contains("threads: 2");
        assertThat(lines[lines.length - 1]).matches("images_per_s=[0-9]+\\.[0-9] ms_per_image=[0-9]+\\.[0-9]{4}");
    }

    @Test
    void missingFlagsAreNamedWithTheUsage() {
        assertThatThrownBy(() -> SamplerBench.run("--sources", "5", "--grid", "8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing --dims, --patch, --stride, --scales, --k, --images")
                .hasMessageContaining("usage: bench sampler");
    }

    @Test
    void unknownOrMalformedFlagsAreRejected() {
        assertThatThrownBy(() -> SamplerBench.run("--sorces", "5")).hasMessageContaining("unknown flag --sorces");
        assertThatThrownBy(() -> SamplerBench.run("--sources", "many")).hasMessageContaining("--sources needs a whole number, got 'many'");
        assertThatThrownBy(() -> SamplerBench.run("--sources", "0")).hasMessageContaining("--sources must be >= 1");
        assertThatThrownBy(() -> SamplerBench.run("--images")).hasMessageContaining("flag --images needs a value");
        assertThatThrownBy(() -> SamplerBench.run("--split-steps", "yes")).hasMessageContaining("true or false");
    }

    @Test
    void invalidSamplerSettingsGiveTheSamplersMessage() {
        assertThatThrownBy(() -> SamplerBench.run("--sources", "5", "--grid", "8", "--dims", "3", "--patch", "3", "--stride", "3",
                "--scales", "1", "--k", "2", "--images", "1"))
                .hasMessageContaining("stride w=3 must be smaller than the patch ω=3");
    }
}
