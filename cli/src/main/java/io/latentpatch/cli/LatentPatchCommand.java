package io.latentpatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code latentpatch} command: entry point of the launcher script at the repository root. */
@Command(
        name = "latentpatch",
        mixinStandardHelpOptions = true,
        versionProvider = LatentPatchCommand.Version.class,
        description = "Few-shot image generation by copying latent patches (LatentPatch, ICIP 2023).",
        subcommands = {
            DemoCommand.class,
            GenerateCommand.class,
            EvaluateCommand.class,
            ReconstructCommand.class,
            UpCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            ScaleCommand.class,
            FetchCommand.class,
            KeysCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LatentPatchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LatentPatchCommand());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }

    /** Reads the version Maven filtered into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = LatentPatchCommand.class.getResourceAsStream("/latentpatch-version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {
                "latentpatch " + p.getProperty("version", "unknown"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }

    /** Turns expected failures (bad input, bad files) into one line on stderr and exit code 2; bugs keep their stack trace. */
    static final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
            if (UserErrors.isUserError(ex)) {
                cl.getErr().println("latentpatch: " + UserErrors.message(ex));
                return 2;
            }
            ex.printStackTrace(cl.getErr());
            return 1;
        }
    }
}
