package io.latentpatch.core.bench;

import io.latentpatch.core.grid.LatentGrid;
import io.latentpatch.core.sampler.DistanceKernels;
import io.latentpatch.core.sampler.GenerationRequest;
import io.latentpatch.core.sampler.PatchSampler;
import io.latentpatch.core.sampler.SampleResult;
import io.latentpatch.core.sampler.SamplerParams;
import io.latentpatch.core.sampler.SourceBank;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of the fast sampler on a random bank of a given shape (Gaussian floats, seeded).
 *
 * <p>{@code --sources B --grid M --dims r --patch ω --stride w --scales S --k K --images N
 * [--threads T] [--seed S] [--warmup N] [--lockstep G] [--split-steps true|false]}. {@code --lockstep} and
 * {@code --split-steps} are the {@link PatchSampler} tuning knobs (results never depend on them). The last output line is exactly
 * {@code images_per_s=<number> ms_per_image=<number>}.
 */
public final class SamplerBench {
    static final String USAGE = "usage: bench sampler --sources B --grid M --dims r --patch ω --stride w --scales S --k K --images N"
            + " [--threads T (default: available processors)] [--seed S (default 1)] [--warmup N (default: images/2, at least 1)] [--lockstep G (default: automatic)] [--split-steps true|false (default false)]";

    private SamplerBench() {}

    public static void main(String[] args) {
        try {
            for (String line : run(args).split("\n")) System.out.println(line);
        } catch (IllegalArgumentException e) {
            System.err.println("bench sampler: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the benchmark and returns its report, one line per fact, the last one
     * {@code images_per_s=… ms_per_image=…}.
     *
     * @throws IllegalArgumentException with the usage text on a missing, unknown or malformed flag
     */
    public static String run(String... args) {
        Options o = Options.parse(args);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "config: sources=%d grid=%d dims=%d patch=%d stride=%d scales=%d k=%d images=%d warmup=%d seed=%d lockstep=%s split-steps=%s%n",
                o.sources, o.grid, o.dims, o.patch, o.stride, o.scales, o.k, o.images, o.warmup, o.seed,
                o.lockstep == 0 ? "auto" : Integer.toString(o.lockstep), o.splitSteps));
        report.append(String.format(Locale.ROOT, "jdk: %s %s (%s), vector lanes=%d%n", System.getProperty("java.vm.name"),
                Runtime.version(), System.getProperty("os.arch"), DistanceKernels.LANES));
        report.append(String.format(Locale.ROOT, "threads: %d (available processors %d)%n", o.threads, Runtime.getRuntime().availableProcessors()));

        SamplerParams params = SamplerParams.defaultsFor(Math.max(2, o.grid)).toBuilder()
                .patch(o.patch).stride(o.stride).scales(o.scales).k(o.k).build();
        params.validate(o.grid, o.sources);
        long t0 = System.nanoTime();
        SourceBank bank = SourceBank.forParams(randomGrids(o.sources, o.dims, o.grid, o.seed), null, null, params);
        long t1 = System.nanoTime();
        report.append(String.format(Locale.ROOT, "bank: %s, %.1f MB, built in %.0f ms%n", bank, bank.bytes() / 1e6, (t1 - t0) / 1e6));

        PatchSampler sampler = new PatchSampler(o.lockstep, o.splitSteps);
        GenerationRequest request = GenerationRequest.random();
        List<SampleResult> warm = sampler.sampleMany(bank, params, request, o.seed, 0, o.warmup, o.threads);
        long start = System.nanoTime();
        List<SampleResult> out = sampler.sampleMany(bank, params, request, o.seed, o.warmup, o.images, o.threads);
        long elapsed = System.nanoTime() - start;
        long checksum = 0;
        for (SampleResult s : out) checksum = checksum * 31 + s.provenanceAt(0, 0);
        report.append(String.format(Locale.ROOT, "warmup: %d images; measured: %d images in %.3f s (checksum %d)%n",
                warm.size(), out.size(), elapsed / 1e9, checksum));
        double seconds = elapsed / 1e9;
        report.append(String.format(Locale.ROOT, "images_per_s=%.1f ms_per_image=%.4f", o.images / seconds, seconds * 1e3 / o.images));
        return report.toString();
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

    private record Options(int sources, int grid, int dims, int patch, int stride, int scales, int k, int images,
                           int threads, long seed, int warmup, int lockstep, boolean splitSteps) {

        static Options parse(String[] args) {
            Integer sources = null, grid = null, dims = null, patch = null, stride = null, scales = null, k = null, images = null, warmup = null;
            int threads = Runtime.getRuntime().availableProcessors();
            int lockstep = 0;
            boolean splitSteps = false;
            long seed = 1;
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException("flag " + flag + " needs a value\n" + USAGE);
                String value = args[++i];
                switch (flag) {
                    case "--sources" -> sources = positive(flag, value);
                    case "--grid" -> grid = positive(flag, value);
                    case "--dims" -> dims = positive(flag, value);
                    case "--patch" -> patch = positive(flag, value);
                    case "--stride" -> stride = positive(flag, value);
                    case "--scales" -> scales = positive(flag, value);
                    case "--k" -> k = positive(flag, value);
                    case "--images" -> images = positive(flag, value);
                    case "--threads" -> threads = positive(flag, value);
                    case "--warmup" -> warmup = nonNegative(flag, value);
                    case "--lockstep" -> lockstep = nonNegative(flag, value);
                    case "--split-steps" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new IllegalArgumentException("--split-steps needs true or false, got '" + value + "'\n" + USAGE);
                        }
                        splitSteps = Boolean.parseBoolean(value);
                    }
                    case "--seed" -> {
                        try {
                            seed = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed needs an integer, got '" + value + "'\n" + USAGE);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
                }
            }
            if (sources == null) missing.add("--sources");
            if (grid == null) missing.add("--grid");
            if (dims == null) missing.add("--dims");
            if (patch == null) missing.add("--patch");
            if (stride == null) missing.add("--stride");
            if (scales == null) missing.add("--scales");
            if (k == null) missing.add("--k");
            if (images == null) missing.add("--images");
            if (!missing.isEmpty()) throw new IllegalArgumentException("missing " + String.join(", ", missing) + "\n" + USAGE);
            int w = warmup != null ? warmup : Math.max(1, images / 2);
            return new Options(sources, grid, dims, patch, stride, scales, k, images, threads, seed, w, lockstep, splitSteps);
        }

        private static int positive(String flag, String value) {
            int v = nonNegative(flag, value);
            if (v < 1) throw new IllegalArgumentException(flag + " must be >= 1, got " + value + "\n" + USAGE);
            return v;
        }

        private static int nonNegative(String flag, String value) {
            try {
                int v = Integer.parseInt(value);
                if (v < 0) throw new IllegalArgumentException(flag + " must be >= 0, got " + value + "\n" + USAGE);
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " needs a whole number, got '" + value + "'\n" + USAGE);
            }
        }
    }
}
