package io.latentpatch.cli;

import io.latentpatch.core.bench.SamplerBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
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
        @Unmatched
        List<String> flags = new ArrayList<>();

        @Parameters(arity = "0..*", hidden = true)
        List<String> rest = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> all = new ArrayList<>(flags);
            all.addAll(rest);
            SamplerBench.main(all.toArray(String[]::new));
            return 0;
        }
    }
}
