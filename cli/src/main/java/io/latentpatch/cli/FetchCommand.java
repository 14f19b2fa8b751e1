package io.latentpatch.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latentpatch fetch ID}: downloads a finished job's results. */
@Command(name = "fetch", mixinStandardHelpOptions = true, description = "Downloads a finished job's images, provenance and latents.")
final class FetchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID")
    String jobId;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key of the gateway (default: $LATENTPATCH_API_KEY; none for an open gateway).")
    String apiKey;

    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "Gateway URL (default: ${DEFAULT-VALUE}).")
    String gateway;

    @Option(names = "--out", defaultValue = "out/fetch", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        GatewayClient client = new GatewayClient(gateway, GatewayClient.apiKey(apiKey));
        var status = client.status(jobId);
        String state = JobWatcher.state(status);
        if (!state.equals("SUCCEEDED")) throw new IllegalArgumentException("job " + jobId + " is " + state + ", not SUCCEEDED; nothing to fetch yet");
        int count = JobWatcher.total(status);
        JobWatcher.download(client, jobId, count, out);
        System.out.println("wrote " + count + " images to " + out.toAbsolutePath().normalize());
        return 0;
    }
}
