package io.latentpatch.cli;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.sampler.DistanceKernels;
import io.latentpatch.core.sampler.GenerationRequest;
import io.latentpatch.core.sampler.PatchSampler;
import io.latentpatch.core.sampler.SampleResult;
import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.core.sampler.SourceBank;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latentpatch bench ...}: measurement harnesses. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. See docs/benchmarks.md for recorded results.",
        subcommands = {BenchCommand.Sampler.class, PipelineBench.class, GenerateWorker.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Throughput of the fast sampler on a random bank of a given shape (Gaussian floats, seeded). Prints one line
     * per fact: the machine, the configuration, the JDK, threads, the bank, the timing; the last line is exactly
     * {@code images_per_s=<number> ms_per_image=<number>}.
     */
    @Command(name = "sampler", mixinStandardHelpOptions = true,
            description = {
                "Builds a random source bank and times the sampler.",
                "Last line: images_per_s=<number> ms_per_image=<number>"
            })
    static final class Sampler implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--sources", required = true, paramLabel = "B", description = "Sources in the bank.")
        int sources;

        @Option(names = "--grid", required = true, paramLabel = "M", description = "Grid side.")
        int grid;

        @Option(names = "--dims", required = true, paramLabel = "r", description = "Channels per cell (PCA dimensions).")
        int dims;

        @Option(names = "--patch", required = true, paramLabel = "ω", description = "Patch side.")
        int patch;

        @Option(names = "--stride", required = true, paramLabel = "w", description = "Patch stride.")
        int stride;

        @Option(names = "--scales", required = true, paramLabel = "S", description = "Number of scales.")
        int scales;

        @Option(names = "--k", required = true, paramLabel = "K", description = "Nearest candidates to draw from.")
        int k;

        @Option(names = "--images", required = true, paramLabel = "N", description = "Images to time.")
        int images;

        @Option(names = "--threads", paramLabel = "T", description = "Threads (default: available processors).")
        Integer threads;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the bank and the images (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--warmup", paramLabel = "N", description = "Images sampled before timing (default: images/2, at least 1).")
        Integer warmup;

        @Option(names = "--lockstep", defaultValue = "0", paramLabel = "G",
                description = "Images sampled in lockstep, a PatchSampler tuning knob; results never depend on it (default: automatic).")
        int lockstep;

        @Option(names = "--split-steps", arity = "1", defaultValue = "false", paramLabel = "true|false",
                description = "Split every step across threads, a PatchSampler tuning knob (default: ${DEFAULT-VALUE}).")
        boolean splitSteps;

        @Option(names = "--coverage", defaultValue = "none", paramLabel = "none|anchored",
                description = "The draw among the nearest: none (the paper's) or anchored (the generate default) (default: ${DEFAULT-VALUE}).")
        String coverage;

        @Option(names = "--anchor-regions", paramLabel = "1|2|3|4|5|6",
                description = "With --coverage anchored: regions with an anchor each, as generate --anchor-regions (default: 1; 5 with a face layout).")
        Integer anchorRegions;

        @Option(names = "--anchor-layout", defaultValue = "grid", paramLabel = "grid|face|face-balanced|face-pooled",
                description = "With --coverage anchored: the regions' shape, as generate --anchor-layout (default: ${DEFAULT-VALUE}).")
        String anchorLayout;

        @Option(names = "--anchor-weight", defaultValue = "4", paramLabel = "W",
                description = "With --coverage anchored: the anchor's weight among the nearest (default: ${DEFAULT-VALUE}).")
        double anchorWeight;

        @Option(names = "--anchor-cap", defaultValue = "0.2", paramLabel = "F",
                description = "With --coverage anchored: share above which the anchor's weight is cut (default: ${DEFAULT-VALUE}).")
        double anchorCap;

        @Override
        public Integer call() {
            for (String flag : List.of("--sources", "--grid", "--dims", "--patch", "--stride", "--scales", "--k", "--images")) {
                atLeast(flag, 1);
            }
            if (threads != null) atLeast("--threads", 1);
            if (warmup != null) atLeast("--warmup", 0);
            atLeast("--lockstep", 0);
            PrintWriter out = spec.commandLine().getOut();
            out.println(machine());
            out.println(run());
            out.flush();
            return 0;
        }

        private void atLeast(String flag, int min) {
            Object value = spec.findOption(flag).getValue();
            if (((Number) value).longValue() < min) {
                throw new CommandLine.ParameterException(spec.commandLine(), flag + " must be >= " + min + ", got " + value);
            }
        }

        /** The rest of the report, after the machine line; the last line is the throughput. */
        String run() {
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            int w = warmup != null ? warmup : Math.max(1, images / 2);
            StringBuilder report = new StringBuilder();
            // the anchor options are printed only when set, so the default config line is unchanged
            SamplerParams.AnchorLayout layout = io.latentpatch.planning.GenerationSpec.parseEnum(SamplerParams.AnchorLayout.class,
                    anchorLayout, "anchor layout");
            boolean face = layout.face();
            int regions = anchorRegions != null ? anchorRegions : face ? io.latentpatch.planning.GenerationSpec.DEFAULT_FACE_REGIONS : 1;
            String anchors = regions == 1 && !face && anchorWeight == 4 && anchorCap == 0.2 ? ""
                    : String.format(Locale.ROOT, " anchor-regions=%d%s anchor-weight=%s anchor-cap=%s", regions,
                    face ? " anchor-layout=" + io.latentpatch.planning.GenerationSpec.label(layout) : "", anchorWeight, anchorCap);
            report.append(String.format(Locale.ROOT, "config: sources=%d grid=%d dims=%d patch=%d stride=%d scales=%d k=%d coverage=%s images=%d warmup=%d seed=%d lockstep=%s split-steps=%s%s%n",
                    sources, grid, dims, patch, stride, scales, k, coverage, images, w, seed,
                    lockstep == 0 ? "auto" : Integer.toString(lockstep), splitSteps, anchors));
            report.append(String.format(Locale.ROOT, "jdk: %s %s (%s), vector lanes=%d%n", System.getProperty("java.vm.name"),
                    Runtime.version(), System.getProperty("os.arch"), DistanceKernels.LANES));
            report.append(String.format(Locale.ROOT, "threads: %d (available processors %d)%n", t, Runtime.getRuntime().availableProcessors()));

            SamplerParams params = SamplerParams.defaultsFor(Math.max(2, grid)).toBuilder()
                    .patch(patch).stride(stride).scales(scales).k(k)
                    .coverage(io.latentpatch.planning.GenerationSpec.parseEnum(SamplerParams.Coverage.class, coverage, "coverage"))
                    .anchorRegions(regions).anchorLayout(layout).anchorWeight(anchorWeight).anchorCap(anchorCap).build();
            params.validate(grid, sources);
            long t0 = System.nanoTime();
            SourceBank bank = SourceBank.forParams(randomGrids(sources, dims, grid, seed), null, null, params);
            long t1 = System.nanoTime();
            report.append(String.format(Locale.ROOT, "bank: %s, %.1f MB, built in %.0f ms%n", bank, bank.bytes() / 1e6, (t1 - t0) / 1e6));

            PatchSampler sampler = new PatchSampler(lockstep, splitSteps);
            GenerationRequest request = GenerationRequest.random();
            List<SampleResult> warm = sampler.sampleMany(bank, params, request, seed, 0, w, t);
            long start = System.nanoTime();
            List<SampleResult> out = sampler.sampleMany(bank, params, request, seed, w, images, t);
            long elapsed = System.nanoTime() - start;
            long checksum = 0;
            for (SampleResult s : out) checksum = checksum * 31 + s.provenanceAt(0, 0);
            report.append(String.format(Locale.ROOT, "warmup: %d images; measured: %d images in %.3f s (checksum %d)%n",
                    warm.size(), out.size(), elapsed / 1e9, checksum));
            double seconds = elapsed / 1e9;
            report.append(String.format(Locale.ROOT, "images_per_s=%.1f ms_per_image=%.4f", images / seconds, seconds * 1e3 / images));
            return report.toString();
        }

        /**
         * {@code machine: <CPU model> (<family/model, widest vector ISA>), <n> cores, <lanes> float lanes (<bits>-bit vectors,
         * Vector API preferred species)}: the CPU as {@code /proc/cpuinfo} names it, which says little on a VM ("AMD
         * EPYC"), so with its family, model and the widest SIMD extension its flags list.
         */
        static String machine() {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            String cpu = cpuModel(cpuinfo).orElse("unknown CPU (" + System.getProperty("os.arch") + ")");
            String details = cpuDetails(cpuinfo).map(d -> " (" + d + ")").orElse("");
            int lanes = FloatVector.SPECIES_PREFERRED.length();
            return String.format(Locale.ROOT, "machine: %s%s, %d cores, %d float lanes (%d-bit vectors, Vector API preferred species)",
                    cpu, details, Runtime.getRuntime().availableProcessors(), lanes, lanes * 32);
        }

        /** {@code family F model M, <AVX-512|AVX2|AVX|SSE4.2|NEON|…>} from the first processor of a /proc/cpuinfo; empty when unknown. */
        static Optional<String> cpuDetails(Path cpuinfo) {
            if (!Files.isReadable(cpuinfo)) return Optional.empty();
            String family = null;
            String model = null;
            String flags = null;
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                for (String l : (Iterable<String>) lines::iterator) {
                    int colon = l.indexOf(':');
                    if (colon < 0) {
                        if (l.isBlank() && flags != null) break;  // end of the first processor
                        continue;
                    }
                    String key = l.substring(0, colon).strip();
                    String value = l.substring(colon + 1).strip();
                    if (key.equals("cpu family") && family == null) family = value;
                    else if (key.equals("model") && model == null) model = value;
                    else if ((key.equals("flags") || key.equals("Features")) && flags == null) flags = " " + value + " ";
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                return Optional.empty();
            }
            List<String> parts = new java.util.ArrayList<>();
            if (family != null && model != null) parts.add("family " + family + " model " + model);
            if (flags != null) {
                String isa = flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : flags.contains(" avx ") ? "AVX"
                        : flags.contains(" sse4_2 ") ? "SSE4.2" : flags.contains(" sve ") ? "SVE" : flags.contains(" asimd ") ? "NEON" : null;
                if (isa != null) parts.add(isa);
            }
            return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
        }

        /** The first {@code model name} of a Linux {@code /proc/cpuinfo}; empty when absent or unreadable. */
        static Optional<String> cpuModel(Path cpuinfo) {
            if (!Files.isReadable(cpuinfo)) return Optional.empty();
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name") && l.indexOf(':') > 0)
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .filter(s -> !s.isEmpty())
                        .findFirst();
            } catch (IOException | java.io.UncheckedIOException e) {
                return Optional.empty();
            }
        }

        /** B Gaussian grids generated on demand (the bank reads each once), so the bench holds only the bank. */
        private static List<LatentGrid> randomGrids(int count, int dims, int grid, long seed) {
            return new AbstractList<>() {
                @Override
                public LatentGrid get(int b) {
                    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + b);
                    float[] d = new float[dims * grid * grid];
                    for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
                    return new LatentGrid(dims, grid, d);
                }

                @Override
                public int size() { return count; }
            };
        }
    }
}
