package io.latentpatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentpatch status ID}: the job's status document from the gateway; {@code status --stack}: the local stack. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints a job's status (state, progress, timings, stalled stage, links), or with --stack the running",
                       "`latentpatch up` stack: replicas per stage, their state and restarts, each stage's consumer members and lag."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID", arity = "0..1")
    String jobId;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key of the gateway (default: $LATENTPATCH_API_KEY; none for an open gateway).")
    String apiKey;

    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "Gateway URL (default: ${DEFAULT-VALUE}).")
    String gateway;

    @Option(names = "--stack", description = "Show the local stack instead of a job.")
    boolean stack;

    @Option(names = "--data-dir", defaultValue = "var/local-stack", paramLabel = "DIR",
            description = "With --stack: the data directory of the running stack, where control.json is (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--control", paramLabel = "URL", description = "With --stack: the control endpoint (default: the URL in DATA-DIR/control.json).")
    String control;

    @Override
    public Integer call() throws Exception {
        if (stack) {
            StackControl.print(StackControl.locate(control, dataDir).stack(), System.out);
            return 0;
        }
        if (jobId == null) throw new IllegalArgumentException("give a JOB_ID, or --stack for the local stack");
        SubmitCommand.printStatus(new GatewayClient(gateway, GatewayClient.apiKey(apiKey)).status(jobId));
        return 0;
    }
}
