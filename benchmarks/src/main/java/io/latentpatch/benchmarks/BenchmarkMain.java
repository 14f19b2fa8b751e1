package io.latentpatch.benchmarks;

import io.latentpatch.core.sampler.DistanceKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The jar's entry point: prints the machine the figures belong to (CPU model, family and model, the widest
 * SIMD extension its flags list, cores, the Vector API's float lanes and vector width), then runs JMH
 * ({@code org.openjdk.jmh.Main}) with the same arguments.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println(machine());
        org.openjdk.jmh.Main.main(args);
    }

    /** {@code # machine: <model> (family F model M, <ISA>), <n> cores, <lanes> float lanes (<bits>-bit vectors)}. */
    static String machine() {
        String model = null;
        String family = null;
        String number = null;
        String flags = null;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = l.indexOf(':');
                if (colon < 0) {
                    if (l.isBlank() && flags != null) break;
                    continue;
                }
                String key = l.substring(0, colon).strip();
                String value = l.substring(colon + 1).strip();
                if (key.equals("model name") && model == null) model = value;
                else if (key.equals("cpu family") && family == null) family = value;
                else if (key.equals("model") && number == null) number = value;
                else if ((key.equals("flags") || key.equals("Features")) && flags == null) flags = " " + value + " ";
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the model stays unknown
        }
        List<String> details = new ArrayList<>();
        if (family != null && number != null) details.add("family " + family + " model " + number);
        if (flags != null) {
            details.add(flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : flags.contains(" avx ") ? "AVX"
                    : flags.contains(" asimd ") ? "NEON" : "no AVX");
        }
        return String.format(Locale.ROOT, "# machine: %s%s, %d cores, %d float lanes (%d-bit vectors, Vector API preferred species)",
                model == null ? "unknown CPU (" + System.getProperty("os.arch") + ")" : model,
                details.isEmpty() ? "" : " (" + String.join(", ", details) + ")",
                Runtime.getRuntime().availableProcessors(), DistanceKernels.LANES, DistanceKernels.LANES * 32);
    }
}
