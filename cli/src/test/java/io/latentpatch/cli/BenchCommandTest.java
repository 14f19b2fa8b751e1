package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @Test
    void firstLineIsTheMachineAndLastLineIsTheMachineReadableThroughput() {
        Cli.Run r = Cli.ok("bench", "sampler", "--sources", "5", "--grid", "8", "--dims", "3", "--patch", "3", "--stride", "1",
                "--scales", "2", "--k", "2", "--images", "6", "--threads", "2", "--warmup", "2");
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[0]).matches("machine: .+, [0-9]+ cores, [0-9]+ float lanes \\([0-9]+-bit vectors, Vector API preferred species\\)");
        assertThat(lines[1]).startsWith("config: sources=5 grid=8 dims=3 patch=3 stride=1 scales=2 k=2 coverage=none images=6 warmup=2 seed=1"
                + " lockstep=auto split-steps=false");
        assertThat(r.out()).contains("jdk: ").contains("threads: 2");
        assertThat(lines[lines.length - 1]).matches("images_per_s=[0-9]+\\.[0-9] ms_per_image=[0-9]+\\.[0-9]{4}");
    }

    @Test
    void anchorOptionsJoinTheConfigLineWhenSet() {
        Cli.Run r = Cli.ok("bench", "sampler", "--sources", "5", "--grid", "8", "--dims", "3", "--patch", "3", "--stride", "1",
                "--scales", "2", "--k", "2", "--images", "4", "--threads", "1", "--warmup", "1", "--coverage", "anchored",
                "--anchor-regions", "4", "--anchor-weight", "8");
        assertThat(r.out().strip().split("\n")[1]).endsWith("split-steps=false anchor-regions=4 anchor-weight=8.0 anchor-cap=0.2");
        Cli.Run face = Cli.ok("bench", "sampler", "--sources", "5", "--grid", "8", "--dims", "3", "--patch", "3", "--stride", "1",
                "--scales", "2", "--k", "2", "--images", "4", "--threads", "1", "--warmup", "1", "--coverage", "anchored",
                "--anchor-layout", "face");
        assertThat(face.out().strip().split("\n")[1])
                .endsWith("split-steps=false anchor-regions=5 anchor-layout=face anchor-weight=4.0 anchor-cap=0.2");
    }

    @Test
    void missingFlagsAreNamedWithTheUsage() {
        Cli.Run r = Cli.run("bench", "sampler", "--sources", "5", "--grid", "8");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required options").contains("--dims").contains("--images")
                .contains("Usage: latentpatch bench sampler");
    }

    @Test
    void unknownOrMalformedFlagsAreRejected() {
        String[] rest = {"--grid", "8", "--dims", "3", "--patch", "3", "--stride", "1", "--scales", "1", "--k", "2", "--images", "1"};
        assertThat(Cli.run(concat(new String[] {"bench", "sampler", "--sources", "5", "--sorces", "5"}, rest)).err())
                .contains("Unknown options: '--sorces'").contains("Possible solutions: --sources");
        assertThat(Cli.run(concat(new String[] {"bench", "sampler", "--sources", "many"}, rest)).err()).contains("'many'");
        Cli.Run zero = Cli.run(concat(new String[] {"bench", "sampler", "--sources", "0"}, rest));
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--sources must be >= 1, got 0");
        assertThat(Cli.run("bench", "sampler", "--images").err()).contains("--images");
        assertThat(Cli.run(concat(new String[] {"bench", "sampler", "--sources", "5", "--split-steps", "yes"}, rest)).err())
                .contains("'yes' is not a boolean");
    }

    @Test
    void invalidSamplerSettingsGiveTheSamplersMessage() {
        Cli.Run r = Cli.run("bench", "sampler", "--sources", "5", "--grid", "8", "--dims", "3", "--patch", "3", "--stride", "3",
                "--scales", "1", "--k", "2", "--images", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.error()).contains("stride w=3 must be smaller than the patch ω=3");
    }

    @Test
    void cpuModelComesFromProcCpuinfoWhenPresent(@TempDir Path tmp) throws IOException {
        Path cpuinfo = Files.writeString(tmp.resolve("cpuinfo"), "processor\t: 0\nvendor_id\t: GenuineIntel\n"
                + "model name\t: Intel(R) Xeon(R) Processor\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) Processor\n");
        assertThat(BenchCommand.Sampler.cpuModel(cpuinfo)).contains("Intel(R) Xeon(R) Processor");
        assertThat(BenchCommand.Sampler.cpuModel(Files.writeString(tmp.resolve("arm"), "processor\t: 0\nBogoMIPS\t: 50\n"))).isEmpty();
        assertThat(BenchCommand.Sampler.cpuModel(tmp.resolve("absent"))).isEmpty();
    }

    @Test
    void cpuDetailsNameFamilyModelAndTheWidestVectorExtension(@TempDir Path tmp) throws IOException {
        Path zen = Files.writeString(tmp.resolve("zen"), "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
                + "model name\t: AMD EPYC\nflags\t\t: fpu sse4_2 avx fma avx2 bmi2\n\nprocessor\t: 1\ncpu family\t: 99\nflags\t\t: avx512f\n");
        assertThat(BenchCommand.Sampler.cpuDetails(zen)).contains("family 25 model 1, AVX2");
        Path skx = Files.writeString(tmp.resolve("skx"), "cpu family\t: 6\nmodel\t\t: 85\nflags\t\t: avx2 avx512f avx512bw\n");
        assertThat(BenchCommand.Sampler.cpuDetails(skx)).contains("family 6 model 85, AVX-512");
        assertThat(BenchCommand.Sampler.cpuDetails(Files.writeString(tmp.resolve("arm"), "processor\t: 0\nFeatures\t: fp asimd\n"))).contains("NEON");
        assertThat(BenchCommand.Sampler.cpuDetails(tmp.resolve("absent"))).isEmpty();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
