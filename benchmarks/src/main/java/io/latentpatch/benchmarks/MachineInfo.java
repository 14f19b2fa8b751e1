package io.latentpatch.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;

/** The machine a figure was measured on, printed by the benchmarks' setup so that every result names it. */
public final class MachineInfo {
    private MachineInfo() {}

    /** {@code os.arch}, the CPU model from /proc/cpuinfo, processors and the Vector API's preferred float lanes. */
    public static String describe() {
        return "machine: arch=" + System.getProperty("os.arch") + " cpu=\"" + cpuModel() + "\" processors="
                + Runtime.getRuntime().availableProcessors() + " float_lanes=" + FloatVector.SPECIES_PREFERRED.length()
                + " java=" + System.getProperty("java.vm.version");
    }

    /** Prints {@link #describe()} on its own line. */
    public static void print() {
        System.out.println();
        System.out.println(describe());
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
            return "unknown (no model name in /proc/cpuinfo)";
        } catch (IOException | RuntimeException e) {
            return "unknown (/proc/cpuinfo unreadable)";
        }
    }
}
