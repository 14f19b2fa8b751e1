package io.latentpatch.cli;

import io.latentpatch.core.bench.SamplerBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code latentpatch bench ...}: measurement harnesses. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. See docs/benchmarks.md for recorded results.",
        subcommands = {BenchCommand.Sampler.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Delegates to {@link SamplerBench}, which parses its own flags and prints the result as its last line. */
    @Command(name = "sampler",
            description = {
                "Builds a random source bank and times the sampler.",
                "Flags: --sources B --grid M --dims r --patch ω --stride w --scales S --k K --images N [--threads T] [--seed S] [--warmup N]",
                "Last line: images_per_s=<number> ms_per_image=<number>"
            })
    static final class Sampler implements Callable<Integer> {
        /** Every argument, in order: SamplerBench parses its own flags. */
        @Unmatched
        List<String> flags = new ArrayList<>();

        @Override
        public Integer call() {
            SamplerBench.main(flags.toArray(String[]::new));
            return 0;
        }
    }
}
