package io.latentpatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentpatch status ID}: the job's status document from the gateway. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Prints a job's status (state, progress, timings, links).")
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "Gateway URL (default: ${DEFAULT-VALUE}).")
    String gateway;

    @Override
    public Integer call() throws Exception {
        SubmitCommand.printStatus(new GatewayClient(gateway).status(jobId));
        return 0;
    }
}
