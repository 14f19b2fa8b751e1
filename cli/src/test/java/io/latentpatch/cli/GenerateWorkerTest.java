package io.latentpatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentpatch.samples.SampleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench pipeline}'s generate in a JVM of its own: a real child process, two runs and a failing one. */
class GenerateWorkerTest {

    private static List<String> generate(Path sources, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("generate", "--sources", sources.toString(), "--model", "pixel-f8",
                "--count", "2", "--seed", "3", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(more));
        return args;
    }

    /** Four small built-in portraits under {@code tmp/sources}. */
    private static Path sources(Path tmp) throws java.io.IOException {
        Path sources = tmp.resolve("sources");
        SampleSet.writeTo(sources, 4, 1, 64);
        return sources;
    }

    @Test
    void theChildRunsGenerateRepeatedlyAndItsOutputsAreTheInProcessOnes(@TempDir Path tmp) throws Exception {
        Path sources = sources(tmp);
        Path log = tmp.resolve("generate.log");
        try (GenerateWorker.Child child = new GenerateWorker.Child(log)) {
            assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            PipelineBench.GenerateRun first = child.generate(generate(sources, tmp.resolve("a")));
            PipelineBench.GenerateRun second = child.generate(generate(sources, tmp.resolve("b")));
            for (PipelineBench.GenerateRun r : List.of(first, second)) {
                assertThat(r.seconds()).isPositive();
                assertThat(r.cpuS()).isPositive();
                assertThat(r.timingsMs()).containsKeys("load-model", "load-images", "write");
            }
            assertThat(Cli.run(generate(sources, tmp.resolve("here")).toArray(String[]::new)).exitCode()).isZero();
            for (String f : List.of("0.png", "1.png", "0.latent.npy", "1.provenance.npy")) {
                assertThat(tmp.resolve("a").resolve(f)).hasSameBinaryContentAs(tmp.resolve("here").resolve(f));
                assertThat(tmp.resolve("b").resolve(f)).hasSameBinaryContentAs(tmp.resolve("here").resolve(f));
            }
        }
    }

    @Test
    void aFailingGenerateIsAnErrorNamingTheLogAndTheChildGoesOn(@TempDir Path tmp) throws Exception {
        Path sources = sources(tmp);
        Path log = tmp.resolve("generate.log");
        try (GenerateWorker.Child child = new GenerateWorker.Child(log)) {
            assertThatThrownBy(() -> child.generate(generate(tmp.resolve("no-such-dir"), tmp.resolve("x"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("generate exited with 2").hasMessageContaining(log.toString());
            assertThat(Files.readString(log)).contains("does not exist");
            assertThat(child.generate(generate(sources, tmp.resolve("y"))).seconds()).isPositive();
        }
    }
}
