package io.latentpatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code latentpatch} command line in-process, capturing everything it prints. */
final class Cli {
    private Cli() {}

    /**
     * One finished run.
     *
     * @param exitCode what the launcher would exit with
     * @param out      standard output (what the commands print directly plus picocli's own output)
     * @param err      standard error, all of it (status line, progress, error message)
     * @param error    only what the error handler printed: the user-facing message or a stack trace
     */
    record Run(int exitCode, String out, String err, String error) {}

    /** Executes {@code args} as {@code LatentPatchCommand.main} would, without exiting. */
    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = LatentPatchCommand.commandLine();
            cl.setOut(new PrintWriter(cliOut, true));
            cl.setErr(new PrintWriter(cliErr, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        String stdout = out.toString(StandardCharsets.UTF_8) + cliOut;
        String stderr = err.toString(StandardCharsets.UTF_8) + cliErr;
        return new Run(code, stdout, stderr, cliErr.toString());
    }

    /** Runs {@code args} and fails with everything printed unless the exit code is 0. */
    static Run ok(String... args) {
        Run r = run(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("latentpatch " + String.join(" ", args) + " exited with " + r.exitCode()
                    + "\nstdout:\n" + r.out() + "\nstderr:\n" + r.err());
        }
        return r;
    }
}
