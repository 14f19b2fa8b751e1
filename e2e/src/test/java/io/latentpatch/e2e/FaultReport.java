package io.latentpatch.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of the fault-injection suite, one row per scenario, written as the Markdown table that
 * docs/reliability.md quotes ({@code e2e/target/reliability/faults.md}) and printed at the end of the run.
 */
final class FaultReport {
    /**
     * One scenario's outcome.
     *
     * @param trials     times the fault was injected
     * @param jobs       jobs that ran through it (all checked)
     * @param images     images those jobs asked for
     * @param lost       images of a SUCCEEDED job missing from its listing, plus images of jobs that never ended
     * @param duplicated images listed more than once, or progress counting past the total
     * @param corrupted  images (latent, provenance or PNG) not byte-identical to the fault-free run
     * @param failed     jobs that ended FAILED (each with its reason; expected only for poison)
     * @param recoverS   per trial: seconds from the fault's end to the next progress of its jobs
     * @param note       what the trials hit (stage, replica) and what the scenario promises
     */
    record Row(String scenario, int trials, int jobs, int images, int lost, int duplicated, int corrupted, int failed,
               List<Double> recoverS, String note) {
        String recoverText() {
            if (recoverS.isEmpty()) return "—";
            double max = recoverS.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double median = recoverS.stream().sorted().toList().get(recoverS.size() / 2);
            return recoverS.size() == 1 ? String.format(Locale.ROOT, "%.1f s", max)
                    : String.format(Locale.ROOT, "median %.1f s, max %.1f s", median, max);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Instant started = Instant.now();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println("[faults] " + line(row));
    }

    synchronized String markdown(String machine) {
        StringBuilder md = new StringBuilder();
        md.append("Run of ").append(started).append(" on ").append(machine).append("\n\n");
        md.append("| scenario | trials | jobs | images | lost | duplicated | corrupted | failed | time to recover | notes |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) md.append(line(r)).append('\n');
        return md.toString();
    }

    void write(Path file, String machine) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown(machine));
    }

    private static String line(Row r) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |", r.scenario(), r.trials(), r.jobs(),
                r.images(), r.lost(), r.duplicated(), r.corrupted(), r.failed(), r.recoverText(), r.note());
    }
}
