package io.latentpatch.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line text progress bar on a terminal stream. Redraws in place with {@code \r} when the
 * stream is a console, otherwise prints a line per 10 % so logs stay readable.
 */
public final class ProgressBar implements io.latentpatch.generate.Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private String stage = "";
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** A bar on stderr that redraws in place when a console is attached. */
    public static ProgressBar onStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    /** A bar that prints nothing (tests, quiet mode). */
    public static ProgressBar silent() {
        return new ProgressBar(null, false);
    }

    @Override
    public synchronized void update(String stage, int done, int total) {
        if (out == null) return;
        int decile = total == 0 ? 10 : (int) (10L * done / total);
        boolean newStage = !stage.equals(this.stage);
        if (!interactive && !newStage && decile == lastDecile && done != total) return;
        this.stage = stage;
        this.lastDecile = decile;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String line = String.format(Locale.ROOT, "[%s] %3d/%-3d %-10s %6.1fs", bar, done, total, stage, seconds);
        if (interactive) {
            out.print("\r" + line);
            if (done == total) out.println();
        } else {
            out.println(line);
        }
        out.flush();
    }
}
